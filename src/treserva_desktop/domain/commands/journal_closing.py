"""Commands for closing a journal and printing it (W12), and for the HSL journal's gated
reading and disclosure (W13)."""

from __future__ import annotations

from treserva_desktop.domain.commands import Command
from treserva_desktop.domain.enums import DisclosureBasis


class CloseJournal(Command):
    """Arkiv › Avsluta journal: the journal as the window last read it."""

    journal_id: int
    expected_version: int


class PrintJournal(Command):
    """The whole journal as a document. An HSL journal printed by anyone but the unit's nurses,
    or for disclosure, names the disclosure basis recorded first (RecordDisclosure)."""

    journal_id: int
    for_disclosure: bool = False
    disclosure_id: int | None = None


class JournalOutput(Command):
    """Skriv ut / Spara som on the journal document: audited as a print or an export."""

    journal_id: int
    saved_to_file: bool = False


class OpenHslJournal(Command):
    """A verksamhetschef opens an HSL journal: why, and which licensed colleague (nurse,
    physiotherapist, occupational therapist or speech therapist) is present."""

    journal_id: int
    reason: str
    licensed_colleague: str


class RecordDisclosure(Command):
    """Before an HSL journal is printed for disclosure: the person's consent or a
    menprövning, with a note of how it was given or what it found."""

    journal_id: int
    basis: DisclosureBasis
    note: str
