"""Commands for correcting a locked journal note (W7): the selected range, the new text and
why."""

from __future__ import annotations

from pydantic import ConfigDict

from treserva_desktop.domain.commands import Command


class CorrectEntry(Command):
    """Rätta anteckning: replace the selected characters of a locked note, counted from 1
    (first_char) to last_char inclusive — body[first_char - 1 : last_char] — as every int of
    a command is at least 1. The text is kept as typed (spaces at the edges of a selection
    are part of it)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)

    entry_id: int
    first_char: int
    last_char: int
    replacement: str
    reason: str

    @property
    def start_offset(self) -> int:
        return self.first_char - 1

    @property
    def end_offset(self) -> int:
        return self.last_char

    @classmethod
    def of_range(
        cls, entry_id: int, start: int, end: int, replacement: str, reason: str
    ) -> CorrectEntry:
        """The command for the 0-based range [start, end) of the body (a text cursor's)."""
        return cls(
            entry_id=entry_id,
            first_char=start + 1,
            last_char=end,
            replacement=replacement,
            reason=reason,
        )
