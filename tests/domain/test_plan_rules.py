"""Genomförandeplan rules: months, states, deadlines and the field each refusal names."""

from __future__ import annotations

from datetime import date

import pytest

from treserva_desktop.domain import plan_rules
from treserva_desktop.domain.commands.plans import PlanActivityInput
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.plan_rules import PlanState

DAY = date(2026, 11, 3)
ACTIVITY = (PlanActivityInput(what="Dusch", who="Kontaktman", when_how="Tisdagar"),)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 3), 6, date(2027, 5, 3)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert plan_rules.add_months(day, months) == expected


def test_plan_state() -> None:
    assert (
        plan_rules.plan_state(None, date(2026, 12, 1), date(2026, 12, 1)) is PlanState.ESTABLISHED
    )
    assert (
        plan_rules.plan_state(None, date(2026, 12, 1), date(2026, 12, 2))
        is PlanState.FOLLOW_UP_OVERDUE
    )
    assert plan_rules.plan_state(None, None, date(2030, 1, 1)) is PlanState.ESTABLISHED
    assert plan_rules.plan_state(DAY, date(2026, 1, 1), date(2030, 1, 1)) is PlanState.ENDED


def test_deadline_is_shorter_in_short_term_care() -> None:
    assert plan_rules.establish_due_on(DAY, False, 14, 2) == date(2026, 11, 17)
    assert plan_rules.establish_due_on(DAY, True, 14, 2) == date(2026, 11, 5)


def _establish(**overrides: object) -> None:
    values: dict[str, object] = {
        "established_on": DAY,
        "today": DAY,
        "participants": "Märta och kontaktman",
        "goals": ("Trygghet",),
        "activities": ACTIVITY,
        "next_follow_up_on": date(2027, 5, 3),
    }
    values.update(overrides)
    plan_rules.check_establish(**values)  # type: ignore[arg-type]


def test_a_complete_plan_passes() -> None:
    _establish()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"established_on": date(2026, 11, 4)}, "established_on"),
        ({"participants": ""}, "participants"),
        ({"participants": "x" * 501}, "participants"),
        ({"goals": ()}, "goals"),
        ({"goals": ("x" * 1001,)}, "goals"),
        ({"goals": ("Mål",) * 21}, "goals"),
        ({"activities": ()}, "activities"),
        ({"activities": (PlanActivityInput(what="", who="A"),)}, "activities"),
        ({"next_follow_up_on": DAY}, "next_follow_up_on"),
    ],
)
def test_establish_refusals_name_their_field(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _establish(**overrides)
    assert caught.value.field == field


def test_follow_up_and_end_refusals() -> None:
    common = {"established_on": DAY, "last_follow_up_on": date(2026, 11, 20), "ended_on": None}
    with pytest.raises(ValidationError) as caught:
        plan_rules.check_follow_up(
            **common,
            followed_up_on=date(2026, 11, 19),
            today=date(2026, 12, 1),
            comment="Ok",
            next_follow_up_on=None,
        )
    assert "2026-11-20" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        plan_rules.check_follow_up(
            **common,
            followed_up_on=date(2026, 11, 25),
            today=date(2026, 12, 1),
            comment="",
            next_follow_up_on=None,
        )
    assert caught.value.field == "comment"
    with pytest.raises(ValidationError) as caught:
        plan_rules.check_end(**common, stop_date=date(2026, 11, 19), reason="Flytt")
    assert caught.value.field == "ended_on"
    with pytest.raises(ValidationError) as caught:
        plan_rules.check_end(**common, stop_date=date(2026, 11, 20), reason="")
    assert caught.value.field == "reason"
    plan_rules.check_end(**common, stop_date=date(2026, 11, 20), reason="Flytt")
    with pytest.raises(ValidationError) as caught:
        plan_rules.check_end(
            established_on=DAY, last_follow_up_on=None, ended_on=DAY, stop_date=DAY, reason="x"
        )
    assert "redan avslutad" in caught.value.message
