"""Safe defaults of Acceptera och fördela (issue 12): which Utförarenhet Registrera preselects
and why, and the Debiteringsområde proposed from the performing unit and set on the person in
the distribution's own transaction. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from tests.helpers.assignment_world import World, build_world

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, OrgUnit, Person, PersonChange
from treserva_desktop.db.queries.distribution import assignment_distribution
from treserva_desktop.domain import distribution_defaults as defaults
from treserva_desktop.domain.changes import ChangeKind, changes_of
from treserva_desktop.domain.commands.authority import InterventionInput
from treserva_desktop.domain.enums import TimePer
from treserva_desktop.domain.errors import Conflict, ValidationError
from treserva_desktop.domain.views.authority import SentAssignment
from treserva_desktop.domain.views.distribution import AssignmentDistributionView
from treserva_desktop.services import distribution


def _view(
    world: World, sent: SentAssignment, actor: str = "gruppchef"
) -> AssignmentDistributionView:
    with world.db.read() as session:
        return assignment_distribution(session, world.actor(actor), sent.assignment_id)


def _care(view: AssignmentDistributionView):
    return next(item for item in view.interventions if item.type_code == "personal_care")


# --- the pure rule -------------------------------------------------------------------------


def test_preselect_unit_takes_the_first_safe_guess_that_is_offered() -> None:
    offered = {1, 2, 3}
    assert defaults.preselect_unit(
        offered, person_units=[9, 2], last_used=3, only_fitting=1
    ) == defaults.Preselection(2, defaults.PERSON_HAS_ROWS)
    assert defaults.preselect_unit(
        offered, person_units=[9], last_used=3, only_fitting=1
    ) == defaults.Preselection(3, defaults.LAST_USED)
    assert defaults.preselect_unit(
        offered, person_units=[], last_used=8, only_fitting=1
    ) == defaults.Preselection(1, defaults.ONLY_FITTING)
    # Nothing safe: the user chooses.
    assert defaults.preselect_unit(
        offered, person_units=[9], last_used=None, only_fitting=None
    ) == defaults.Preselection(None)


def test_preselect_billing_area_never_replaces_the_persons_own() -> None:
    assert defaults.preselect_billing_area(None, "HT-N", {"HT-N", "HT-S"}) == "HT-N"
    assert defaults.preselect_billing_area("HT-S", "HT-N", {"HT-N", "HT-S"}) is None
    assert defaults.preselect_billing_area(None, "GONE", {"HT-N"}) is None
    assert defaults.preselect_billing_area(None, None, {"HT-N"}) is None


# --- the read side: what Registrera preselects ---------------------------------------------


def test_no_guess_for_a_first_assignment_then_the_unit_last_used(any_db: Database) -> None:
    world = build_world(any_db)
    first = world.send_billable()
    care = _care(_view(world, first))
    # Hemtjänst Norr has two groups and nobody has distributed from it yet.
    assert (care.default_unit_id, care.default_unit_reason) == (None, "")
    world.distribute(first, unit="Norr grupp 2")

    second = world.send_billable()
    care = _care(_view(world, second))
    assert care.default_unit_id == world.units["Norr grupp 2"]
    assert care.default_unit_reason == defaults.LAST_USED
    # Another user's history is not this user's guess.
    assert _care(_view(world, second, "chef")).default_unit_id is None


def test_the_unit_where_the_person_already_has_rows_comes_first(any_db: Database) -> None:
    world = build_world(any_db)
    command = world.new_assignment()
    first = world.send_billable(person=command.person)
    world.distribute(first, unit="Norr grupp 1")
    other = world.send_billable()
    world.distribute(other, unit="Norr grupp 2")  # the unit last used
    # A new assignment for the first person: their own unit beats the last used one.
    again = world.send(
        person=command.person,
        existing_person_id=first.person_id,
        interventions=(InterventionInput(type_code="personal_care", hours=2, per=TimePer.WEEK),),
    )
    assert again.person_id == first.person_id
    care = _care(_view(world, again))
    assert care.default_unit_id == world.units["Norr grupp 1"]
    assert care.default_unit_reason == defaults.PERSON_HAS_ROWS


def test_billing_areas_and_unit_defaults_are_in_the_view(any_db: Database) -> None:
    world = build_world(any_db)
    with world.db.transaction() as session:
        unit = session.get(OrgUnit, world.units["Norr grupp 1"])
        assert unit is not None
        unit.default_billing_area_code = "HT-N"
    sent = world.send()  # the new person has no billing area
    view = _view(world, sent)
    assert ("HT-N", next(t for c, t in view.billing_areas if c == "HT-N")) in view.billing_areas
    choices = {choice.name: choice.default_billing_area for choice in _care(view).unit_choices}
    assert choices["Norr grupp 1"] == "HT-N"
    assert choices["Norr grupp 2"] is None
    # A person with an area gets no list to choose from.
    world.set_billing_area(sent.person_id)
    assert _view(world, sent).billing_areas == ()


# --- the write side: the proposed billing area is set with the row -------------------------


def test_distribution_sets_the_proposed_billing_area_in_one_transaction(
    any_db: Database,
) -> None:
    world = build_world(any_db)
    sent = world.send()
    result = world.distribute(sent, billing_area_code="HT-N")
    assert result.billing_area_set
    assert changes_of(
        distribution.distribute_intervention,
        world.distribute_command(sent),
        result,
    ) == {ChangeKind.ASSIGNMENTS, ChangeKind.EXECUTIONS, ChangeKind.PERSONS}
    with world.db.read() as session:
        person = session.get(Person, sent.person_id)
        assert person is not None
        assert person.billing_area_code == "HT-N"
        history = session.scalars(
            select(PersonChange.field).where(PersonChange.person_id == sent.person_id)
        ).all()
        assert "billing_area" in history
        audited = session.scalars(
            select(AuditEvent.entity_type).where(AuditEvent.person_id == sent.person_id)
        ).all()
        assert "person" in audited


def test_a_persons_own_billing_area_is_never_replaced(any_db: Database) -> None:
    world = build_world(any_db)
    sent = world.send_billable()
    result = world.distribute(sent, billing_area_code="HT-S")
    assert not result.billing_area_set
    with world.db.read() as session:
        person = session.get(Person, sent.person_id)
        assert person is not None
        assert person.billing_area_code == "HT-N"


def test_an_unknown_billing_area_changes_nothing(any_db: Database) -> None:
    world = build_world(any_db)
    sent = world.send()
    with pytest.raises(ValidationError):
        world.distribute(sent, billing_area_code="NOPE")
    with world.db.read() as session:
        person = session.get(Person, sent.person_id)
        assert person is not None
        assert person.billing_area_code is None
    assert _care(_view(world, sent)).rows == ()


def test_billing_area_and_row_fail_together_on_a_stale_assignment(any_db: Database) -> None:
    world = build_world(any_db)
    sent = world.send()
    version = world.version(sent.assignment_id)
    with pytest.raises(Conflict):
        world.distribute(sent, billing_area_code="HT-N", expected_version=version + 3)
    with world.db.read() as session:
        person = session.get(Person, sent.person_id)
        assert person is not None
        assert person.billing_area_code is None
