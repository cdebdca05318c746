"""A service that says which ids it touched (`@changes(..., touches=...)`) says exactly the
ids of the rows it wrote: run in the assignment world, the rows its flushes wrote are
compared with what it declares, scope by scope. A scope it leaves unknown (None) is not
compared: the views treat it as everything."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session, object_session
from tests.helpers.assignment_world import PERIOD_END, TODAY, World
from tests.services.test_change_declarations import SERVICES

from treserva_desktop.db.models import (
    Assignment,
    Execution,
    HousingContract,
    ImplementationPlan,
    Journal,
    JournalCorrection,
    JournalEntry,
    Message,
    MessageRecipient,
    MyPerson,
    NotCurrentRemoval,
    Person,
    PersonChange,
)
from treserva_desktop.domain.changes import (
    ChangeKind,
    ChangeSet,
    Touched,
    change_set_of,
    changes_of,
    declared_touches,
    touched_by,
)
from treserva_desktop.domain.commands import MarkMessageRead
from treserva_desktop.domain.commands.authority import RegisterPerson
from treserva_desktop.domain.commands.distribution import RegisterExecution, StopAssignment
from treserva_desktop.domain.commands.executions import EndExecution, RevokeExecution
from treserva_desktop.domain.commands.genomforande import (
    AcknowledgeAssignment,
    RemoveFromMyPersons,
    UndoAcknowledgement,
)
from treserva_desktop.domain.commands.inbox import ReplyToMessage, SendMessage
from treserva_desktop.domain.commands.not_current import (
    RemoveFromNotCurrent,
    ShowAgainInNotCurrent,
)
from treserva_desktop.domain.commands.persons import UpdateContact
from treserva_desktop.domain.commands.reading import AssignmentRef
from treserva_desktop.domain.commands.service_case import (
    CloseServiceCase,
    OpenServiceCase,
    ServiceItem,
)
from treserva_desktop.domain.enums import TimePer
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.genomforande import AcknowledgeResult
from treserva_desktop.services import (
    authority,
    distribution,
    executions,
    genomforande,
    inbox,
    not_current,
    persons,
    reading,
    service_case,
)

Scope = str
SCOPES: tuple[Scope, ...] = ("units", "persons", "assignments", "messages")


@dataclass
class Written:
    """The ids of the rows one call's flushes inserted or updated, by scope."""

    ids: dict[Scope, set[int]] = field(default_factory=lambda: {scope: set() for scope in SCOPES})
    # Assignment rows themselves (not only rows below one): Nya uppdrag refreshes by them.
    assignment_rows: set[int] = field(default_factory=set)

    def add(self, obj: object) -> None:
        ids = self.ids
        if isinstance(obj, Execution):
            ids["units"].add(obj.unit_id)
            ids["persons"].add(obj.person_id)
            ids["assignments"].add(obj.assignment_id)
        elif isinstance(obj, Assignment):
            ids["persons"].add(obj.person_id)
            ids["assignments"].add(obj.id)
            self.assignment_rows.add(obj.id)
        elif isinstance(obj, Person):
            ids["persons"].add(obj.id)
        elif isinstance(
            obj,
            PersonChange
            | MyPerson
            | ImplementationPlan
            | NotCurrentRemoval
            | Journal
            | HousingContract,
        ):
            ids["persons"].add(obj.person_id)
        elif isinstance(obj, JournalEntry | JournalCorrection):
            session = object_session(obj)
            assert session is not None
            entry_id = obj.entry_id if isinstance(obj, JournalCorrection) else obj.id
            entry = session.get(JournalEntry, entry_id)
            journal = session.get(Journal, entry.journal_id) if entry is not None else None
            assert journal is not None
            ids["persons"].add(journal.person_id)
        elif isinstance(obj, Message):
            ids["messages"].add(obj.id)
        elif isinstance(obj, MessageRecipient):
            ids["messages"].add(obj.message_id)


@contextmanager
def recording(session: Session) -> Iterator[Written]:
    written = Written()

    def after_flush(flushed: Session, _context: object) -> None:
        # Still the pre-flush sets here, with the ids the flush assigned; a deleted row
        # (Mina personer) is written too.
        for obj in [*flushed.new, *flushed.dirty, *flushed.deleted]:
            if flushed.is_modified(obj) or obj in flushed.new or obj in flushed.deleted:
                written.add(obj)

    event.listen(session, "after_flush", after_flush)
    try:
        yield written
    finally:
        event.remove(session, "after_flush", after_flush)


def run_recorded(
    world: World, fn: Callable[[Session, Any, Any], Any], username: str, command: object
) -> tuple[Any, Written]:
    actor: Actor = world.actor(username)
    with world.db.transaction() as session, recording(session) as written:
        result = fn(session, actor, command)
        session.flush()
    return result, written


def assert_consistent(
    fn: object,
    command: object,
    result: object,
    written: Written,
    *,
    exact: bool = True,
    skip: frozenset[Scope] = frozenset(),
) -> Touched:
    """Every id written is declared; with `exact`, nothing more is declared either. A scope
    in `skip` is checked by a test of its own."""
    touched = touched_by(fn, command, result)
    for scope in SCOPES:
        if scope in skip:
            continue
        declared = getattr(touched, scope)
        if declared is None:
            continue
        if exact:
            assert set(declared) == written.ids[scope], (scope, declared, written.ids[scope])
        else:
            assert written.ids[scope] <= set(declared), (scope, declared, written.ids[scope])
    return touched


# -- one case per `touches` declaration -------------------------------------------------------


def _distribute(world: World) -> tuple[Any, object, Any, Written]:
    sent = world.send_billable()
    command = world.distribute_command(sent)
    return (
        distribution.distribute_intervention,
        command,
        *run_recorded(world, distribution.distribute_intervention, "gruppchef", command),
    )


def _register(world: World) -> tuple[Any, object, Any, Written]:
    sent = world.send_billable()
    first = world.distribute(sent, to_execution=False)
    with world.db.read() as session:
        version = session.scalar(
            select(Execution.version).where(Execution.id == first.execution_id)
        )
    assert version is not None
    command = RegisterExecution(
        execution_id=first.execution_id,
        hours=Decimal(18),
        per=TimePer.MONTH,
        to_execution=True,
        expected_version=version,
    )
    return (
        distribution.register_execution,
        command,
        *run_recorded(world, distribution.register_execution, "gruppchef", command),
    )


def _stop(world: World) -> tuple[Any, object, Any, Written]:
    sent = world.send()
    command = StopAssignment(
        assignment_id=sent.assignment_id, reason="Personen bor i Söder.", misdirected=True
    )
    return (
        distribution.stop_assignment,
        command,
        *run_recorded(world, distribution.stop_assignment, "gruppchef", command),
    )


def _acknowledge(world: World) -> tuple[Any, object, Any, Written]:
    sent = world.send_billable()
    world.distribute(sent)
    command = AcknowledgeAssignment(
        assignment_id=sent.assignment_id, move_to_my_persons=True, unread_confirmed=True
    )
    return (
        genomforande.acknowledge_assignment,
        command,
        *run_recorded(world, genomforande.acknowledge_assignment, "personal", command),
    )


def _acknowledged(world: World) -> tuple[Any, AcknowledgeResult]:
    sent = world.send_billable()
    world.distribute(sent)
    command = AcknowledgeAssignment(
        assignment_id=sent.assignment_id, move_to_my_persons=True, unread_confirmed=True
    )
    result, _written = run_recorded(world, genomforande.acknowledge_assignment, "personal", command)
    return sent, result


def _undo_acknowledgement(world: World) -> tuple[Any, object, Any, Written]:
    sent, done = _acknowledged(world)
    command = UndoAcknowledgement(
        assignment_id=sent.assignment_id,
        execution_ids=done.acknowledged_execution_ids,
        remove_from_my_persons=True,
    )
    fn = genomforande.undo_acknowledgement
    return fn, command, *run_recorded(world, fn, "personal", command)


def _remove_from_my_persons(world: World) -> tuple[Any, object, Any, Written]:
    sent, _done = _acknowledged(world)
    command = RemoveFromMyPersons(person_id=sent.person_id)
    fn = genomforande.remove_from_my_persons
    return fn, command, *run_recorded(world, fn, "personal", command)


def _add_to_my_persons(world: World) -> tuple[Any, object, Any, Written]:
    # Staff reach the person only through an ongoing row at their own unit (issue 9).
    sent = world.send_billable()
    world.distribute(sent)
    return (
        genomforande.add_to_my_persons,
        sent.person_id,
        *run_recorded(world, genomforande.add_to_my_persons, "personal", sent.person_id),
    )


def _message_command(world: World) -> SendMessage:
    return SendMessage(
        recipient_ids=(world.users["personal"], world.users["handlaggare"]),
        subject="Insatsen är fördelad",
        body="Personlig omvårdnad utförs av Norr grupp 1.",
    )


def _send_message(world: World) -> tuple[Any, object, Any, Written]:
    command = _message_command(world)
    return (
        inbox.send_message,
        command,
        *run_recorded(world, inbox.send_message, "gruppchef", command),
    )


def _sent_message(world: World) -> int:
    with world.db.transaction() as session:
        return inbox.send_message(session, world.actor("gruppchef"), _message_command(world))


def _mark_read(world: World) -> tuple[Any, object, Any, Written]:
    command = MarkMessageRead(message_id=_sent_message(world))
    return inbox.mark_read, command, *run_recorded(world, inbox.mark_read, "personal", command)


def _reply(world: World) -> tuple[Any, object, Any, Written]:
    command = ReplyToMessage(message_id=_sent_message(world), body="Tack.")
    return inbox.reply, command, *run_recorded(world, inbox.reply, "personal", command)


def _update_contact(world: World) -> tuple[Any, object, Any, Written]:
    sent = world.send()
    with world.db.read() as session:
        version = session.scalar(select(Person.version).where(Person.id == sent.person_id))
    assert version is not None
    command = UpdateContact(
        person_id=sent.person_id, expected_version=version, phone="08-123 456 78"
    )
    return (
        persons.update_contact,
        command,
        *run_recorded(world, persons.update_contact, "gruppchef", command),
    )


def _register_person(world: World) -> tuple[Any, object, Any, Written]:
    command = RegisterPerson(
        identity_number=world.next_number(),
        first_name="Greta",
        last_name="Provsson",
        street="Storgatan 2",
        postal_code="12345",
        city="Åby",
    )
    return (
        authority.register_person,
        command,
        *run_recorded(world, authority.register_person, "handlaggare", command),
    )


def _send_new_assignment(world: World) -> tuple[Any, object, Any, Written]:
    command = world.new_assignment()
    return (
        authority.send_new_assignment,
        command,
        *run_recorded(world, authority.send_new_assignment, "handlaggare", command),
    )


def _read(world: World) -> tuple[Any, object, Any, Written]:
    sent = world.send()
    command = AssignmentRef(assignment_id=sent.assignment_id)
    return (
        reading.record_assignment_read,
        command,
        *run_recorded(world, reading.record_assignment_read, "gruppchef", command),
    )


def _placed_row(world: World) -> int:
    sent = world.send_billable()
    return world.distribute(sent).execution_id


def _row_version(world: World, execution_id: int) -> int:
    with world.db.read() as session:
        version = session.scalar(select(Execution.version).where(Execution.id == execution_id))
    assert version is not None
    return version


def _end(world: World) -> tuple[Any, object, Any, Written]:
    row_id = _placed_row(world)
    command = EndExecution(
        execution_id=row_id,
        end_date=PERIOD_END - timedelta(days=1),
        reason_code="deceased",
        expected_version=_row_version(world, row_id),
    )
    return (
        executions.end_execution,
        command,
        *run_recorded(world, executions.end_execution, "gruppchef", command),
    )


def _revoke(world: World) -> tuple[Any, object, Any, Written]:
    row_id = _placed_row(world)
    command = RevokeExecution(
        execution_id=row_id, day_before=TODAY, expected_version=_row_version(world, row_id)
    )
    return (
        executions.revoke_execution,
        command,
        *run_recorded(world, executions.revoke_execution, "gruppchef", command),
    )


def _change_provider(world: World) -> tuple[Any, object, Any, Written]:
    from tests.helpers.provider_change import change_command, placed

    from treserva_desktop.services import provider_change

    command = change_command(world, placed(world), "personal_care")
    return (
        provider_change.change_provider,
        command,
        *run_recorded(world, provider_change.change_provider, "gruppchef", command),
    )


def _change_provider_for_unit(world: World) -> tuple[Any, object, Any, Written]:
    from tests.helpers.provider_change import CHANGE_DATE, placed

    from treserva_desktop.domain.commands.provider_change import ChangeProviderForUnit
    from treserva_desktop.domain.enums import BusinessArea
    from treserva_desktop.services import provider_change_unit

    placed(world)
    placed(world)
    command = ChangeProviderForUnit(
        from_unit_id=world.units["Norr grupp 1"],
        to_unit_id=world.units["Hemtjänst Söder"],
        business_area=BusinessArea.HOME_CARE,
        change_date=CHANGE_DATE,
        expected_persons=2,
    )
    fn = provider_change_unit.change_provider_for_unit
    return (fn, command, *run_recorded(world, fn, "chef", command))


def _establish_plan(world: World) -> tuple[Any, object, Any, Written]:
    from tests.services.test_plans import establish_command

    from treserva_desktop.services import plans

    sent = world.send_billable()
    world.distribute(sent)
    command = establish_command(world, sent.person_id)
    return (
        plans.establish_plan,
        command,
        *run_recorded(world, plans.establish_plan, "personal", command),
    )


def _create_journal(world: World) -> tuple[Any, object, Any, Written]:
    from treserva_desktop.domain.commands.journals import CreateJournal
    from treserva_desktop.services import journals

    sent = world.send_billable()
    world.distribute(sent)
    command = CreateJournal(
        person_id=sent.person_id, unit_id=world.units["Norr grupp 1"], template_code="home_care"
    )
    fn = journals.create_journal
    return fn, command, *run_recorded(world, fn, "personal", command)


def _save_note(world: World) -> tuple[Any, object, Any, Written]:
    from datetime import UTC, datetime

    from treserva_desktop.domain.commands.journals import SaveNote
    from treserva_desktop.services import journals

    _fn, _command, created, _written = _create_journal(world)
    command = SaveNote(
        journal_id=created.journal_id,
        heading="Dagsanteckning",
        unit_id=world.units["Norr grupp 1"],
        event_at=datetime.now(UTC) - timedelta(hours=1),
        body="Hjälpte till med frukost.",
        keywords=("Måltider",),
    )
    fn = journals.save_note
    return fn, command, *run_recorded(world, fn, "personal", command)


def _ended_person(world: World) -> int:
    sent = world.send_billable()
    world.distribute(sent, end_date=TODAY - timedelta(days=2))
    return sent.person_id


def _remove_from_not_current(world: World) -> tuple[Any, object, Any, Written]:
    command = RemoveFromNotCurrent(person_id=_ended_person(world))
    fn = not_current.remove_from_not_current
    return fn, command, *run_recorded(world, fn, "gruppchef", command)


def _show_again_in_not_current(world: World) -> tuple[Any, object, Any, Written]:
    person_id = _ended_person(world)
    run_recorded(
        world,
        not_current.remove_from_not_current,
        "gruppchef",
        RemoveFromNotCurrent(person_id=person_id),
    )
    command = ShowAgainInNotCurrent(person_id=person_id)
    fn = not_current.show_again_in_not_current
    return fn, command, *run_recorded(world, fn, "gruppchef", command)


def _service_command(world: World) -> Any:
    sent = world.send_billable()
    world.distribute(sent, type_code="safety_alarm")
    return OpenServiceCase(
        person_id=sent.person_id,
        unit_id=world.units["Norr grupp 1"],
        items=(ServiceItem(type_code="cleaning"), ServiceItem(type_code="laundry")),
        start_date=TODAY,
    )


def _open_service_case(world: World) -> tuple[Any, object, Any, Written]:
    command = _service_command(world)
    fn = service_case.open_service_case
    return fn, command, *run_recorded(world, fn, "gruppchef", command)


def _close_service_case(world: World) -> tuple[Any, object, Any, Written]:
    opened, _written = run_recorded(
        world, service_case.open_service_case, "gruppchef", _service_command(world)
    )
    command = CloseServiceCase(
        case_id=opened.case_id, closed_on=TODAY, reason_code="other", expected_version=1
    )
    fn = service_case.close_service_case
    return fn, command, *run_recorded(world, fn, "gruppchef", command)


def _correct_entry(world: World) -> tuple[Any, object, Any, Written]:
    from tests.helpers.journal_notes import add_journal, add_note, engaged_person

    from treserva_desktop.domain.commands.journal_corrections import CorrectEntry
    from treserva_desktop.services import journal_corrections

    entry_id = add_note(world, add_journal(world, engaged_person(world)))
    command = CorrectEntry.of_range(entry_id, 0, 5, "Maria", "Fel namn")
    fn = journal_corrections.correct_entry
    return fn, command, *run_recorded(world, fn, "chef", command)


def _close_journal(world: World) -> tuple[Any, object, Any, Written]:
    from tests.helpers.journal_notes import add_journal, engaged_person

    from treserva_desktop.domain.commands.journal_closing import CloseJournal
    from treserva_desktop.services import journal_closing

    command = CloseJournal(journal_id=add_journal(world, engaged_person(world)), expected_version=1)
    fn = journal_closing.close_journal
    return fn, command, *run_recorded(world, fn, "chef", command)


def _create_contract(world: World) -> tuple[Any, object, Any, Written]:
    from tests.helpers.housing_world import add_housing, housed_person, object_id

    from treserva_desktop.domain.commands.housing import CreateContract
    from treserva_desktop.services import housing

    add_housing(world)
    command = CreateContract(
        person_id=housed_person(world),
        object_id=object_id(world, "Lgh 101"),
        start_date=TODAY,
    )
    fn = housing.create_contract
    return fn, command, *run_recorded(world, fn, "chef", command)


def _register_deviation(world: World) -> tuple[Any, object, Any, Written]:
    from tests.helpers.deviation_world import register_command

    from treserva_desktop.services import deviations

    sent = world.send_billable()
    world.distribute(sent)
    command = register_command(world, sent.person_id, occurred_at=datetime.now(UTC))
    fn = deviations.register_deviation
    return fn, command, *run_recorded(world, fn, "personal", command)


CASES: dict[str, Callable[[World], tuple[Any, object, Any, Written]]] = {
    "distribution.distribute_intervention": _distribute,
    "distribution.register_execution": _register,
    "distribution.stop_assignment": _stop,
    "genomforande.acknowledge_assignment": _acknowledge,
    "genomforande.add_to_my_persons": _add_to_my_persons,
    "genomforande.undo_acknowledgement": _undo_acknowledgement,
    "genomforande.remove_from_my_persons": _remove_from_my_persons,
    "inbox.send_message": _send_message,
    "inbox.mark_read": _mark_read,
    "inbox.reply": _reply,
    "persons.update_contact": _update_contact,
    "authority.register_person": _register_person,
    "authority.send_new_assignment": _send_new_assignment,
    "reading.record_assignment_read": _read,
    "executions.end_execution": _end,
    "executions.revoke_execution": _revoke,
    "provider_change.change_provider": _change_provider,
    "provider_change_unit.change_provider_for_unit": _change_provider_for_unit,
    "plans.establish_plan": _establish_plan,
    "journals.create_journal": _create_journal,
    "journals.save_note": _save_note,
    "not_current.remove_from_not_current": _remove_from_not_current,
    "not_current.show_again_in_not_current": _show_again_in_not_current,
    "service_case.open_service_case": _open_service_case,
    "service_case.close_service_case": _close_service_case,
    "journal_corrections.correct_entry": _correct_entry,
    "journal_closing.close_journal": _close_journal,
    "housing.create_contract": _create_contract,
    "deviations.register_deviation": _register_deviation,
}

# Services that share one `touches` with a case above (the same declaration, the same ids of
# the same command field and result), so one run checks them all.
SHARED = {
    "authority.send_assignment": "authority.send_new_assignment",
    "plans.follow_up_plan": "plans.establish_plan",
    "plans.end_plan": "plans.establish_plan",
    "journals.sign_note": "journals.save_note",
    "housing.change_object": "housing.create_contract",
    "housing.end_contract": "housing.create_contract",
    **{
        f"deviations.{name}": "deviations.register_deviation"
        for name in (
            "analyse_deviation",
            "decide_actions",
            "give_feedback",
            "escalate_deviation",
            "close_deviation",
        )
    },
    **{
        f"persons.{name}": "persons.update_contact"
        for name in (
            "update_person_details",
            "update_addresses",
            "set_billing_area",
            "set_contact_person",
            "add_relation",
            "update_relation",
            "end_relation",
        )
    },
}

# Writes with a plain UPDATE the flush does not see: only "nothing written is left out" is
# checked here; a test of its own checks the ids against the database.
PLAIN_UPDATES = {"reading.record_assignment_read"}

# A row's unit is touched only when the row moved in or out of the unit's list of persons
# (Touched.units: "the units whose rows - which persons they list - changed"): writing the
# row is not enough. test_executions_touch_a_unit_only_when_its_list_changes checks it
# against the unit's list itself.
UNITS_BY_LISTING = {"executions.end_execution", "executions.revoke_execution"}

WITH_TOUCHES = {name: fn for name, fn in SERVICES if declared_touches(fn) is not None}


def test_every_service_with_touches_is_checked() -> None:
    assert set(WITH_TOUCHES) == set(CASES) | set(SHARED)
    for name, like in SHARED.items():
        assert declared_touches(WITH_TOUCHES[name]) is declared_touches(WITH_TOUCHES[like]), name


def test_the_hot_actions_say_what_they_touched() -> None:
    for name in (
        "distribution.distribute_intervention",
        "distribution.register_execution",
        "distribution.stop_assignment",
        "genomforande.acknowledge_assignment",
        "genomforande.add_to_my_persons",
        "inbox.mark_read",
        "persons.update_contact",
    ):
        assert name in WITH_TOUCHES, name


@pytest.mark.parametrize("name", sorted(CASES))
def test_touches_names_the_rows_the_service_wrote(world: World, name: str) -> None:
    fn, command, result, written = CASES[name](world)
    assert fn is WITH_TOUCHES[name]
    touched = assert_consistent(
        fn,
        command,
        result,
        written,
        exact=name not in PLAIN_UPDATES,
        skip=frozenset({"units"}) if name in UNITS_BY_LISTING else frozenset(),
    )
    # Something is said, and it names what was written.
    assert any(getattr(touched, scope) for scope in SCOPES), touched
    # Nya uppdrag and its count reload only after a change of kind ASSIGNMENTS: whatever
    # writes an assignment (its waiting flag, status, first reading) says so.
    if written.assignment_rows:
        assert ChangeKind.ASSIGNMENTS in changes_of(fn, command, result), written.assignment_rows


def test_distribution_touches_one_unit_person_and_assignment(world: World) -> None:
    fn, command, result, written = _distribute(world)
    change = change_set_of(fn, command, result)
    assert change == ChangeSet(
        frozenset({ChangeKind.ASSIGNMENTS, ChangeKind.EXECUTIONS}),
        units=frozenset({world.units["Norr grupp 1"]}),
        persons=frozenset({result.person_id}),
        assignments=frozenset({result.assignment_id}),
    )
    assert written.ids["units"] == {world.units["Norr grupp 1"]}
    # Unit Hemtjänst Norr (the receiver, and Norr grupp 1's parent) is not touched.
    assert not change.touches_unit(world.units["Hemtjänst Norr"])


def test_kvittera_touches_only_the_units_of_the_acknowledged_rows(world: World) -> None:
    fn, command, result, written = _acknowledge(world)
    assert result.unit_ids == (world.units["Norr grupp 1"],)
    assert change_set_of(fn, command, result).units == {world.units["Norr grupp 1"]}
    assert written.ids["persons"] == {result.person_id}


def test_the_recorded_read_names_the_assignment_and_its_person(world: World) -> None:
    """The read mark is a plain UPDATE the flush does not see: checked against the view."""
    fn, command, view, _written = _read(world)
    change = change_set_of(fn, command, view)
    assert change.kinds == {ChangeKind.ASSIGNMENTS}
    assert change.assignments == {view.assignment_id}
    assert change.persons == {view.person_id}
    with world.db.read() as session:
        assignment = session.get(Assignment, view.assignment_id)
        assert assignment is not None
        assert assignment.first_read_at is not None
        assert assignment.person_id == view.person_id


def test_accepting_a_provider_change_touches_the_old_unit_too(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The distribution ends the old unit's rows: both units are named, so both reload."""
    from tests.helpers.provider_change import accept_at_soder, change, placed

    result = change(world, placed(world), "personal_care")
    from treserva_desktop.domain.commands.distribution import DistributeIntervention

    captured: dict[str, Any] = {}
    original = distribution.distribute_intervention

    def recorded(session: Session, actor: Actor, command: DistributeIntervention) -> Any:
        with recording(session) as written:
            captured["result"] = original(session, actor, command)
            session.flush()
        captured["command"], captured["written"] = command, written
        return captured["result"]

    monkeypatch.setattr(distribution, "distribute_intervention", recorded)
    accept_at_soder(world, result)
    touched = assert_consistent(
        original, captured["command"], captured["result"], captured["written"]
    )
    assert touched.units == {world.units["Norr grupp 1"], world.units["Hemtjänst Söder"]}


def _unit_list(world: World, unit_id: int) -> list[int]:
    from treserva_desktop.db.queries import tree

    with world.db.read() as session:
        return [p.id for p in tree.unit_persons(session, world.actor("gruppchef"), unit_id)]


def test_executions_touch_a_unit_only_when_its_list_changes(world: World) -> None:
    """Ending a row ahead (or Återkalla) leaves the unit's list of persons as it was and
    touches only the person; ending it in the past takes the person off the list and
    touches the unit too."""
    unit_id = world.units["Norr grupp 1"]
    _fn, _command, ahead, _written = _end(world)
    assert touched_by(executions.end_execution, _command, ahead).units == frozenset()
    assert ahead.person_id in _unit_list(world, unit_id)
    _fn, command, revoked, _written = _revoke(world)
    assert touched_by(executions.revoke_execution, command, revoked).units == frozenset()
    assert revoked.person_id in _unit_list(world, unit_id)

    row_id = _placed_row(world)
    with world.db.read() as session:
        row = session.get(Execution, row_id)
        assert row is not None
        person_id, start = row.person_id, row.start_date
    assert person_id in _unit_list(world, unit_id)
    assert start < TODAY - timedelta(days=1)  # the world's rows start five days back
    back_dated = EndExecution(
        execution_id=row_id,
        end_date=TODAY - timedelta(days=1),
        reason_code="deceased",
        expected_version=_row_version(world, row_id),
    )
    result, _written = run_recorded(world, executions.end_execution, "gruppchef", back_dated)
    assert person_id not in _unit_list(world, unit_id)
    assert touched_by(executions.end_execution, back_dated, result).units == {unit_id}
