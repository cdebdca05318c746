"""Acceptera och fördela: Registrera (new rows and rows Under fördelning), the distribution
view, Stoppa, concurrent distributions and the pure rules behind them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session
from tests.helpers.assignment_world import (
    PERIOD_END,
    PERIOD_START,
    World,
    build_world,
    counts,
)

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    Assignment,
    AuditEvent,
    Execution,
    Message,
    MessageRecipient,
    OrgUnit,
    Person,
    RoleAssignment,
)
from treserva_desktop.db.queries import tree
from treserva_desktop.db.queries.counts import new_assignment_counts
from treserva_desktop.db.queries.distribution import affected_recipients, assignment_distribution
from treserva_desktop.db.queries.genomforande import genomforande_new_assignments
from treserva_desktop.domain import assignment_rules
from treserva_desktop.domain.commands.authority import InterventionInput
from treserva_desktop.domain.commands.distribution import RegisterExecution, StopAssignment
from treserva_desktop.domain.enums import (
    AssignmentStatus,
    AuditAction,
    BusinessArea,
    ExecutionStatus,
    OrgUnitKind,
    Role,
    TimePer,
)
from treserva_desktop.domain.errors import (
    Conflict,
    DomainError,
    PermissionDenied,
    ValidationError,
)
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.authority import SentAssignment
from treserva_desktop.services import distribution


def _refused_distribution(
    world: World, sent: SentAssignment, error: type[DomainError], **overrides: Any
) -> DomainError:
    actor = overrides.pop("actor", "gruppchef")
    command = world.distribute_command(sent, **overrides)
    before = counts(world.db)
    version = world.version(sent.assignment_id)
    with pytest.raises(error) as caught, world.db.transaction() as session:
        distribution.distribute_intervention(session, world.actor(actor), command)
    assert counts(world.db) == before
    assert world.version(sent.assignment_id) == version
    with world.db.read() as session:
        assignment = session.get(Assignment, sent.assignment_id)
        assert assignment is not None
        assert assignment.status is AssignmentStatus.RECEIVED
    return caught.value


# --- Acceptera och fördela: the happy paths -----------------------------------------------


def test_distribute_accepts_and_sends_to_execution(any_db: Database) -> None:
    world = build_world(any_db)
    sent = world.send_billable()
    version = world.version(sent.assignment_id)
    first = world.distribute(sent)
    assert first.execution_status is ExecutionStatus.SENT_TO_EXECUTION
    assert first.assignment_status is AssignmentStatus.ACCEPTED
    assert first.assignment_version == version + 1
    assert not first.all_distributed
    with any_db.read() as session:
        assignment = session.get(Assignment, sent.assignment_id)
        assert assignment is not None
        assert assignment.accepted_by_user_id == world.users["gruppchef"]
        assert assignment.accepted_at is not None
        row = session.get(Execution, first.execution_id)
        assert row is not None
        assert (row.minutes, row.per, row.unit_id) == (
            1200,
            TimePer.MONTH,
            world.units["Norr grupp 1"],
        )
        # Still in Nya uppdrag: the safety alarm is not distributed yet.
        assert new_assignment_counts(session, world.actor("gruppchef")).total == 1
    second = world.distribute(
        sent, type_code="safety_alarm", expected_version=first.assignment_version
    )
    assert second.all_distributed
    assert second.assignment_version == first.assignment_version + 1
    with any_db.read() as session:
        actor = world.actor("gruppchef")
        assert new_assignment_counts(session, actor).total == 0
        persons = tree.unit_persons(session, actor, world.units["Norr grupp 1"])
        assert [p.id for p in persons] == [sent.person_id]
        audit = session.scalars(
            select(AuditEvent.entity_type).where(AuditEvent.action == AuditAction.CREATE)
        ).all()
        assert audit.count("execution") == 2


def test_an_intervention_can_be_split_over_units_and_periods(
    world: World, sent: SentAssignment
) -> None:
    middle = PERIOD_START + timedelta(days=90)
    first = world.distribute(sent, end_date=middle)
    world.distribute(
        sent,
        unit="Norr grupp 2",
        start_date=middle + timedelta(days=1),
        end_date=PERIOD_END,
        hours=Decimal("25.5"),
        expected_version=first.assignment_version,
    )
    with world.db.read() as session:
        view = assignment_distribution(session, world.actor("gruppchef"), sent.assignment_id)
    care = view.interventions[0]
    assert [(r.unit_name, r.start_date, r.time_text) for r in care.rows] == [
        ("Norr grupp 1", PERIOD_START, "20 tim/månad"),
        ("Norr grupp 2", middle + timedelta(days=1), "25,5 tim/månad"),
    ]


def test_under_distribution_then_registrera(world: World, sent: SentAssignment) -> None:
    result = world.distribute(sent, to_execution=False)
    assert result.execution_status is ExecutionStatus.UNDER_DISTRIBUTION
    with world.db.read() as session:
        assert genomforande_new_assignments(session, world.actor("personal")) == []
        row = session.get(Execution, result.execution_id)
        assert row is not None
        row_version = row.version
    command = RegisterExecution(
        execution_id=result.execution_id,
        hours=Decimal(6),
        per=TimePer.WEEK,
        expected_version=row_version,
    )
    with world.db.transaction() as session:
        registered = distribution.register_execution(session, world.actor("gruppchef"), command)
    assert registered.execution_status is ExecutionStatus.SENT_TO_EXECUTION
    with world.db.read() as session:
        row = session.get(Execution, result.execution_id)
        assert row is not None
        assert (row.minutes, row.per, row.status) == (
            360,
            TimePer.WEEK,
            ExecutionStatus.SENT_TO_EXECUTION,
        )
        assert len(genomforande_new_assignments(session, world.actor("personal"))) == 1
    # Registering again, or from a stale dialog, is refused.
    with pytest.raises(Conflict), world.db.transaction() as session:
        distribution.register_execution(session, world.actor("gruppchef"), command)


def test_registrera_checks_time_version_and_billing_area(world: World) -> None:
    sent = world.send()  # no billing area yet
    result = world.distribute(sent, to_execution=False)
    with world.db.read() as session:
        row = session.get(Execution, result.execution_id)
        assert row is not None
        version = row.version

    def refused(error: type[DomainError], **values: Any) -> DomainError:
        command = RegisterExecution(
            execution_id=result.execution_id, **{"expected_version": version, **values}
        )
        with pytest.raises(error) as caught, world.db.transaction() as session:
            distribution.register_execution(session, world.actor("gruppchef"), command)
        return caught.value

    assert refused(ValidationError, hours=Decimal(800), per=TimePer.MONTH).field == "hours"
    assert refused(ValidationError, hours=Decimal(5), per=TimePer.WEEK).field == "billing_area"
    assert isinstance(
        refused(Conflict, hours=Decimal(5), per=TimePer.WEEK, expected_version=version + 5),
        Conflict,
    )
    with pytest.raises(PermissionDenied), world.db.transaction() as session:
        distribution.register_execution(
            session,
            world.actor("soder"),
            RegisterExecution(
                execution_id=result.execution_id,
                hours=Decimal(5),
                per=TimePer.WEEK,
                expected_version=version,
            ),
        )


def test_housing_intervention_takes_no_time_and_no_billing_area(world: World) -> None:
    sent = world.send(
        interventions=(InterventionInput(type_code="special_housing"),),
        receiver_unit_id=world.units["Lindgården"],
    )
    result = world.distribute(sent, actor="chef", type_code="special_housing", unit="Lindgården")
    assert result.all_distributed
    error = _refused_distribution(
        world,
        world.send(
            interventions=(InterventionInput(type_code="special_housing"),),
            receiver_unit_id=world.units["Lindgården"],
        ),
        ValidationError,
        actor="chef",
        type_code="special_housing",
        unit="Lindgården",
        hours=Decimal(5),
        per=TimePer.WEEK,
    )
    assert error.field == "hours"


# --- Acceptera och fördela: bad input, nothing saved --------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"end_date": PERIOD_START - timedelta(days=1)}, "end_date", "kan inte vara före Fr.o.m."),
        ({"start_date": PERIOD_START - timedelta(days=1)}, "start_date", "före beslutsperiodens"),
        ({"end_date": PERIOD_END + timedelta(days=1)}, "end_date", "efter beslutsperiodens slut"),
        ({"end_date": None}, "end_date", "Ange T.o.m."),
        ({"start_date": PERIOD_END + timedelta(days=1), "end_date": PERIOD_END + timedelta(days=2)},
         "start_date", "efter beslutsperiodens slut"),
        ({"hours": Decimal(-1)}, "hours", "större än 0"),
        ({"hours": Decimal(0)}, "hours", "större än 0"),
        ({"hours": Decimal("744.5")}, "hours", "744 timmar per månad"),
        ({"hours": Decimal(169), "per": TimePer.WEEK}, "hours", "168 timmar per vecka"),
        ({"hours": None}, "hours", "Ange tidsåtgång"),
        ({"per": None}, "per", "per vecka eller per månad"),
        ({"type_code": "safety_alarm", "hours": Decimal(2), "per": TimePer.WEEK}, "hours",
         "anges inte för insatsen Trygghetslarm"),
    ],
)  # fmt: skip
def test_distribution_rules(
    world: World, sent: SentAssignment, overrides: dict[str, Any], field: str, text: str
) -> None:
    error = _refused_distribution(world, sent, ValidationError, **overrides)
    assert error.field == field
    assert text in error.message


def test_unit_outside_the_users_scope_is_refused(world: World, sent: SentAssignment) -> None:
    error = _refused_distribution(world, sent, PermissionDenied, unit="Hemtjänst Söder")
    assert error.field == "unit_id"
    assert "Hemtjänst Söder" in error.message


def test_non_provider_unit_is_refused(world: World, sent: SentAssignment) -> None:
    # The operations manager reaches Biståndsenheten in no role, so scope refuses it first;
    # a unit in scope that is not a provider is refused as such.
    with world.db.transaction() as session:
        from treserva_desktop.db.models import OrgUnit

        unit = session.get(OrgUnit, world.units["Norr grupp 1"])
        assert unit is not None
        unit.is_provider = False
    error = _refused_distribution(world, sent, ValidationError)
    assert error.field == "unit_id"


def test_user_without_distribution_right_at_the_receiver_is_refused(
    world: World, sent: SentAssignment
) -> None:
    _refused_distribution(world, sent, PermissionDenied, actor="soder", unit="Hemtjänst Söder")
    _refused_distribution(world, sent, PermissionDenied, actor="personal")


def test_billing_area_is_required_before_home_care_goes_to_execution(world: World) -> None:
    sent = world.send()
    error = _refused_distribution(world, sent, ValidationError)
    assert error.field == "billing_area"
    assert error.message.startswith("Personen saknar debiteringsområde.")
    # Without Till genomförande the row may be registered; sending it on needs the area.
    assert world.distribute(sent, to_execution=False).execution_status is (
        ExecutionStatus.UNDER_DISTRIBUTION
    )


def test_overlapping_live_rows_are_refused(world: World, sent: SentAssignment) -> None:
    first = world.distribute(sent, end_date=PERIOD_START + timedelta(days=30))
    command = world.distribute_command(
        sent,
        start_date=PERIOD_START + timedelta(days=30),
        expected_version=first.assignment_version,
    )
    before = counts(world.db)
    with pytest.raises(ValidationError) as caught, world.db.transaction() as session:
        distribution.distribute_intervention(session, world.actor("gruppchef"), command)
    assert caught.value.field == "start_date"
    assert "överlappar" in caught.value.message
    assert counts(world.db) == before


def test_revoked_rows_do_not_count_as_overlap(world: World, sent: SentAssignment) -> None:
    first = world.distribute(sent)
    with world.db.transaction() as session:
        row = session.get(Execution, first.execution_id)
        assert row is not None
        row.status = ExecutionStatus.REVOKED
    world.distribute(sent, expected_version=first.assignment_version)


def test_stale_dialog_gets_conflict(world: World, sent: SentAssignment) -> None:
    stale = world.distribute_command(sent)
    world.distribute(sent, type_code="safety_alarm")
    before = counts(world.db)
    with pytest.raises(Conflict) as caught, world.db.transaction() as session:
        distribution.distribute_intervention(session, world.actor("chef"), stale)
    assert caught.value.message.startswith("Uppdraget har just fördelats av någon annan.")
    assert counts(world.db) == before


def test_stopped_assignment_cannot_be_distributed(world: World, sent: SentAssignment) -> None:
    _stop(world, sent, misdirected=True)
    error = _refused_distribution_any_status(world, sent)
    assert "stoppat" in error.message


def _refused_distribution_any_status(world: World, sent: SentAssignment) -> DomainError:
    command = world.distribute_command(sent)
    with pytest.raises(Conflict) as caught, world.db.transaction() as session:
        distribution.distribute_intervention(session, world.actor("gruppchef"), command)
    return caught.value


def test_a_unit_with_sub_units_is_refused(world: World, sent: SentAssignment) -> None:
    before = counts(world.db)
    error = _refused_distribution(world, sent, ValidationError, unit="Hemtjänst Norr")
    assert error.field == "unit_id"
    assert error.message == (
        "Hemtjänst Norr har underenheter (Norr grupp 1, Norr grupp 2). Fördela insatsen till "
        "en av underenheterna."
    )
    assert counts(world.db) == before
    # A sub-unit, and a unit without sub-units, are fine.
    world.distribute(sent, unit="Norr grupp 2")


def test_a_single_sub_unit_is_the_default(world: World) -> None:
    sent = world.send(receiver_unit_id=world.units["Hemtjänst Söder"])
    with world.db.transaction() as session:
        session.add(
            OrgUnit(
                name="Söder grupp A",
                kind=OrgUnitKind.SUBUNIT,
                parent_id=world.units["Hemtjänst Söder"],
                business_area=BusinessArea.HOME_CARE,
                is_provider=True,
            )
        )
    with world.db.read() as session:
        view = assignment_distribution(session, world.actor("soder"), sent.assignment_id)
        only = session.scalars(select(OrgUnit.id).where(OrgUnit.name == "Söder grupp A")).one()
    care = view.interventions[0]
    assert [u.name for u in care.unit_choices] == ["Söder grupp A"]
    assert care.default_unit_id == only


# --- the performing unit's business area must fit the intervention (issue 9a) -------------


def test_home_care_cannot_go_to_a_nursing_home(world: World) -> None:
    """Item 9a: the operations manager has both areas in scope, yet home care is refused at
    Lindgården with a Swedish message naming both areas; nothing is saved."""
    sent = world.send_billable(receiver_unit_id=world.units["ÄO Hemtjänst"])
    error = _refused_distribution(world, sent, ValidationError, actor="chef", unit="Lindgården")
    assert error.field == "unit_id"
    assert error.message == (
        "Insatsen Personlig omvårdnad hör till hemtjänst och kan inte utföras av Lindgården "
        "(vårdboende/säbo). Välj en utförarenhet inom hemtjänst."
    )
    # The safety alarm is home care too.
    _refused_distribution(
        world, sent, ValidationError, actor="chef", unit="Lindgården", type_code="safety_alarm"
    )
    # The same row at a home-care unit goes through.
    assert world.distribute(sent, actor="chef", unit="Norr grupp 1").execution_id > 0


def _add_unit(world: World, name: str, parent: str, area: BusinessArea | None) -> int:
    with world.db.transaction() as session:
        unit = OrgUnit(
            name=name,
            kind=OrgUnitKind.UNIT,
            parent_id=world.units[parent],
            business_area=area,
            is_provider=True,
        )
        session.add(unit)
        session.flush()
        world.units[name] = unit.id
        return unit.id


def test_short_term_unit_and_housing_at_home_care_are_refused(world: World) -> None:
    _add_unit(world, "Korttid Eken", "ÄO Vårdboende", BusinessArea.SHORT_TERM)
    sent = world.send_billable(receiver_unit_id=world.units["ÄO Hemtjänst"])
    error = _refused_distribution(world, sent, ValidationError, actor="chef", unit="Korttid Eken")
    assert "(korttidsboende)" in error.message
    housing = world.send(
        interventions=(InterventionInput(type_code="special_housing"),),
        receiver_unit_id=world.units["Lindgården"],
    )
    error = _refused_distribution(
        world, housing, ValidationError, actor="chef", type_code="special_housing"
    )
    assert error.message.startswith("Insatsen Särskilt boende hör till vårdboende/säbo")
    assert "Norr grupp 1 (hemtjänst)" in error.message


def test_a_unit_without_area_takes_its_branchs_area(world: World) -> None:
    """A unit that states no business area is judged by its branch's; one with none anywhere
    up the tree is not refused on this ground."""
    _add_unit(world, "Lindgården hus B", "ÄO Vårdboende", None)
    _add_unit(world, "Allmän utförare", "ÄO Utförare", None)
    with world.db.transaction() as session:
        for unit_name in ("Lindgården hus B", "Allmän utförare"):
            session.add(
                RoleAssignment(
                    user_id=world.users["chef"],
                    role=Role.OPERATIONS_MANAGER,
                    unit_id=world.units[unit_name],
                )
            )
    sent = world.send_billable(receiver_unit_id=world.units["ÄO Hemtjänst"])
    error = _refused_distribution(
        world, sent, ValidationError, actor="chef", unit="Lindgården hus B"
    )
    assert "Lindgården hus B (vårdboende/säbo)" in error.message
    with world.db.read() as session:
        view = assignment_distribution(session, world.actor("chef"), sent.assignment_id)
    care = next(item for item in view.interventions if item.type_code == "personal_care")
    offered = [(u.name, u.preferred) for u in care.unit_choices]
    assert "Lindgården hus B" not in [name for name, _preferred in offered]
    assert offered[-1] == ("Allmän utförare", False)  # area unknown: offered last
    assert world.distribute(sent, actor="chef", unit="Allmän utförare").execution_id > 0


@given(
    intervention_area=st.sampled_from(BusinessArea),
    unit_area=st.none() | st.sampled_from(BusinessArea),
)
def test_business_area_rule(
    intervention_area: BusinessArea, unit_area: BusinessArea | None
) -> None:
    refusal = assignment_rules.business_area_refusal("X", intervention_area, "Y", unit_area)
    assert (refusal is None) == (unit_area is None or unit_area is intervention_area)
    assert assignment_rules.fits_business_area(intervention_area, unit_area) == (refusal is None)


def test_intervention_outside_the_assignment_is_refused(world: World, sent: SentAssignment) -> None:
    other = world.send()
    command = world.distribute_command(sent).model_copy(
        update={"intervention_id": world.intervention_id(other, "personal_care")}
    )
    with pytest.raises(ValidationError) as caught, world.db.transaction() as session:
        distribution.distribute_intervention(session, world.actor("gruppchef"), command)
    assert caught.value.field == "intervention_id"


# --- the dialog's view --------------------------------------------------------------------


def test_distribution_view_has_defaults_and_scoped_units(world: World) -> None:
    sent = world.send()
    with world.db.read() as session:
        view = assignment_distribution(session, world.actor("gruppchef"), sent.assignment_id)
    assert view.version == world.version(sent.assignment_id)
    assert view.can_distribute
    assert not view.all_distributed
    assert not view.person.has_billing_area
    care, alarm = view.interventions
    assert (care.name, care.granted_text, care.requires_time) == (
        "Personlig omvårdnad",
        "20 tim/månad",
        True,
    )
    assert care.needs_billing_area
    assert (care.default_start, care.default_end) == (PERIOD_START, PERIOD_END)
    assert (care.default_hours, care.default_per) == (Decimal(20), TimePer.MONTH)
    assert str(care.default_hours) == "20"
    # Hemtjänst Norr has sub-units: only they are offered, and with two there is no default.
    assert [u.name for u in care.unit_choices] == ["Norr grupp 1", "Norr grupp 2"]
    assert care.default_unit_id is None
    assert not alarm.requires_time
    assert alarm.default_hours is None
    assert care.status_text == "Ej fördelad"


def test_distribution_view_prefers_units_of_the_same_business_area(world: World) -> None:
    sent = world.send(
        interventions=(
            InterventionInput(type_code="special_housing"),
            InterventionInput(type_code="personal_care", hours=Decimal(3), per=TimePer.WEEK),
        ),
        receiver_unit_id=world.units["ÄO Hemtjänst"],
    )
    with world.db.read() as session:
        view = assignment_distribution(session, world.actor("chef"), sent.assignment_id)
    by_code = {item.type_code: item for item in view.interventions}
    housing = by_code["special_housing"].unit_choices
    home = by_code["personal_care"].unit_choices
    # Only units of the intervention's business area are offered (item 9a).
    assert [u.name for u in housing] == ["Lindgården"]
    assert housing[0].preferred
    assert home[0].business_area is BusinessArea.HOME_CARE
    assert all(u.preferred for u in home)
    assert "Lindgården" not in [u.name for u in home]
    assert by_code["special_housing"].default_unit_id == world.units["Lindgården"]
    assert by_code["personal_care"].default_unit_id is None  # three home-care units to pick from


def test_distribution_view_lists_the_receiving_units_own_first(world: World) -> None:
    """Hemtjänst Norr's own groups before the other home-care units (even those that sort
    before them by name), then the other business areas."""
    with world.db.transaction() as session:
        session.add(
            OrgUnit(
                name="Hemtjänst Aspen",
                kind=OrgUnitKind.UNIT,
                parent_id=world.units["ÄO Hemtjänst"],
                business_area=BusinessArea.HOME_CARE,
                is_provider=True,
            )
        )
    sent = world.send()  # to Hemtjänst Norr
    with world.db.read() as session:
        view = assignment_distribution(session, world.actor("chef"), sent.assignment_id)
    care = next(item for item in view.interventions if item.type_code == "personal_care")
    assert [(u.name, u.preferred) for u in care.unit_choices] == [
        ("Norr grupp 1", True),
        ("Norr grupp 2", True),
        ("Hemtjänst Aspen", True),
        ("Hemtjänst Söder", True),
    ]
    assert care.default_unit_id is None


def test_distribution_view_after_a_split_defaults_to_the_next_day(
    world: World, sent: SentAssignment
) -> None:
    middle = PERIOD_START + timedelta(days=40)
    world.distribute(sent, end_date=middle)
    with world.db.read() as session:
        view = assignment_distribution(session, world.actor("gruppchef"), sent.assignment_id)
    assert view.interventions[0].default_start == middle + timedelta(days=1)
    assert view.interventions[0].status_text == "Skickad till genomförande"


def test_distribution_view_requires_the_right(world: World, sent: SentAssignment) -> None:
    with pytest.raises(PermissionDenied), world.db.read() as session:
        assignment_distribution(session, world.actor("soder"), sent.assignment_id)


def test_affected_recipients_are_staff_at_the_performing_unit_and_the_sender(
    world: World, sent: SentAssignment
) -> None:
    world.distribute(sent)
    with world.db.read() as session:
        people = affected_recipients(session, world.actor("gruppchef"), sent.assignment_id)
    assert {p.user_id for p in people} == {world.users["personal"], world.users["handlaggare"]}
    assert next(p for p in people if p.user_id == world.users["personal"]).units == "Norr grupp 1"


# --- Stoppa -------------------------------------------------------------------------------


def _stop(world: World, sent: SentAssignment, **values: Any) -> int:
    command = StopAssignment(
        assignment_id=sent.assignment_id, **{"reason": "Fel område.", **values}
    )
    with world.db.transaction() as session:
        return distribution.stop_assignment(session, world.actor("gruppchef"), command)


def test_stop_a_misdirected_assignment_tells_the_sender(world: World, sent: SentAssignment) -> None:
    _stop(world, sent, misdirected=True, reason="Personen bor i Söder.")
    with world.db.read() as session:
        assignment = session.get(Assignment, sent.assignment_id)
        assert assignment is not None
        assert assignment.status is AssignmentStatus.STOPPED
        assert assignment.stopped_reason == "Personen bor i Söder."
        message = session.scalars(select(Message).where(Message.subject == "Uppdrag stoppat")).one()
        assert "Personen bor i Söder." in message.body
        assert "fel enhet" in message.body
        recipients = session.scalars(
            select(MessageRecipient.user_id).where(MessageRecipient.message_id == message.id)
        ).all()
        assert recipients == [world.users["handlaggare"]]
        assert new_assignment_counts(session, world.actor("gruppchef")).total == 0


@pytest.mark.parametrize(
    ("values", "error", "field"),
    [
        ({"misdirected": False}, ValidationError, "misdirected"),
        ({"misdirected": True, "reason": "  "}, ValidationError, "reason"),
    ],
)
def test_stop_rules(
    world: World,
    sent: SentAssignment,
    values: dict[str, Any],
    error: type[DomainError],
    field: str,
) -> None:
    before = counts(world.db)
    with pytest.raises(error) as caught:
        _stop(world, sent, **values)
    assert caught.value.field == field
    assert counts(world.db) == before


def test_an_accepted_assignment_cannot_be_stopped(world: World, sent: SentAssignment) -> None:
    world.distribute(sent)
    with pytest.raises(Conflict):
        _stop(world, sent, misdirected=True)


def test_person_billing_area_is_not_changed_by_distribution(
    world: World, sent: SentAssignment
) -> None:
    world.distribute(sent)
    with world.db.read() as session:
        person = session.get(Person, sent.person_id)
        assert person is not None
        assert person.billing_area_code == "HT-N"


# --- two sessions distributing the same assignment at once --------------------------------


def _wait_until(predicate: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the other session")
        time.sleep(0.01)


def _postgres_lock_waits(db: Database) -> int:
    with db.engine.connect() as connection:
        return (
            connection.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            )
            or 0
        )


def _race(db: Database, world: World, sent: SentAssignment, second_type: str) -> DomainError:
    """Session A distributes and holds its transaction open; session B, started from the same
    state, distributes while A is uncommitted; then A commits. Returns B's error."""
    first = world.distribute_command(sent)
    second = world.distribute_command(
        sent,
        type_code=second_type,
        unit="Norr grupp 2",
    )
    outcome: dict[str, object] = {}
    reached_flush = threading.Event()
    b_thread: threading.Thread | None = None

    def on_flush(_session: Session, _context: object, _instances: object) -> None:
        if threading.current_thread() is b_thread:
            reached_flush.set()

    def session_b() -> None:
        try:
            with db.transaction() as session:
                outcome["result"] = distribution.distribute_intervention(
                    session, world.actor("chef"), second
                )
        except DomainError as error:
            outcome["error"] = error

    event.listen(Session, "before_flush", on_flush)
    try:
        with db.transaction() as session_a:
            won = distribution.distribute_intervention(session_a, world.actor("gruppchef"), first)
            b_thread = threading.Thread(target=session_b)
            b_thread.start()
            if db.is_sqlite:
                _wait_until(reached_flush.is_set)
            else:
                _wait_until(lambda: _postgres_lock_waits(db) > 0)
        b_thread.join(timeout=30)
        assert not b_thread.is_alive()
    finally:
        event.remove(Session, "before_flush", on_flush)
    assert "result" not in outcome, "both sessions distributed the assignment"
    with db.read() as session:
        rows = session.scalars(
            select(Execution).where(Execution.assignment_id == sent.assignment_id)
        ).all()
        assert [row.id for row in rows] == [won.execution_id]
        assignment = session.get(Assignment, sent.assignment_id)
        assert assignment is not None
        assert assignment.version == won.assignment_version
        assert assignment.accepted_by_user_id == world.users["gruppchef"]
    error = outcome["error"]
    assert isinstance(error, DomainError)
    return error


@pytest.mark.parametrize("second_type", ["personal_care", "safety_alarm"])
def test_concurrent_distribution_sqlite(sqlite_db: Database, second_type: str) -> None:
    world = build_world(sqlite_db)
    sent = world.send_billable()
    error = _race(sqlite_db, world, sent, second_type)
    assert isinstance(error, Conflict)
    assert error.message.startswith("Uppdraget har just fördelats av någon annan.")


@pytest.mark.postgres
@pytest.mark.parametrize("second_type", ["personal_care", "safety_alarm"])
def test_concurrent_distribution_postgres(postgres_db: Database, second_type: str) -> None:
    world = build_world(postgres_db)
    sent = world.send_billable()
    error = _race(postgres_db, world, sent, second_type)
    assert isinstance(error, Conflict)
    assert error.message.startswith("Uppdraget har just fördelats av någon annan.")


@pytest.mark.postgres
def test_many_sessions_racing_exactly_one_wins(postgres_db: Database) -> None:
    world = build_world(postgres_db)
    sent = world.send_billable()
    command = world.distribute_command(sent)
    actors = [world.actor("gruppchef"), world.actor("chef")] * 3
    start = threading.Barrier(len(actors))
    results: list[object] = []
    lock = threading.Lock()

    def attempt(actor: Actor) -> None:
        start.wait()
        try:
            with postgres_db.transaction() as session:
                outcome: object = distribution.distribute_intervention(session, actor, command)
        except DomainError as error:
            outcome = error
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    wins = [r for r in results if not isinstance(r, DomainError)]
    losses = [r for r in results if isinstance(r, Conflict)]
    assert len(wins) == 1
    assert len(losses) == len(actors) - 1
    with postgres_db.read() as session:
        assert len(session.scalars(select(Execution)).all()) == 1


# --- the pure rules behind it -------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "per", "minutes"),
    [
        (Decimal("12.5"), TimePer.WEEK, 750),
        (Decimal("0.01"), TimePer.WEEK, 1),
        (Decimal("1.333"), TimePer.MONTH, 80),
        (Decimal(744), TimePer.MONTH, 44640),
        (Decimal(168), TimePer.WEEK, 10080),
    ],
)
def test_hours_to_minutes(hours: Decimal, per: TimePer, minutes: int) -> None:
    assert assignment_rules.hours_to_minutes(
        hours, per, requires_time=True, type_name="Service"
    ) == (minutes, per)


def test_hours_must_be_finite() -> None:
    with pytest.raises(ValidationError) as caught:
        assignment_rules.hours_to_minutes(
            Decimal("NaN"), TimePer.WEEK, requires_time=True, type_name="Service"
        )
    assert caught.value.field == "hours"


@pytest.mark.parametrize(
    ("minutes", "hours"), [(None, None), (1200, "20"), (750, "12.5"), (80, "1.33")]
)
def test_minutes_to_hours_for_prefilled_fields(minutes: int | None, hours: str | None) -> None:
    result = assignment_rules.minutes_to_hours(minutes)
    assert (str(result) if result is not None else None) == hours


@given(
    a_start=st.dates(),
    a_days=st.one_of(st.none(), st.integers(0, 400)),
    b_start=st.dates(),
    b_days=st.one_of(st.none(), st.integers(0, 400)),
)
def test_periods_overlap_matches_shared_days(
    a_start: date, a_days: int | None, b_start: date, b_days: int | None
) -> None:
    def end(start: date, days: int | None) -> date | None:
        if days is None:
            return None
        try:
            return start + timedelta(days=days)
        except OverflowError:
            return None

    a_end, b_end = end(a_start, a_days), end(b_start, b_days)
    overlap = assignment_rules.periods_overlap(a_start, a_end, b_start, b_end)
    assert overlap == assignment_rules.periods_overlap(b_start, b_end, a_start, a_end)
    latest_start = max(a_start, b_start)
    ends = [e for e in (a_end, b_end) if e is not None]
    expected = not ends or latest_start <= min(ends)
    assert overlap == expected


def test_reply_subject_adds_sv_once() -> None:
    assert assignment_rules.reply_subject("Nytt uppdrag") == "Sv: Nytt uppdrag"
    assert assignment_rules.reply_subject("SV: Nytt uppdrag") == "SV: Nytt uppdrag"
