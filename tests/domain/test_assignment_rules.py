"""Pure assignment rules shared by dialogs and services: periods, texts, stop reason, units."""

from __future__ import annotations

from datetime import date

import pytest

from treserva_desktop.domain import assignment_rules as ar
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    ExecutionStatus,
    OrgUnitKind,
    Role,
)
from treserva_desktop.domain.errors import DomainError, PermissionDenied, ValidationError
from treserva_desktop.domain.rules import Actor, RoleGrant
from treserva_desktop.domain.views import period_text

MONDAY = date(2024, 3, 11)
FRIDAY = date(2024, 3, 15)


def refused(fn: object, *args: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        fn(*args)  # type: ignore[operator]
    return caught.value


# --- check_period ---------------------------------------------------------------------------


def test_period_accepts_open_and_ordered_periods() -> None:
    ar.check_period(MONDAY, None)
    ar.check_period(MONDAY, MONDAY)
    ar.check_period(MONDAY, FRIDAY)


def test_period_refuses_end_before_start_in_swedish() -> None:
    error = refused(ar.check_period, FRIDAY, MONDAY)
    assert (error.field, error.message) == (
        "end_date",
        "T.o.m. (2024-03-11) kan inte vara före Fr.o.m. (2024-03-15).",
    )


def test_period_names_the_given_field() -> None:
    with pytest.raises(ValidationError) as caught:
        ar.check_period(FRIDAY, MONDAY, fields=ar.Fields(end="row_end"))
    assert caught.value.field == "row_end"


# --- texts -----------------------------------------------------------------------------------


def test_legal_basis_is_required_and_fits_its_column() -> None:
    assert ar.check_legal_basis("  4 kap. 1 § SoL ") == "4 kap. 1 § SoL"
    assert ar.check_legal_basis("x" * 120) == "x" * 120
    assert refused(ar.check_legal_basis, " ").message == "Ange lagrum för beslutet."
    error = refused(ar.check_legal_basis, "x" * 121)
    assert (error.field, error.message) == ("legal_basis", "Lagrummet får vara högst 120 tecken.")


def test_goals_are_required_and_at_most_ten_thousand_characters() -> None:
    assert ar.check_goals(" Trygg hemma ") == "Trygg hemma"
    assert refused(ar.check_goals, "\n").message == "Ange mål och beskrivning för uppdraget."
    error = refused(ar.check_goals, "x" * 10_001)
    assert (error.field, error.message) == (
        "goals",
        "Målbeskrivningen får vara högst 10\u00a0000 tecken.",
    )


def test_stop_reason_is_required_and_at_most_two_thousand_characters() -> None:
    received, change = AssignmentStatus.RECEIVED, AssignmentKind.PROVIDER_CHANGE
    ar.check_can_stop(received, change, False, "x" * 2000)
    assert refused(ar.check_can_stop, received, change, False, " ").field == "reason"
    error = refused(ar.check_can_stop, received, change, False, "x" * 2001)
    assert (error.field, error.message) == ("reason", "Orsaken får vara högst 2\u00a0000 tecken.")


# --- distributable units ---------------------------------------------------------------------

DISTRIBUTOR = Actor(
    user_id=1,
    username="chef",
    display_name="Chef",
    grants=(RoleGrant(Role.GROUP_MANAGER, 10, "Hemtjänst Norr"),),
    scope={Role.GROUP_MANAGER: frozenset({3, 10, 11})},
)


def unit(unit_id: int = 11, **changes: object) -> ar.UnitFacts:
    values: dict[str, object] = {
        "id": unit_id,
        "name": "Norr grupp 1",
        "kind": OrgUnitKind.SUBUNIT,
        "is_provider": True,
        "sub_unit_names": (),
    }
    return ar.UnitFacts(**(values | changes))  # type: ignore[arg-type]


def test_a_performing_unit_in_scope_without_sub_units_takes_interventions() -> None:
    assert ar.distribution_refusal(DISTRIBUTOR, unit()) is None
    assert ar.can_distribute_to(DISTRIBUTOR, unit(10, kind=OrgUnitKind.UNIT, name="Norr"))


@pytest.mark.parametrize(
    ("facts", "kind", "message"),
    [
        (
            unit(99, name="Söder grupp A"),
            PermissionDenied,
            "Du kan inte fördela till Söder grupp A: enheten ingår inte i dina enheter.",
        ),
        (
            unit(is_provider=False, name="Biståndsenheten"),
            ValidationError,
            "Biståndsenheten är ingen utförarenhet. Välj en annan enhet.",
        ),
        (
            unit(3, kind=OrgUnitKind.BRANCH, name="ÄO Hemtjänst"),
            ValidationError,
            "ÄO Hemtjänst är ingen utförarenhet. Välj en annan enhet.",
        ),
        (
            unit(10, kind=OrgUnitKind.UNIT, name="Hemtjänst Norr", sub_unit_names=("B", "A")),
            ValidationError,
            "Hemtjänst Norr har underenheter (A, B). Fördela insatsen till en av underenheterna.",
        ),
    ],
)
def test_units_that_cannot_take_interventions_say_why(
    facts: ar.UnitFacts, kind: type[DomainError], message: str
) -> None:
    refusal = ar.distribution_refusal(DISTRIBUTOR, facts)
    assert isinstance(refusal, kind)
    assert (refusal.field, refusal.message) == ("unit_id", message)
    assert not ar.can_distribute_to(DISTRIBUTOR, facts)


def test_period_text_is_one_swedish_form_everywhere() -> None:
    assert period_text(MONDAY, FRIDAY) == "2024-03-11 – 2024-03-15"
    assert period_text(MONDAY, None) == "2024-03-11 – tills vidare"
    overlap = ar.ExistingRow(MONDAY, None, ExecutionStatus.SENT_TO_EXECUTION, "Norr grupp 1")
    error = refused(ar.check_no_overlap, FRIDAY, None, [overlap])
    assert error.message.endswith("(Norr grupp 1, 2024-03-11 – tills vidare).")
