"""Read models for the assignment import: its problems and its report."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One error in an import file, e.g. location "post 57, insatser[1].timmar"."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass(frozen=True, slots=True)
class DuplicateRecord:
    """A record whose uppdrag_id an earlier import already brought in: skipped."""

    number: int
    external_id: str

    def __str__(self) -> str:
        return f"post {self.number}, uppdrag_id {self.external_id}: importerat tidigare"


@dataclass(frozen=True, slots=True)
class ImportReport:
    records: int
    persons_created: int
    persons_existing: int
    assignment_ids: tuple[int, ...]
    notified_user_ids: tuple[int, ...] = ()
    duplicates: tuple[DuplicateRecord, ...] = ()

    @property
    def summary(self) -> str:
        """What was imported, then each record skipped as imported before, one per line."""
        lines = [
            f"{self.records} uppdrag importerade ({self.persons_created} nya personer, "
            f"{self.persons_existing} befintliga)."
        ]
        if self.duplicates:
            lines.append(
                f"{len(self.duplicates)} uppdrag fanns redan från en tidigare import och "
                "importerades inte igen:"
            )
            lines += [str(duplicate) for duplicate in self.duplicates]
        return "\n".join(lines)
