"""Checklistor (W19): which of the manual's checklist items the data shows as done. Pure.

Each item is one ItemRule in RECEIVING_RULES or ENDING_RULES. A rule returns None when the
data cannot tell (the fact it needs is not gathered, e.g. a feature not built yet): the item
is then left out rather than shown with a tick nobody can trust. Adding an item is one rule
here and, if it needs a new fact, one field on ChecklistFacts filled by
db/queries/checklists.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from treserva_desktop.domain.enums import AssignmentStatus, ExecutionPhase, ExecutionStatus
from treserva_desktop.domain.rules import execution_phase
from treserva_desktop.domain.views.checklists import (
    ChecklistAction,
    ChecklistItemView,
    ChecklistKind,
    ChecklistView,
)


@dataclass(frozen=True, slots=True)
class AssignmentFacts:
    """The assignment the receiving list is about (dates are local calendar dates)."""

    id: int
    status: AssignmentStatus
    awaiting_distribution: bool
    read_on: date | None = None
    read_by: str = ""


@dataclass(frozen=True, slots=True)
class RowFacts:
    """One execution row of the person at the actor's units."""

    assignment_id: int
    unit_id: int
    unit_name: str
    status: ExecutionStatus
    start_date: date
    end_date: date | None
    acknowledged_on: date | None = None
    acknowledged_by: str = ""
    # The day the row's end was registered (Rätta/Avsluta, Återkalla, a provider change, a
    # closed boservice case); None for a row that ran out by itself or was never ended.
    ended_on: date | None = None


@dataclass(frozen=True, slots=True)
class InvoiceRecipientFacts:
    name: str
    has_postal_address: bool


@dataclass(frozen=True, slots=True)
class PlanFacts:
    """The person's genomförandeplan at the unit: when the open (or latest) one was
    established, if any, and whether one is still open."""

    established_on: date | None
    open: bool


@dataclass(frozen=True, slots=True)
class JournalFacts:
    """One of the person's genomförandejournaler at the unit's provider."""

    created_on: date
    closed: bool


@dataclass(frozen=True, slots=True)
class ContractFacts:
    """One of the person's housing contracts at the unit's provider."""

    start_date: date
    move_out_on: date | None


@dataclass(frozen=True, slots=True)
class ChecklistFacts:
    """Everything the rules look at, gathered in a few queries. `rows`: the person's rows at
    the unit the checklists are for; `assignment_rows`: the rows of `assignment` (at any of
    the actor's units, as it may be distributed to several sub-units)."""

    today: date
    assignment: AssignmentFacts | None = None
    assignment_rows: tuple[RowFacts, ...] = ()
    rows: tuple[RowFacts, ...] = ()
    billing_area: str | None = None
    invoice_recipient: InvoiceRecipientFacts | None = None
    open_service_cases_since: tuple[date, ...] = ()
    handlaggare_names: tuple[str, ...] = ()
    # The day of the newest message about the person to one of the handläggare; None: none.
    last_message_to_handlaggare_on: date | None = None
    # None: not known (no plans on this installation yet, or no unit): the plan items are
    # left out.
    plan: PlanFacts | None = None
    journals: tuple[JournalFacts, ...] = ()
    contracts: tuple[ContractFacts, ...] = ()


@dataclass(frozen=True, slots=True)
class Outcome:
    done: bool
    detail: str


Check = Callable[[ChecklistFacts], Outcome | None]


@dataclass(frozen=True, slots=True)
class ItemRule:
    key: str
    text: str
    action: ChecklistAction | None
    check: Check

    def evaluate(self, facts: ChecklistFacts) -> ChecklistItemView | None:
        outcome = self.check(facts)
        if outcome is None:
            return None
        return ChecklistItemView(self.key, self.text, outcome.done, outcome.detail, self.action)


ENDING_NOT_YET = (
    "Personen har pågående eller planerade insatser. Listan används när brukaren eller "
    "uppdraget avslutas."
)
NO_ASSIGNMENT = "Inget uppdrag till dina enheter finns för personen."
NOTHING_SENT = "Inga insatser är skickade till genomförande ännu."


def _by(who: str) -> str:
    return f" av {who}" if who else ""


def _live(rows: tuple[RowFacts, ...]) -> list[RowFacts]:
    return [row for row in rows if row.status is not ExecutionStatus.REVOKED]


def _read(facts: ChecklistFacts) -> Outcome:
    assignment = facts.assignment
    if assignment is None:
        return Outcome(False, NO_ASSIGNMENT)
    if assignment.read_on is None:
        return Outcome(False, "Uppdraget är inte läst.")
    return Outcome(True, f"Läst {assignment.read_on:%Y-%m-%d}{_by(assignment.read_by)}")


def _distributed(facts: ChecklistFacts) -> Outcome:
    assignment = facts.assignment
    if assignment is None:
        return Outcome(False, NO_ASSIGNMENT)
    rows = _live(facts.assignment_rows)
    waiting = [row for row in rows if row.status is ExecutionStatus.UNDER_DISTRIBUTION]
    if assignment.status is AssignmentStatus.RECEIVED:
        return Outcome(False, "Uppdraget är inte accepterat och fördelat.")
    if assignment.awaiting_distribution or waiting or not rows:
        count = len(waiting)
        text = "1 insats är" if count == 1 else f"{count} insatser är"
        detail = f"{text} under fördelning." if count else "Alla insatser är inte fördelade."
        return Outcome(False, detail)
    units = sorted({row.unit_name for row in rows})
    return Outcome(True, "Fördelat till " + ", ".join(units))


def _acknowledged(facts: ChecklistFacts) -> Outcome:
    if facts.assignment is None:
        return Outcome(False, NO_ASSIGNMENT)
    sent = [
        row
        for row in _live(facts.assignment_rows)
        if row.status is not ExecutionStatus.UNDER_DISTRIBUTION
    ]
    if not sent:
        return Outcome(False, NOTHING_SENT)
    waiting = [row for row in sent if row.status is not ExecutionStatus.ACKNOWLEDGED]
    if waiting:
        return Outcome(False, f"{len(waiting)} av {len(sent)} insatser väntar på kvittering.")
    last = max(sent, key=lambda row: row.acknowledged_on or date.min)
    when = f" {last.acknowledged_on:%Y-%m-%d}" if last.acknowledged_on else ""
    return Outcome(True, f"Kvitterat{when}{_by(last.acknowledged_by)}")


def _billing_area(facts: ChecklistFacts) -> Outcome:
    if facts.billing_area is None:
        return Outcome(False, "Debiteringsområde saknas.")
    return Outcome(True, f"Debiteringsområde: {facts.billing_area}")


def _invoice_recipient(facts: ChecklistFacts) -> Outcome:
    recipient = facts.invoice_recipient
    if recipient is None:
        return Outcome(False, "Ingen fakturamottagare är registrerad.")
    if not recipient.has_postal_address:
        return Outcome(False, f"Fakturamottagaren {recipient.name} saknar fullständig adress.")
    return Outcome(True, f"Fakturamottagare: {recipient.name}")


def current_rows(facts: ChecklistFacts) -> list[RowFacts]:
    """Planned or ongoing (not revoked) rows at the unit."""
    return [
        row
        for row in _live(facts.rows)
        if execution_phase(row.start_date, row.end_date, facts.today) is not ExecutionPhase.ENDED
    ]


def last_end(facts: ChecklistFacts) -> date | None:
    """The latest T.o.m. of the person's live rows at the unit, once every row has one."""
    rows = _live(facts.rows)
    if not rows or any(row.end_date is None for row in rows):
        return None
    return max(row.end_date for row in rows if row.end_date is not None)


def unended_rows(facts: ChecklistFacts) -> list[RowFacts]:
    """Planned or ongoing rows whose end nobody has registered: a row ended ahead of time
    (T.o.m. next Friday, set with Rätta/Avsluta) counts as ended for the checklist."""
    return [row for row in current_rows(facts) if row.ended_on is None]


def _told_since(facts: ChecklistFacts) -> date | None:
    """From when a message to the handläggare counts: the latest day a row's end was
    registered, or the end date of a row that ran out by itself; None while a row runs on."""
    rows = _live(facts.rows)
    if not rows or unended_rows(facts):
        return None
    return max(row.ended_on or row.end_date or facts.today for row in rows)


def _rows_ended(facts: ChecklistFacts) -> Outcome:
    rows = _live(facts.rows)
    if not rows:
        return Outcome(False, "Personen har inga insatser vid enheten.")
    unended = unended_rows(facts)
    if unended:
        if len(unended) == 1:
            return Outcome(False, "1 insats pågår eller är planerad.")
        return Outcome(False, f"{len(unended)} insatser pågår eller är planerade.")
    end = last_end(facts)
    if current_rows(facts):
        return Outcome(True, f"Alla insatser har slutdatum, den sista {end:%Y-%m-%d}")
    return Outcome(True, f"Alla insatser är avslutade, den sista {end:%Y-%m-%d}")


def _service_cases(facts: ChecklistFacts) -> Outcome:
    since = facts.open_service_cases_since
    if not since:
        return Outcome(True, "Inga öppna ärenden om boservice.")
    if len(since) == 1:
        return Outcome(False, f"Ärendet om boservice från {since[0]:%Y-%m-%d} är öppet.")
    return Outcome(False, f"{len(since)} ärenden om boservice är öppna.")


def _handlaggare_told(facts: ChecklistFacts) -> Outcome:
    if not facts.handlaggare_names:
        return Outcome(False, "Ingen handläggare är ansvarig för personens ärende.")
    names = ", ".join(facts.handlaggare_names)
    since = _told_since(facts)
    if since is None:
        return Outcome(False, f"Insatserna är inte avslutade ännu. Handläggare: {names}")
    told = facts.last_message_to_handlaggare_on
    if told is None or told < since:
        return Outcome(False, f"Inget meddelande till {names} sedan {since:%Y-%m-%d}.")
    return Outcome(True, f"Meddelande till {names} {told:%Y-%m-%d}")


def _plan_established(facts: ChecklistFacts) -> Outcome | None:
    plan = facts.plan
    if plan is None:
        return None
    if plan.established_on is None:
        return Outcome(False, "Ingen genomförandeplan är upprättad.")
    return Outcome(True, f"Genomförandeplan upprättad {plan.established_on:%Y-%m-%d}")


def _plan_ended(facts: ChecklistFacts) -> Outcome | None:
    plan = facts.plan
    if plan is None:
        return None
    if plan.open:
        return Outcome(False, "Genomförandeplanen är inte avslutad.")
    if plan.established_on is None:
        return Outcome(True, "Ingen genomförandeplan att avsluta.")
    return Outcome(True, "Genomförandeplanen är avslutad.")


def _journal_created(facts: ChecklistFacts) -> Outcome:
    if not facts.journals:
        return Outcome(False, "Ingen genomförandejournal är skapad.")
    first = min(journal.created_on for journal in facts.journals)
    return Outcome(True, f"Genomförandejournal skapad {first:%Y-%m-%d}")


def _journals_closed(facts: ChecklistFacts) -> Outcome:
    if not facts.journals:
        return Outcome(True, "Ingen genomförandejournal att avsluta.")
    open_journals = sum(1 for journal in facts.journals if not journal.closed)
    if open_journals == 1:
        return Outcome(False, "1 genomförandejournal är inte avslutad (Avsluta journal).")
    if open_journals:
        return Outcome(
            False, f"{open_journals} genomförandejournaler är inte avslutade (Avsluta journal)."
        )
    return Outcome(True, "Genomförandejournalerna är avslutade och utskrivna.")


def _contracts_ended(facts: ChecklistFacts) -> Outcome:
    if not facts.contracts:
        return Outcome(True, "Inga boendekontrakt.")
    unended = [c for c in facts.contracts if c.move_out_on is None]
    if len(unended) == 1:
        return Outcome(False, "1 boendekontrakt saknar utflyttningsdatum.")
    if unended:
        return Outcome(False, f"{len(unended)} boendekontrakt saknar utflyttningsdatum.")
    last = max(c.move_out_on for c in facts.contracts if c.move_out_on is not None)
    return Outcome(True, f"Boendekontrakten är uppsagda, den sista utflyttningen {last:%Y-%m-%d}")


RECEIVING_RULES: tuple[ItemRule, ...] = (
    ItemRule("read", "Läs uppdrag", ChecklistAction.READ_ASSIGNMENT, _read),
    ItemRule(
        "distributed",
        "Fördela ut uppdraget till underenhet",
        ChecklistAction.DISTRIBUTE,
        _distributed,
    ),
    ItemRule(
        "journal_created",
        "Skapa genomförandejournal",
        ChecklistAction.DOCUMENTS,
        _journal_created,
    ),
    ItemRule("acknowledged", "Kvittera uppdraget", ChecklistAction.ACKNOWLEDGE, _acknowledged),
    ItemRule(
        "billing_area",
        "Kontrollera debiteringsområde",
        ChecklistAction.BILLING_AREA,
        _billing_area,
    ),
    ItemRule(
        "invoice_recipient",
        "Kontrollera relationer/fakturamottagare",
        ChecklistAction.RELATIONS,
        _invoice_recipient,
    ),
)

ENDING_RULES: tuple[ItemRule, ...] = (
    ItemRule(
        "plan_established",
        "Genomförandeplan upprättad",
        ChecklistAction.PLANS,
        _plan_established,
    ),
    ItemRule("plan_ended", "Avsluta genomförandeplan", ChecklistAction.PLANS, _plan_ended),
    ItemRule(
        "documents_ended",
        "Avsluta och skriv ut dokument",
        ChecklistAction.DOCUMENTS,
        _journals_closed,
    ),
    ItemRule("rows_ended", "Avsluta insatser", ChecklistAction.INTERVENTIONS, _rows_ended),
    ItemRule(
        "contracts_ended",
        "Avsluta eventuella boendekontrakt",
        ChecklistAction.HOUSING,
        _contracts_ended,
    ),
    ItemRule(
        "service_cases_closed",
        "Avsluta eventuella ärenden om boservice",
        ChecklistAction.SERVICE_CASES,
        _service_cases,
    ),
    ItemRule(
        "handlaggare_told",
        "Meddela handläggare om avslut av insatser",
        ChecklistAction.MESSAGE_HANDLAGGARE,
        _handlaggare_told,
    ),
)

RULES: dict[ChecklistKind, tuple[ItemRule, ...]] = {
    ChecklistKind.RECEIVING: RECEIVING_RULES,
    ChecklistKind.ENDING: ENDING_RULES,
}


def checklist(kind: ChecklistKind, facts: ChecklistFacts) -> ChecklistView:
    """The list's items the data can tell, in the manual's order."""
    shown: list[ChecklistItemView] = []
    unknown: list[str] = []
    for rule in RULES[kind]:
        item = rule.evaluate(facts)
        if item is None:
            unknown.append(rule.text)
        else:
            shown.append(item)
    note = ENDING_NOT_YET if kind is ChecklistKind.ENDING and unended_rows(facts) else ""
    return ChecklistView(kind, tuple(shown), note, not_shown=tuple(unknown))
