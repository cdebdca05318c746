"""The authority side: persons, cases, decisions with interventions, and sending assignments."""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from tests.helpers.assignment_world import (
    DECIDED,
    PERIOD_END,
    PERIOD_START,
    TODAY,
    World,
    build_world,
    counts,
)

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    Assignment,
    AssignmentItem,
    AuditEvent,
    Case,
    Intervention,
    Message,
    MessageRecipient,
    Person,
)
from treserva_desktop.db.queries import new_assignments as new_assignment_queries
from treserva_desktop.db.queries import tree
from treserva_desktop.db.queries.authority import (
    find_person_by_identity,
    intervention_types,
    receiver_units,
)
from treserva_desktop.domain.commands.authority import (
    DecisionInput,
    InterventionInput,
    OpenCase,
    PersonInput,
    RegisterDecision,
    RegisterPerson,
    SendAssignment,
)
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    AuditAction,
    BusinessArea,
    TimePer,
)
from treserva_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from treserva_desktop.services import authority


def _person(world: World, **overrides: object) -> RegisterPerson:
    values: dict[str, object] = {
        "identity_number": world.next_number(),
        "first_name": "Gösta",
        "last_name": "Åkesson",
        "street": "Ängsvägen 3",
        "postal_code": "123 45",
        "city": "Åby",
    }
    values.update(overrides)
    return RegisterPerson(**values)  # type: ignore[arg-type]


def _refused(world: World, call: object, command: object) -> ValidationError:
    """Run a refused call as the handläggare and check that nothing was saved."""
    before = counts(world.db)
    with pytest.raises(ValidationError) as caught, world.db.transaction() as session:
        call(session, world.actor("handlaggare"), command)  # type: ignore[operator]
    assert counts(world.db) == before
    return caught.value


# --- persons ------------------------------------------------------------------------------


def test_register_person_stores_the_twelve_digit_number_and_audits(world: World) -> None:
    number = world.next_number()
    short = number[2:8] + "-" + number[8:]
    with world.db.transaction() as session:
        person_id = authority.register_person(
            session, world.actor("handlaggare"), _person(world, identity_number=short)
        )
    with world.db.read() as session:
        person = session.get(Person, person_id)
        assert person is not None
        assert person.identity_number == number
        assert person.postal_code == "123 45"
        events = session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "person")).all()
        assert [(e.action, e.entity_id) for e in events] == [(AuditAction.CREATE, person_id)]


def test_invalid_identity_number_is_refused(world: World) -> None:
    bad = world.next_number()[:-1] + "0"
    if bad == world.next_number():  # pragma: no cover - vanishingly unlikely
        bad = bad[:-1] + "1"
    error = _refused(world, authority.register_person, _person(world, identity_number=bad))
    assert error.field == "identity_number"
    assert "Kontrollsiffran" in error.message or "personnummer" in error.message.lower()


def test_malformed_identity_number_is_refused(world: World) -> None:
    error = _refused(world, authority.register_person, _person(world, identity_number="12345"))
    assert error.field == "identity_number"
    assert "ÅÅÅÅMMDD-NNNN" in error.message


def test_duplicate_identity_number_is_refused_without_naming_the_holder(world: World) -> None:
    command = _person(world)
    with world.db.transaction() as session:
        authority.register_person(session, world.actor("handlaggare"), command)
    error = _refused(world, authority.register_person, command)
    assert error.field == "identity_number"
    assert "Det finns redan en person" in error.message
    # The holder is shown only by the dialog's audited look-up (issue 9, item 10).
    assert "Gösta" not in error.message
    assert "Åkesson" not in error.message


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"first_name": "  "}, "first_name"),
        ({"last_name": ""}, "last_name"),
        ({"postal_code": "1234"}, "postal_code"),
        ({"first_name": "x" * 81}, "first_name"),
    ],
)
def test_person_fields_are_checked(world: World, overrides: dict[str, object], field: str) -> None:
    error = _refused(world, authority.register_person, _person(world, **overrides))
    assert error.field == field


def test_only_a_handlaggare_may_register(world: World) -> None:
    with pytest.raises(PermissionDenied) as caught, world.db.transaction() as session:
        authority.register_person(session, world.actor("chef"), _person(world))
    assert "registrera beslut och skicka uppdrag" in caught.value.message


def test_find_person_by_identity_is_audited(world: World) -> None:
    sent = world.send()
    with world.db.read() as session:
        person = session.get(Person, sent.person_id)
        assert person is not None
        number = person.identity_number
    with world.db.read() as session:
        match = find_person_by_identity(session, world.actor("handlaggare"), number)
        missing = find_person_by_identity(session, world.actor("handlaggare"), world.next_number())
    assert match is not None
    assert match.name == "Ingrid Testsson"
    assert match.address == "Storgatan 1, 123 45 Åby"
    assert missing is None
    with world.db.read() as session:
        reads = session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.READ_PERSON)
        ).all()
        assert [event.person_id for event in reads] == [sent.person_id]


# --- cases and decisions ------------------------------------------------------------------


def _case(world: World) -> int:
    with world.db.transaction() as session:
        actor = world.actor("handlaggare")
        person_id = authority.register_person(session, actor, _person(world))
        return authority.open_case(session, actor, OpenCase(person_id=person_id))


def _decision(
    case_id: int, *interventions: InterventionInput, **overrides: object
) -> RegisterDecision:
    values: dict[str, object] = {
        "case_id": case_id,
        "decided_on": DECIDED,
        "period_start": PERIOD_START,
        "period_end": PERIOD_END,
        "interventions": interventions
        or (InterventionInput(type_code="personal_care", hours=Decimal("12.5"), per=TimePer.WEEK),),
    }
    values.update(overrides)
    return RegisterDecision(**values)  # type: ignore[arg-type]


def test_register_decision_stores_minutes_and_per(world: World) -> None:
    case_id = _case(world)
    with world.db.transaction() as session:
        decision_id = authority.register_decision(
            session,
            world.actor("handlaggare"),
            _decision(
                case_id,
                InterventionInput(
                    type_code="personal_care", hours=Decimal("12.5"), per=TimePer.WEEK
                ),
                InterventionInput(type_code="service", hours=Decimal(4), per=TimePer.MONTH),
                InterventionInput(type_code="safety_alarm"),
            ),
        )
    with world.db.read() as session:
        rows = session.scalars(
            select(Intervention)
            .where(Intervention.decision_id == decision_id)
            .order_by(Intervention.id)
        ).all()
        assert [(r.type_code, r.granted_minutes, r.granted_per) for r in rows] == [
            ("personal_care", 750, TimePer.WEEK),
            ("service", 240, TimePer.MONTH),
            ("safety_alarm", None, None),
        ]


@pytest.mark.parametrize(
    ("intervention", "field", "text"),
    [
        (InterventionInput(type_code="personal_care", hours=Decimal(745), per=TimePer.MONTH),
         "interventions[0].hours", "744 timmar per månad"),
        (InterventionInput(type_code="personal_care", hours=Decimal(169), per=TimePer.WEEK),
         "interventions[0].hours", "168 timmar per vecka"),
        (InterventionInput(type_code="personal_care", hours=Decimal(-2), per=TimePer.WEEK),
         "interventions[0].hours", "större än 0"),
        (InterventionInput(type_code="personal_care", hours=Decimal(0), per=TimePer.WEEK),
         "interventions[0].hours", "större än 0"),
        (InterventionInput(type_code="personal_care"), "interventions[0].hours", "Ange"),
        (InterventionInput(type_code="personal_care", hours=Decimal(3)), "interventions[0].per",
         "per vecka eller per månad"),
        (InterventionInput(type_code="safety_alarm", hours=Decimal(3), per=TimePer.WEEK),
         "interventions[0].hours", "anges inte för insatsen Trygghetslarm"),
        (InterventionInput(type_code="special_housing", hours=Decimal(3), per=TimePer.WEEK),
         "interventions[0].hours", "anges inte"),
        (InterventionInput(type_code="no_such_type"), "interventions[0].type_code", "finns inte"),
    ],
)  # fmt: skip
def test_granted_extent_rules(
    world: World, intervention: InterventionInput, field: str, text: str
) -> None:
    case_id = _case(world)
    error = _refused(world, authority.register_decision, _decision(case_id, intervention))
    assert error.field == field
    assert text in error.message


def test_exactly_744_hours_per_month_is_allowed(world: World) -> None:
    case_id = _case(world)
    with world.db.transaction() as session:
        authority.register_decision(
            session,
            world.actor("handlaggare"),
            _decision(
                case_id,
                InterventionInput(type_code="personal_care", hours=Decimal(744), per=TimePer.MONTH),
            ),
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"period_end": PERIOD_START - timedelta(days=1)}, "period_end"),
        ({"decided_on": TODAY + timedelta(days=1)}, "decided_on"),
        ({"legal_basis": " "}, "legal_basis"),
        ({"interventions": ()}, "interventions"),
        (
            {
                "interventions": (
                    InterventionInput(type_code="safety_alarm"),
                    InterventionInput(type_code="safety_alarm"),
                )
            },
            "interventions[1].type_code",
        ),
    ],
)
def test_decision_rules(world: World, overrides: dict[str, object], field: str) -> None:
    case_id = _case(world)
    error = _refused(world, authority.register_decision, _decision(case_id, **overrides))
    assert error.field == field


def test_decision_on_a_closed_case_is_refused(world: World) -> None:
    case_id = _case(world)
    with world.db.transaction() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.closed_on = TODAY
    error = _refused(world, authority.register_decision, _decision(case_id))
    assert error.field == "case_id"


# --- sending ------------------------------------------------------------------------------


def test_send_new_assignment_creates_a_received_assignment_and_inbox_messages(
    any_db: Database,
) -> None:
    world = build_world(any_db)
    sent = world.send()
    with any_db.read() as session:
        assignment = session.get(Assignment, sent.assignment_id)
        assert assignment is not None
        assert assignment.kind is AssignmentKind.NEW
        assert assignment.status is AssignmentStatus.RECEIVED
        assert assignment.receiver_unit_id == world.units["Hemtjänst Norr"]
        assert assignment.sender_user_id == world.users["handlaggare"]
        items = session.scalars(
            select(AssignmentItem.intervention_id).where(
                AssignmentItem.assignment_id == assignment.id
            )
        ).all()
        assert sorted(items) == sorted(sent.intervention_ids)
        message = session.scalars(select(Message)).one()
        assert message.subject.startswith("Nytt uppdrag: ")
        assert "Personlig omvårdnad" in message.subject
        assert message.assignment_id == assignment.id
        assert "Ingrid Testsson" in message.body
        assert "Personlig omvårdnad, 20 tim/månad" in message.body
        recipients = session.scalars(select(MessageRecipient.user_id)).all()
    # Managers at the unit and above; not care staff, not another unit's coordinator.
    expected = {world.users["chef"], world.users["gruppchef"]}
    assert set(recipients) == expected
    assert set(sent.notified_user_ids) == expected
    for username in ("gruppchef", "chef"):
        with any_db.read() as session:
            actor = world.actor(username)
            waiting = new_assignment_queries.new_assignments(session, actor)
            assert [a.id for entry in waiting for a in entry.assignments] == [sent.assignment_id]
            assert tree.unread_count(session, actor) == 1
    with any_db.read() as session:
        assert new_assignment_queries.new_assignments(session, world.actor("soder")) == []


def test_send_new_assignment_keeps_names_and_numbers_out_of_the_log(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="treserva_desktop")
    command = world.new_assignment()
    with world.db.transaction() as session:
        authority.send_new_assignment(session, world.actor("handlaggare"), command)
    assert caplog.records, "sending should log ids"
    for record in caplog.records:
        text = record.getMessage()
        assert "Ingrid" not in text
        assert "Testsson" not in text
        assert command.person.identity_number not in text
        assert command.person.identity_number[2:] not in text


def test_send_new_assignment_refuses_an_existing_number_without_confirmation(
    world: World,
) -> None:
    first = world.new_assignment()
    with world.db.transaction() as session:
        sent = authority.send_new_assignment(session, world.actor("handlaggare"), first)
    again = world.new_assignment(person=first.person)
    error = _refused(world, authority.send_new_assignment, again)
    assert error.field == "identity_number"
    assert "Sök fram personen med numret" in error.message
    assert "Ingrid" not in error.message
    # With the person confirmed, the open case is reused and a second assignment is sent.
    confirmed = world.new_assignment(
        person=first.person,
        existing_person_id=sent.person_id,
        interventions=(InterventionInput(type_code="meal_delivery"),),
    )
    with world.db.transaction() as session:
        second = authority.send_new_assignment(session, world.actor("handlaggare"), confirmed)
    assert second.person_id == sent.person_id
    assert second.case_id == sent.case_id
    assert second.decision_id != sent.decision_id


def test_confirmed_person_must_match_the_number(world: World) -> None:
    sent = world.send()
    other = world.new_assignment(existing_person_id=sent.person_id)
    error = _refused(world, authority.send_new_assignment, other)
    assert error.field == "identity_number"
    assert "stämmer inte" in error.message


@pytest.mark.parametrize(
    ("receiver", "field"),
    [
        ("Biståndsenheten", "receiver_unit_id"),
        ("Kommunen", "receiver_unit_id"),
        ("ÄO Utförare", "receiver_unit_id"),
    ],
)
def test_receiver_must_be_a_provider_branch_or_unit(
    world: World, receiver: str, field: str
) -> None:
    command = world.new_assignment(receiver_unit_id=world.units[receiver])
    error = _refused(world, authority.send_new_assignment, command)
    assert error.field == field
    assert "tar inte emot uppdrag" in error.message


def test_branch_receiver_notifies_only_managers_above(world: World) -> None:
    sent = world.send(receiver_unit_id=world.units["ÄO Hemtjänst"])
    assert set(sent.notified_user_ids) == {world.users["chef"]}


def test_unknown_receiver_and_missing_goals(world: World) -> None:
    error = _refused(
        world, authority.send_new_assignment, world.new_assignment(receiver_unit_id=99999)
    )
    assert error.field == "receiver_unit_id"
    error = _refused(world, authority.send_new_assignment, world.new_assignment(goals="  "))
    assert error.field == "goals"


def test_invalid_number_in_the_dialog_saves_nothing(world: World) -> None:
    person = PersonInput(identity_number="19380412-1235", first_name="A", last_name="B")
    error = _refused(world, authority.send_new_assignment, world.new_assignment(person=person))
    assert error.field == "identity_number"


def test_send_assignment_step_by_step_with_a_subset(world: World) -> None:
    case_id = _case(world)
    actor = world.actor("handlaggare")
    with world.db.transaction() as session:
        decision_id = authority.register_decision(
            session,
            actor,
            _decision(
                case_id,
                InterventionInput(type_code="personal_care", hours=Decimal(5), per=TimePer.WEEK),
                InterventionInput(type_code="safety_alarm"),
            ),
        )
        ids = session.scalars(
            select(Intervention.id)
            .where(Intervention.decision_id == decision_id)
            .order_by(Intervention.id)
        ).all()
        sent = authority.send_assignment(
            session,
            actor,
            SendAssignment(
                decision_id=decision_id,
                receiver_unit_id=world.units["Hemtjänst Söder"],
                goals="Trygghet i hemmet.",
                intervention_ids=(ids[1],),
            ),
        )
    assert sent.intervention_ids == (ids[1],)
    assert sent.notified_user_ids == tuple(sorted([world.users["chef"], world.users["soder"]]))
    # The same intervention cannot be sent again while that assignment is live.
    again = SendAssignment(
        decision_id=decision_id,
        receiver_unit_id=world.units["Hemtjänst Norr"],
        goals="Igen.",
        intervention_ids=(ids[1],),
    )
    error = _refused(world, authority.send_assignment, again)
    assert error.field == "intervention_ids"
    assert "redan skickats" in error.message
    foreign = SendAssignment(
        decision_id=decision_id,
        receiver_unit_id=world.units["Hemtjänst Norr"],
        goals="x",
        intervention_ids=(ids[0] + 1000,),
    )
    assert _refused(world, authority.send_assignment, foreign).field == "intervention_ids"


def test_send_assignment_unknown_decision(world: World) -> None:
    with pytest.raises(NotFound), world.db.transaction() as session:
        authority.send_assignment(
            session,
            world.actor("handlaggare"),
            SendAssignment(decision_id=404, receiver_unit_id=world.units["Hemtjänst Norr"]),
        )


def test_open_case_rules(world: World) -> None:
    with pytest.raises(NotFound), world.db.transaction() as session:
        authority.open_case(session, world.actor("handlaggare"), OpenCase(person_id=404))


# --- code list and receiver picker --------------------------------------------------------


def test_intervention_types_home_care_first(world: World) -> None:
    with world.db.read() as session:
        types = intervention_types(session)
    codes = [t.code for t in types]
    assert {
        "personal_care",
        "service",
        "safety_alarm",
        "special_housing",
        "short_term_stay",
    } <= set(codes)
    areas = [t.business_area for t in types]
    assert areas.index(BusinessArea.NURSING_HOME) > max(
        i for i, area in enumerate(areas) if area is BusinessArea.HOME_CARE
    )
    by_code = {t.code: t for t in types}
    assert by_code["personal_care"].requires_time
    assert not by_code["special_housing"].requires_time


def test_receiver_units_lists_the_tree_with_selectable_providers(world: World) -> None:
    with world.db.read() as session:
        units = receiver_units(session)
    names = [u.name for u in units]
    assert names[0] == "Kommunen"
    assert names.index("ÄO Hemtjänst") < names.index("Hemtjänst Norr") < names.index("Norr grupp 1")
    selectable = {u.name for u in units if u.selectable}
    assert "Hemtjänst Norr" in selectable
    assert "ÄO Hemtjänst" in selectable
    assert not {"Kommunen", "ÄO Utförare", "Biståndsenheten", "Myndighet"} & selectable


def test_decision_input_defaults_to_sol(world: World) -> None:
    assert DecisionInput(decided_on=DECIDED, period_start=PERIOD_START).legal_basis == (
        "4 kap. 1 § SoL"
    )
