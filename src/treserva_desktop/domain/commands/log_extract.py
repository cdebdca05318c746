"""Commands for the log extract (PDL logguttag): who accessed a person's records."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from treserva_desktop.domain.commands import Command
from treserva_desktop.domain.field_lengths import IDENTITY_INPUT_LENGTH


class ProduceLogExtract(Command):
    """Logguttag for one person and period (both days included). A verksamhetschef names the
    person chosen in the tree (person_id); a systemadministratör, who sees no person records,
    gives the identity number instead."""

    person_id: int | None = None
    identity_number: str = Field(default="", max_length=IDENTITY_INPUT_LENGTH)
    period_start: date
    period_end: date


class LogExtractOutput(Command):
    """Skriv ut / Spara som on a produced extract: audited as a print or an export."""

    person_id: int
    saved_to_file: bool = False
