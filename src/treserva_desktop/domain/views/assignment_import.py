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
class ImportReport:
    records: int
    persons_created: int
    persons_existing: int
    assignment_ids: tuple[int, ...]
    notified_user_ids: tuple[int, ...] = ()

    @property
    def summary(self) -> str:
        return (
            f"{self.records} uppdrag importerade ({self.persons_created} nya personer, "
            f"{self.persons_existing} befintliga)."
        )
