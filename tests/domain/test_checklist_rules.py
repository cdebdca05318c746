"""Checklistor rules: each item done and not done from the facts alone; items the data cannot
tell are left out, never ticked."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from treserva_desktop.domain import checklist_rules as rules
from treserva_desktop.domain.checklist_rules import (
    AssignmentFacts,
    ChecklistFacts,
    InvoiceRecipientFacts,
    ItemRule,
    Outcome,
    PlanFacts,
    RowFacts,
    checklist,
)
from treserva_desktop.domain.enums import AssignmentStatus, ExecutionStatus
from treserva_desktop.domain.views.checklists import ChecklistAction, ChecklistKind

TODAY = date(2026, 12, 2)
ACCEPTED = AssignmentFacts(7, AssignmentStatus.ACCEPTED, awaiting_distribution=False)


def row(status: ExecutionStatus, **values: object) -> RowFacts:
    defaults: dict[str, object] = {
        "assignment_id": 7,
        "unit_id": 3,
        "unit_name": "Norr grupp 1",
        "status": status,
        "start_date": date(2026, 11, 1),
        "end_date": None,
    }
    defaults.update(values)
    return RowFacts(**defaults)  # type: ignore[arg-type]


def items(kind: ChecklistKind, facts: ChecklistFacts) -> dict[str, tuple[bool, str]]:
    return {item.key: (item.done, item.detail) for item in checklist(kind, facts).items}


def receiving(facts: ChecklistFacts) -> dict[str, tuple[bool, str]]:
    return items(ChecklistKind.RECEIVING, facts)


def ending(facts: ChecklistFacts) -> dict[str, tuple[bool, str]]:
    return items(ChecklistKind.ENDING, facts)


def test_the_lists_hold_the_items_the_data_can_tell_in_the_manuals_order() -> None:
    facts = ChecklistFacts(today=TODAY)
    assert list(receiving(facts)) == [
        "read",
        "distributed",
        "journal_created",
        "acknowledged",
        "billing_area",
        "invoice_recipient",
    ]
    assert list(ending(facts)) == [
        "documents_ended",
        "rows_ended",
        "contracts_ended",
        "service_cases_closed",
        "handlaggare_told",
    ]
    # What the data cannot tell is named, not ticked: the plans without a unit.
    assert checklist(ChecklistKind.RECEIVING, facts).not_shown == ()
    assert checklist(ChecklistKind.ENDING, facts).not_shown == (
        "Genomförandeplan upprättad",
        "Avsluta genomförandeplan",
    )


def test_journals_and_contracts_from_the_data() -> None:
    none = ChecklistFacts(today=TODAY)
    assert receiving(none)["journal_created"] == (False, "Ingen genomförandejournal är skapad.")
    assert ending(none)["documents_ended"] == (True, "Ingen genomförandejournal att avsluta.")
    assert ending(none)["contracts_ended"] == (True, "Inga boendekontrakt.")
    kept = replace(
        none,
        journals=(
            rules.JournalFacts(date(2026, 11, 4), closed=False),
            rules.JournalFacts(date(2026, 11, 2), closed=True),
        ),
        contracts=(
            rules.ContractFacts(date(2026, 1, 1), move_out_on=date(2026, 11, 30)),
            rules.ContractFacts(date(2026, 12, 1), move_out_on=None),
        ),
    )
    assert receiving(kept)["journal_created"] == (True, "Genomförandejournal skapad 2026-11-02")
    assert ending(kept)["documents_ended"] == (
        False,
        "1 genomförandejournal är inte avslutad (Avsluta journal).",
    )
    assert ending(kept)["contracts_ended"] == (False, "1 boendekontrakt saknar utflyttningsdatum.")
    closed = replace(
        kept,
        journals=tuple(replace(j, closed=True) for j in kept.journals),
        contracts=(kept.contracts[0],),
    )
    assert ending(closed)["documents_ended"] == (
        True,
        "Genomförandejournalerna är avslutade och utskrivna.",
    )
    assert ending(closed)["contracts_ended"] == (
        True,
        "Boendekontrakten är uppsagda, den sista utflyttningen 2026-11-30",
    )


def test_without_an_assignment_nothing_about_it_is_ticked() -> None:
    result = receiving(ChecklistFacts(today=TODAY))
    for key in ("read", "distributed", "acknowledged"):
        assert result[key] == (False, rules.NO_ASSIGNMENT)


def test_read_says_when_and_by_whom() -> None:
    unread = ChecklistFacts(today=TODAY, assignment=ACCEPTED)
    assert receiving(unread)["read"] == (False, "Uppdraget är inte läst.")
    read = replace(
        unread,
        assignment=replace(ACCEPTED, read_on=date(2026, 11, 30), read_by="Anna Svensson"),
    )
    assert receiving(read)["read"] == (True, "Läst 2026-11-30 av Anna Svensson")


def test_distributed_needs_every_intervention_out_of_distribution() -> None:
    received = ChecklistFacts(
        today=TODAY, assignment=replace(ACCEPTED, status=AssignmentStatus.RECEIVED)
    )
    assert not receiving(received)["distributed"][0]
    waiting = ChecklistFacts(
        today=TODAY,
        assignment=replace(ACCEPTED, awaiting_distribution=True),
        assignment_rows=(row(ExecutionStatus.UNDER_DISTRIBUTION),),
    )
    assert receiving(waiting)["distributed"] == (False, "1 insats är under fördelning.")
    done = replace(
        waiting,
        assignment=ACCEPTED,
        assignment_rows=(
            row(ExecutionStatus.SENT_TO_EXECUTION),
            row(ExecutionStatus.ACKNOWLEDGED, unit_name="Norr grupp 2"),
            row(ExecutionStatus.REVOKED, unit_name="Söder"),
        ),
    )
    assert receiving(done)["distributed"] == (True, "Fördelat till Norr grupp 1, Norr grupp 2")


def test_acknowledged_when_every_row_sent_to_execution_is_kvitterad() -> None:
    facts = ChecklistFacts(
        today=TODAY,
        assignment=ACCEPTED,
        assignment_rows=(
            row(ExecutionStatus.SENT_TO_EXECUTION),
            row(
                ExecutionStatus.ACKNOWLEDGED,
                acknowledged_on=date(2026, 12, 1),
                acknowledged_by="Per Personal",
            ),
        ),
    )
    assert receiving(facts)["acknowledged"] == (False, "1 av 2 insatser väntar på kvittering.")
    both = replace(
        facts,
        assignment_rows=tuple(
            replace(r, status=ExecutionStatus.ACKNOWLEDGED) for r in facts.assignment_rows
        ),
    )
    assert receiving(both)["acknowledged"] == (True, "Kvitterat 2026-12-01 av Per Personal")
    nothing_sent = replace(facts, assignment_rows=(row(ExecutionStatus.UNDER_DISTRIBUTION),))
    assert not receiving(nothing_sent)["acknowledged"][0]


def test_billing_area_and_invoice_recipient() -> None:
    facts = ChecklistFacts(today=TODAY)
    assert receiving(facts)["billing_area"] == (False, "Debiteringsområde saknas.")
    assert receiving(facts)["invoice_recipient"][0] is False
    filled = replace(
        facts,
        billing_area="HT-N Hemtjänst Norr",
        invoice_recipient=InvoiceRecipientFacts("Karin Ek", has_postal_address=True),
    )
    assert receiving(filled)["billing_area"] == (True, "Debiteringsområde: HT-N Hemtjänst Norr")
    assert receiving(filled)["invoice_recipient"] == (True, "Fakturamottagare: Karin Ek")
    no_address = replace(filled, invoice_recipient=InvoiceRecipientFacts("Karin Ek", False))
    assert receiving(no_address)["invoice_recipient"][0] is False


def test_rows_ended_when_nothing_is_planned_or_ongoing() -> None:
    ongoing = ChecklistFacts(today=TODAY, rows=(row(ExecutionStatus.ACKNOWLEDGED),))
    assert ending(ongoing)["rows_ended"] == (False, "1 insats pågår eller är planerad.")
    assert checklist(ChecklistKind.ENDING, ongoing).note == rules.ENDING_NOT_YET
    planned = replace(
        ongoing,
        rows=(row(ExecutionStatus.ACKNOWLEDGED, start_date=date(2027, 1, 1)),) * 2,
    )
    assert ending(planned)["rows_ended"] == (False, "2 insatser pågår eller är planerade.")
    ended = replace(
        ongoing,
        rows=(
            row(ExecutionStatus.ACKNOWLEDGED, end_date=date(2026, 11, 30)),
            row(ExecutionStatus.ACKNOWLEDGED, end_date=date(2026, 11, 20)),
            row(ExecutionStatus.REVOKED),
        ),
    )
    assert ending(ended)["rows_ended"] == (
        True,
        "Alla insatser är avslutade, den sista 2026-11-30",
    )
    assert checklist(ChecklistKind.ENDING, ended).note == ""
    assert ending(ChecklistFacts(today=TODAY))["rows_ended"][0] is False


def test_service_cases_closed_unless_one_is_open() -> None:
    assert ending(ChecklistFacts(today=TODAY))["service_cases_closed"][0] is True
    open_case = ChecklistFacts(today=TODAY, open_service_cases_since=(date(2026, 1, 5),))
    assert ending(open_case)["service_cases_closed"] == (
        False,
        "Ärendet om boservice från 2026-01-05 är öppet.",
    )


def test_handlaggare_told_by_a_message_on_or_after_the_last_end() -> None:
    ended = ChecklistFacts(
        today=TODAY,
        rows=(row(ExecutionStatus.ACKNOWLEDGED, end_date=date(2026, 11, 30)),),
        handlaggare_names=("Hans Handläggare",),
    )
    assert ending(ended)["handlaggare_told"] == (
        False,
        "Inget meddelande till Hans Handläggare sedan 2026-11-30.",
    )
    before = replace(ended, last_message_to_handlaggare_on=date(2026, 11, 29))
    assert ending(before)["handlaggare_told"][0] is False
    on_the_day = replace(ended, last_message_to_handlaggare_on=date(2026, 11, 30))
    assert ending(on_the_day)["handlaggare_told"] == (
        True,
        "Meddelande till Hans Handläggare 2026-11-30",
    )
    still_going = replace(on_the_day, rows=(row(ExecutionStatus.ACKNOWLEDGED),))
    assert ending(still_going)["handlaggare_told"][0] is False
    nobody = replace(on_the_day, handlaggare_names=())
    assert ending(nobody)["handlaggare_told"][0] is False


def test_a_row_ended_ahead_of_time_counts_from_the_day_its_end_was_registered() -> None:
    """Rätta/Avsluta with T.o.m. next Friday, and the handläggare told the same day (W8)."""
    ends_friday = row(
        ExecutionStatus.ACKNOWLEDGED, end_date=date(2026, 12, 4), ended_on=date(2026, 12, 2)
    )
    facts = ChecklistFacts(
        today=TODAY,
        rows=(ends_friday,),
        handlaggare_names=("Hans Handläggare",),
        last_message_to_handlaggare_on=TODAY,
    )
    result = ending(facts)
    assert result["rows_ended"] == (True, "Alla insatser har slutdatum, den sista 2026-12-04")
    assert result["handlaggare_told"] == (True, "Meddelande till Hans Handläggare 2026-12-02")
    assert checklist(ChecklistKind.ENDING, facts).note == ""
    # A message before the end was registered does not count.
    earlier = replace(facts, last_message_to_handlaggare_on=date(2026, 12, 1))
    assert ending(earlier)["handlaggare_told"][0] is False
    # A row with a T.o.m. nobody registered as an ending (a fixed period) still runs.
    fixed_period = replace(facts, rows=(replace(ends_friday, ended_on=None),))
    assert ending(fixed_period)["rows_ended"] == (False, "1 insats pågår eller är planerad.")
    assert ending(fixed_period)["handlaggare_told"][0] is False


def test_an_item_the_data_cannot_tell_is_left_out(monkeypatch) -> None:
    """Adding an item is one rule; one that answers None (its fact not gathered) is hidden."""
    unknown = ItemRule("plan", "Genomförandeplan upprättad", None, lambda _facts: None)
    known = ItemRule(
        "always", "Alltid", ChecklistAction.RELATIONS, lambda _facts: Outcome(True, "ok")
    )
    monkeypatch.setitem(rules.RULES, ChecklistKind.ENDING, (unknown, known))
    view = checklist(ChecklistKind.ENDING, ChecklistFacts(today=TODAY))
    assert [item.key for item in view.items] == ["always"]
    assert view.not_shown == ("Genomförandeplan upprättad",)
    assert view.done_count == 1


def test_plan_items_only_when_the_plans_are_known() -> None:
    unknown = ChecklistFacts(today=TODAY)
    assert "plan_established" not in ending(unknown)
    assert "plan_ended" not in ending(unknown)
    missing = replace(unknown, plan=PlanFacts(established_on=None, open=False))
    assert ending(missing)["plan_established"] == (False, "Ingen genomförandeplan är upprättad.")
    assert ending(missing)["plan_ended"][0] is True
    open_plan = replace(unknown, plan=PlanFacts(established_on=date(2026, 11, 3), open=True))
    assert ending(open_plan)["plan_established"] == (
        True,
        "Genomförandeplan upprättad 2026-11-03",
    )
    assert ending(open_plan)["plan_ended"] == (False, "Genomförandeplanen är inte avslutad.")
    assert list(ending(open_plan))[:2] == ["plan_established", "plan_ended"]
    assert "Genomförandeplan upprättad" not in checklist(ChecklistKind.ENDING, open_plan).not_shown
