"""Avvikelser (W18): registering on a person and on a unit, the manager's steps through the
state machine, the refusals (order, permissions, bad input), the append-only history and the
folder, on SQLite and PostgreSQL with a pinned clock. Right answers are worked out by hand."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from tests.helpers.assignment_world import TODAY, World
from tests.helpers.deviation_world import (
    CLOCK,
    at,
    deviation_count,
    deviation_world,
    events,
    pinned,
    register,
    version,
)

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, Deviation, Message, MessageRecipient
from treserva_desktop.db.queries import deviations as queries
from treserva_desktop.db.queries.organisation import all_units, unit_and_ancestors
from treserva_desktop.domain.changes import ChangeKind, change_set_of
from treserva_desktop.domain.commands.deviations import (
    AnalyseDeviation,
    CloseDeviation,
    DecideDeviationActions,
    EscalateDeviation,
    GiveDeviationFeedback,
)
from treserva_desktop.domain.deviation_rules import (
    DeviationCategory,
    DeviationState,
    Escalation,
    RiskLevel,
)
from treserva_desktop.domain.errors import Conflict, PermissionDenied, ValidationError
from treserva_desktop.services import deviations


@pytest.fixture
def setup(any_db: Database) -> Iterator[tuple[World, int]]:
    with pinned(any_db) as db:
        yield deviation_world(db)


def _run(world: World, user: str, fn: object, command: object) -> object:
    with world.db.transaction() as session:
        return fn(session, world.actor(user), command)  # type: ignore[operator]


def analyse(world: World, deviation_id: int, user: str = "gruppchef") -> object:
    return _run(
        world,
        user,
        deviations.analyse_deviation,
        AnalyseDeviation(
            deviation_id=deviation_id,
            expected_version=version(world, deviation_id),
            cause="Halkigt golv efter dusch.",
            consequence="Blåmärke på höften.",
            risk=RiskLevel.MODERATE,
        ),
    )


def decide(world: World, deviation_id: int) -> object:
    return _run(
        world,
        "gruppchef",
        deviations.decide_actions,
        DecideDeviationActions(
            deviation_id=deviation_id,
            expected_version=version(world, deviation_id),
            actions="Halkmatta köps in.",
        ),
    )


def feedback(
    world: World, deviation_id: int, words: str = "Tack, halkmatta är beställd."
) -> object:
    return _run(
        world,
        "gruppchef",
        deviations.give_feedback,
        GiveDeviationFeedback(
            deviation_id=deviation_id,
            expected_version=version(world, deviation_id),
            feedback=words,
        ),
    )


def close(world: World, deviation_id: int, user: str = "gruppchef") -> object:
    return _run(
        world,
        user,
        deviations.close_deviation,
        CloseDeviation(deviation_id=deviation_id, expected_version=version(world, deviation_id)),
    )


def escalate(world: World, deviation_id: int, **dates: object) -> object:
    values: dict[str, object] = {"escalation": Escalation.LEX_SARAH}
    values.update(dates)
    return _run(
        world,
        "gruppchef",
        deviations.escalate_deviation,
        EscalateDeviation(
            deviation_id=deviation_id,
            expected_version=version(world, deviation_id),
            **values,  # type: ignore[arg-type]
        ),
    )


def state(world: World, deviation_id: int) -> DeviationState:
    with world.db.read() as session:
        found = session.get(Deviation, deviation_id)
        assert found is not None
        return found.state


def inbox_of(world: World, user: str) -> list[str]:
    """The subjects of the user's messages about deviations (the world sent others)."""
    with world.db.read() as session:
        return list(
            session.scalars(
                select(Message.subject)
                .join(MessageRecipient, MessageRecipient.message_id == Message.id)
                .where(
                    MessageRecipient.user_id == world.users[user],
                    Message.subject.contains("avvikelse"),
                )
                .order_by(Message.id)
            )
        )


def test_registering_on_a_person_messages_the_units_managers(setup: tuple[World, int]) -> None:
    world, person_id = setup
    result = register(world, person_id)
    # Norr grupp 1 lies under Hemtjänst Norr (gruppchef) and ÄO Hemtjänst (chef, a
    # verksamhetschef); the samordnare of Söder and the reporter get nothing.
    subject = "Ny avvikelse: Fall vid Norr grupp 1"
    assert inbox_of(world, "gruppchef") == [subject]
    assert inbox_of(world, "chef") == [subject]
    assert inbox_of(world, "soder") == []
    assert subject not in inbox_of(world, "personal")
    with world.db.read() as session:
        deviation = session.get(Deviation, result.deviation_id)
        assert deviation is not None
        assert deviation.state is DeviationState.REGISTERED
        assert deviation.person_id == person_id
        assert deviation.occurred_month == TODAY.replace(day=1)
        message = session.get(Message, result.message_id)
        assert message is not None
        assert message.person_id == person_id
        assert "Ingrid föll i badrummet" in message.body
        created = session.scalars(
            select(AuditEvent).where(
                AuditEvent.entity_type == "deviation", AuditEvent.entity_id == result.deviation_id
            )
        ).all()
    assert [(event.action.value, event.person_id) for event in created] == [("create", person_id)]
    assert [event.step for event in events(world, result.deviation_id)] == ["register"]
    change = change_set_of(deviations.register_deviation, None, result)
    assert change.kinds == {ChangeKind.DEVIATIONS, ChangeKind.MESSAGES}


def test_a_unit_deviation_without_a_person(setup: tuple[World, int]) -> None:
    world, _person_id = setup
    result = register(
        world,
        None,
        user="personal_soder",
        unit_id=world.units["Hemtjänst Söder"],
        type_code="missed_intervention",
        category=DeviationCategory.OTHER,
        description="Bilen startade inte, tre besök blev en timme sena.",
    )
    assert result.person_id is None
    # Söder has a samordnare only: the verksamhetschef above it is the responsible manager.
    assert inbox_of(world, "chef") == ["Ny avvikelse: Utebliven insats vid Hemtjänst Söder"]
    assert inbox_of(world, "gruppchef") == []


def test_the_whole_way_to_closed_keeps_every_earlier_value(setup: tuple[World, int]) -> None:
    world, person_id = setup
    deviation_id = register(world, person_id).deviation_id
    analyse(world, deviation_id)
    assert state(world, deviation_id) is DeviationState.UNDER_ANALYSIS
    # A revised analysis keeps the state and records what it replaced.
    _run(
        world,
        "chef",
        deviations.analyse_deviation,
        AnalyseDeviation(
            deviation_id=deviation_id,
            expected_version=version(world, deviation_id),
            cause="Halkigt golv och ingen matta.",
            consequence="Blåmärke på höften.",
            risk=RiskLevel.HIGH,
        ),
    )
    escalate(world, deviation_id, investigation_started_on=TODAY)
    decide(world, deviation_id)
    assert state(world, deviation_id) is DeviationState.ACTIONS_DECIDED
    feedback(world, deviation_id)
    assert state(world, deviation_id) is DeviationState.FEEDBACK_GIVEN
    # An ongoing lex Sarah investigation is ended before closing.
    with pytest.raises(ValidationError, match="Lex Sarah-utredningen pågår"):
        close(world, deviation_id)
    escalate(
        world,
        deviation_id,
        investigation_started_on=TODAY,
        investigation_ended_on=TODAY,
        ivo_reported_on=TODAY,
    )
    close(world, deviation_id)
    assert state(world, deviation_id) is DeviationState.CLOSED
    history = events(world, deviation_id)
    assert [(row.step, row.state.value) for row in history] == [
        ("register", "registered"),
        ("analyse", "under_analysis"),
        ("analyse", "under_analysis"),
        ("escalate", "under_analysis"),
        ("decide_actions", "actions_decided"),
        ("give_feedback", "feedback_given"),
        ("escalate", "feedback_given"),
        ("close", "closed"),
    ]
    second = history[2].changes
    assert second == {
        "cause": ["Halkigt golv efter dusch.", "Halkigt golv och ingen matta."],
        "risk": ["moderate", "high"],
    }
    assert history[6].changes == {
        "investigation_ended_on": [None, TODAY.isoformat()],
        "ivo_reported_on": [None, TODAY.isoformat()],
    }
    # Feedback went to the reporter as a message.
    assert inbox_of(world, "personal") == [f"Återkoppling på avvikelse {at(2):%Y-%m-%d}"]
    # Closed: nothing more.
    with pytest.raises(Conflict, match="avslutad och kan inte ändras"):
        analyse(world, deviation_id)


def test_steps_out_of_order_are_refused_and_change_nothing(setup: tuple[World, int]) -> None:
    world, person_id = setup
    deviation_id = register(world, person_id).deviation_id
    before = version(world, deviation_id)
    with pytest.raises(Conflict, match="Analysera avvikelsen"):
        decide(world, deviation_id)
    with pytest.raises(Conflict, match="eskaleras först när analysen"):
        escalate(world, deviation_id, investigation_started_on=TODAY)
    with pytest.raises(Conflict, match="Ge återkoppling till rapportören innan"):
        close(world, deviation_id)
    analyse(world, deviation_id)
    decide(world, deviation_id)
    with pytest.raises(Conflict, match="Ge återkoppling till rapportören innan"):
        close(world, deviation_id)
    assert state(world, deviation_id) is DeviationState.ACTIONS_DECIDED
    # register, analyse, decide: three versions on from the first.
    assert version(world, deviation_id) == before + 2
    assert len(events(world, deviation_id)) == 3


def test_bad_input_is_refused_in_swedish_and_nothing_is_saved(setup: tuple[World, int]) -> None:
    world, person_id = setup
    with pytest.raises(ValidationError, match="Beskriv vad som hände") as caught:
        register(world, person_id, description="   ")
    assert caught.value.field == "description"
    with pytest.raises(ValidationError, match="kan inte ligga i framtiden") as caught:
        register(world, person_id, occurred_at=CLOCK.local_now() + timedelta(minutes=1))
    assert caught.value.field == "occurred_at"
    with pytest.raises(ValidationError, match="Välj en typ"):
        register(world, person_id, type_code="no_such_type")
    assert deviation_count(world) == 0
    assert inbox_of(world, "gruppchef") == []
    # Three days ago: room for dates before today.
    deviation_id = register(world, person_id, occurred_at=at(72)).deviation_id
    analyse(world, deviation_id)
    decide(world, deviation_id)
    with pytest.raises(ValidationError, match="Skriv återkopplingen"):
        feedback(world, deviation_id, words=" ")
    with pytest.raises(ValidationError, match="MAS-bedömning gäller hälso- och sjukvård"):
        escalate(world, deviation_id, escalation=Escalation.MAS, mas_assessed_on=TODAY)
    with pytest.raises(ValidationError, match="kan inte avslutas före den påbörjades"):
        escalate(
            world,
            deviation_id,
            investigation_started_on=TODAY,
            investigation_ended_on=TODAY - timedelta(days=2),
        )
    with pytest.raises(ValidationError, match="kan inte vara ett datum i framtiden"):
        escalate(world, deviation_id, investigation_started_on=TODAY + timedelta(days=1))
    with pytest.raises(ValidationError, match="kan inte vara före händelsen"):
        escalate(world, deviation_id, investigation_started_on=TODAY - timedelta(days=4))
    assert state(world, deviation_id) is DeviationState.ACTIONS_DECIDED
    assert len(events(world, deviation_id)) == 3


def test_only_managers_of_the_unit_handle_a_deviation(setup: tuple[World, int]) -> None:
    world, person_id = setup
    deviation_id = register(world, person_id).deviation_id
    # The reporter, a samordnare elsewhere, a handläggare: refused.
    with pytest.raises(PermissionDenied, match="Bara ansvarig chef"):
        analyse(world, deviation_id, user="personal")
    for user in ("soder", "handlaggare", "personal_soder"):
        with pytest.raises(PermissionDenied):
            analyse(world, deviation_id, user=user)
    assert state(world, deviation_id) is DeviationState.REGISTERED
    # Registering where one does not work, or on a person not engaged at the unit.
    with pytest.raises(PermissionDenied):
        register(world, None, user="personal_soder")
    with pytest.raises(ValidationError, match="inga pågående eller planerade insatser"):
        register(world, person_id, user="gruppchef", unit_id=world.units["Norr grupp 2"])
    # The verksamhetschef above the unit handles it.
    analyse(world, deviation_id, user="chef")
    assert state(world, deviation_id) is DeviationState.UNDER_ANALYSIS


def test_reading_is_for_the_managers_and_the_reporter_and_audited(
    setup: tuple[World, int],
) -> None:
    world, person_id = setup
    deviation_id = register(world, person_id).deviation_id
    with world.db.transaction() as session:
        view = queries.deviation_detail(session, world.actor("personal"), deviation_id)
        assert not view.may_handle
        assert view.person_name == "Testsson, Ingrid"
        assert queries.deviation_detail(session, world.actor("gruppchef"), deviation_id).may_handle
        with pytest.raises(PermissionDenied):
            queries.deviation_detail(session, world.actor("soder"), deviation_id)
    with world.db.read() as session:
        reads = session.scalars(
            select(AuditEvent.user_id).where(
                AuditEvent.entity_type == "deviation", AuditEvent.action == "read_person"
            )
        ).all()
    assert sorted(reads) == sorted([world.users["personal"], world.users["gruppchef"]])


def test_the_folder_and_its_count(setup: tuple[World, int]) -> None:
    world, person_id = setup
    first = register(world, person_id, occurred_at=at(5)).deviation_id
    second = register(world, person_id, occurred_at=at(3), type_code="medication").deviation_id
    unit_only = register(
        world, None, user="personal_soder", unit_id=world.units["Hemtjänst Söder"]
    ).deviation_id
    with world.db.transaction() as session:
        chef = world.actor("chef")
        gruppchef = world.actor("gruppchef")
        personal = world.actor("personal")
        # chef manages both units: three open; gruppchef only Norr: two; the reporter sees
        # their own two.
        assert queries.open_deviation_count(session, chef) == 3
        assert queries.open_deviation_count(session, gruppchef) == 2
        assert queries.open_deviation_count(session, personal) == 2
        assert queries.open_deviation_count(session, world.actor("soder")) == 0
        rows = queries.deviation_folder(session, chef)
        assert [row.id for row in rows] == [unit_only, second, first]
        assert rows[1].label.endswith("Läkemedel – Testsson, Ingrid (Registrerad)")
    analyse(world, first)
    decide(world, first)
    feedback(world, first)
    close(world, first)
    with world.db.transaction() as session:
        assert queries.open_deviation_count(session, world.actor("gruppchef")) == 1
        # The manager keeps the closed one in the folder (its state shown) for CLOSED_DAYS.
        managed = queries.deviation_folder(session, world.actor("gruppchef"))
        assert [(row.id, row.state) for row in managed] == [
            (second, DeviationState.REGISTERED),
            (first, DeviationState.CLOSED),
        ]
        # The reporter still sees the closed one, with its state.
        own = queries.deviation_folder(session, world.actor("personal"))
        assert [(row.id, row.state) for row in own] == [
            (second, DeviationState.REGISTERED),
            (first, DeviationState.CLOSED),
        ]
        assert queries.open_deviation_count(session, world.actor("personal")) == 1


def test_the_count_takes_a_managers_own_deviations_once(setup: tuple[World, int]) -> None:
    """The count adds the units' open deviations and the actor's own open ones elsewhere:
    one the chef reported at a unit they manage is not counted twice, and one reported at a
    unit they no longer manage (scope narrowed to Norr) is still theirs to see."""
    world, person_id = setup
    register(world, person_id)
    register(world, None, user="chef", unit_id=world.units["Hemtjänst Söder"])
    chef = world.actor("chef")
    norr = world.units["Hemtjänst Norr"]
    only_norr = replace(
        chef,
        scope={
            role: frozenset(unit for unit in units if _under(world, unit, norr))
            for role, units in chef.scope.items()
        },
    )
    with world.db.read() as session:
        assert queries.open_deviation_count(session, chef) == 2
        assert queries.open_deviation_count(session, only_norr) == 2
        assert queries.open_deviation_count(session, world.actor("gruppchef")) == 1


def _under(world: World, unit_id: int, ancestor_id: int) -> bool:
    with world.db.read() as session:
        chain = unit_and_ancestors(all_units(session), unit_id)
    return any(unit.id == ancestor_id for unit in chain)


def test_a_closed_deviation_leaves_the_managers_folder_after_closed_days(
    setup: tuple[World, int],
) -> None:
    world, person_id = setup
    old = register(world, person_id, occurred_at=at(24 * (queries.CLOSED_DAYS + 1))).deviation_id
    recent = register(world, person_id, occurred_at=at(24 * (queries.CLOSED_DAYS - 1)))
    for deviation_id in (old, recent.deviation_id):
        analyse(world, deviation_id)
        decide(world, deviation_id)
        feedback(world, deviation_id)
        close(world, deviation_id)
    with world.db.transaction() as session:
        shown = [row.id for row in queries.deviation_folder(session, world.actor("gruppchef"))]
    assert recent.deviation_id in shown
    assert old not in shown


def test_the_history_and_the_deviations_cannot_be_deleted_or_rewritten(
    setup: tuple[World, int],
) -> None:
    world, person_id = setup
    deviation_id = register(world, person_id).deviation_id
    for statement in (
        "DELETE FROM deviations",
        f"DELETE FROM deviation_events WHERE deviation_id = {deviation_id}",
        "UPDATE deviation_events SET step = 'x'",
    ):
        with pytest.raises(DBAPIError), world.db.transaction() as session:
            session.execute(text(statement))
    assert deviation_count(world) == 1
    assert [row.step for row in events(world, deviation_id)] == ["register"]


def test_a_stale_version_is_refused(setup: tuple[World, int]) -> None:
    world, person_id = setup
    deviation_id = register(world, person_id).deviation_id
    command = AnalyseDeviation(
        deviation_id=deviation_id,
        expected_version=version(world, deviation_id) + 1,
        cause="Orsak",
        consequence="Konsekvens",
        risk=RiskLevel.LOW,
    )
    with pytest.raises(Conflict, match="ändrats av någon annan"):
        _run(world, "gruppchef", deviations.analyse_deviation, command)


def test_the_folder_audits_each_deviation_shown_that_names_a_person(
    setup: tuple[World, int],
) -> None:
    """One READ per avvikelse on a person, with the avvikelse as the entity and its own
    unit; an avvikelse on the unit alone names nobody and is not a read of a person."""
    world, person_id = setup
    on_person = register(world, person_id).deviation_id
    on_unit = register(world, None).deviation_id
    with world.db.transaction() as session:
        before = session.scalar(select(text("max(id)")).select_from(AuditEvent)) or 0
        actor = world.actor("gruppchef")
        shown = {row.id for row in queries.deviation_folder(session, actor)}
        assert shown == {on_person, on_unit}
        written = session.scalars(select(AuditEvent).where(AuditEvent.id > before)).all()
        assert [
            (e.entity_type, e.entity_id, e.person_id, e.unit_id, e.user_id, e.details)
            for e in written
        ] == [
            (
                "deviation",
                on_person,
                person_id,
                world.units["Norr grupp 1"],
                actor.user_id,
                {"view": "deviations"},
            )
        ]
