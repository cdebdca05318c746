"""Read model of a log extract (PDL logguttag): one row per access to a person's records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

LOG_EXTRACT_TITLE = "Logguttag"


@dataclass(frozen=True, slots=True)
class LogExtractRow:
    """One audit event, in words: when (local time), who in which role, from which unit,
    what was done with what, and why where a reason was recorded."""

    occurred_at: datetime
    user_name: str
    role_label: str
    unit_name: str
    action_label: str
    entity_label: str
    reason: str


@dataclass(frozen=True, slots=True)
class LogExtractView:
    person_id: int
    person_name: str
    identity_label: str
    identity_display: str
    is_test_data: bool
    period_start: date
    period_end: date
    produced_by_name: str
    produced_at: datetime
    rows: tuple[LogExtractRow, ...]


_ACTION_LABELS = {
    "read_person": "Läste",
    "read_assignment": "Läste",
    "read_journal": "Läste",
    "create": "Registrerade",
    "update": "Ändrade",
    "print": "Skrev ut",
    "export": "Sparade till fil",
}

_ENTITY_LABELS = {
    "person": "personuppgifter",
    "assignment": "uppdrag",
    "case": "ärende",
    "decision": "beslut",
    "execution": "verkställighet",
    "implementation_plan": "genomförandeplan",
    "message": "meddelande",
    "my_person": "Mina personer",
    "relation": "relation",
    "not_current_removal": "Ej aktuella – att avsluta",
    "provider_change_unit": "byte av utförare",
    "journal": "journal",
    "journal_entry": "journalanteckning",
    "journal_correction": "rättning av journalanteckning",
    "hsl_opening": "HSL-journal",
    "journal_disclosure": "utlämnande av journal",
    "log_extract": "logguttag",
}

# Where a read happened (the audit details' "view" code), in the extract's words.
_VIEW_LABELS = {
    "search": "sökträff",
    "identity_lookup": "sökning på personnummer",
    "record": "personakt",
    "overview": "översikt",
    "history": "historik",
    "unit_persons": "enhetens personlista",
    "my_persons": "Mina personer",
    "new_assignments": "Nya uppdrag",
    "genomforande_new_assignments": "Genomförande",
    "not_current": "Ej aktuella – att avsluta",
    "document": "dokument",
    "checklists": "checklistor",
    "message": "meddelande",
    "distribution": "fördelning",
    "interventions": "insatser",
    "service_cases": "boserviceärenden",
    "waiting_assignments": "väntande uppdrag",
}


def action_label(action: str) -> str:
    """The audit action in words (the code itself for one the extract does not know)."""
    return _ACTION_LABELS.get(action, action)


def entity_label(entity_type: str, view: str | None = None) -> str:
    """What was accessed, with where it was seen when the event says."""
    label = _ENTITY_LABELS.get(entity_type, entity_type)
    where = _VIEW_LABELS.get(view or "")
    return f"{label} ({where})" if where else label
