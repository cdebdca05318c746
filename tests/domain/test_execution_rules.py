"""The pure rules of Rätta/Avsluta and Återkalla (the services and the dialogs call them)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treserva_desktop.domain import execution_rules
from treserva_desktop.domain.assignment_rules import ExistingRow
from treserva_desktop.domain.enums import ExecutionStatus
from treserva_desktop.domain.errors import Conflict, ValidationError

START = date(2026, 3, 1)
END = date(2026, 8, 31)
DECISION = (date(2026, 1, 1), date(2026, 12, 31))
LIVE = ExecutionStatus.ACKNOWLEDGED


def test_end_needs_a_date_after_the_start_inside_the_decision() -> None:
    execution_rules.check_end(START, START, *DECISION, [])
    with pytest.raises(ValidationError) as missing:
        execution_rules.check_end(START, None, *DECISION, [])
    assert missing.value.field == "end_date"
    with pytest.raises(ValidationError) as before:
        execution_rules.check_end(START, START - timedelta(days=1), *DECISION, [])
    assert before.value.field == "end_date"
    with pytest.raises(ValidationError) as outside:
        execution_rules.check_end(START, date(2027, 1, 1), *DECISION, [])
    assert "beslutsperiodens slut" in outside.value.message


def test_end_may_not_overlap_a_live_row_but_may_a_revoked_one() -> None:
    later = ExistingRow(date(2026, 6, 1), None, LIVE, "Norr grupp 2")
    with pytest.raises(ValidationError) as overlap:
        execution_rules.check_end(START, date(2026, 6, 1), *DECISION, [later])
    assert "Norr grupp 2" in overlap.value.message
    revoked = ExistingRow(date(2026, 6, 1), None, ExecutionStatus.REVOKED, "Norr grupp 2")
    execution_rules.check_end(START, date(2026, 6, 1), *DECISION, [revoked])
    execution_rules.check_end(START, date(2026, 5, 31), *DECISION, [later])


def test_reason_must_be_a_known_code() -> None:
    assert execution_rules.check_reason(" deceased ", ["deceased", "other"]) == "deceased"
    for code in ("", "nope"):
        with pytest.raises(ValidationError) as refused:
            execution_rules.check_reason(code, ["deceased"])
        assert refused.value.field == "reason_code"


def test_revoked_rows_and_stale_versions_are_conflicts() -> None:
    with pytest.raises(Conflict):
        execution_rules.check_can_change(ExecutionStatus.REVOKED)
    execution_rules.check_can_change(ExecutionStatus.UNDER_DISTRIBUTION)
    with pytest.raises(Conflict) as stale:
        execution_rules.check_version(4, 3)
    assert "någon annan" in stale.value.message


def test_a_successor_starts_after_the_revoked_days() -> None:
    execution_rules.check_replaced_start(date(2026, 5, 2), date(2026, 5, 1))
    with pytest.raises(ValidationError) as refused:
        execution_rules.check_replaced_start(date(2026, 5, 1), date(2026, 5, 1))
    assert refused.value.field == "start_date"


@given(st.integers(min_value=-400, max_value=400))
def test_revoke_day_lies_inside_the_row_before_its_last_day(offset: int) -> None:
    day = START + timedelta(days=offset)
    inside = START <= day < END
    if inside:
        assert execution_rules.check_revoke_day(LIVE, START, END, day, START) == day + timedelta(
            days=1
        )
    else:
        with pytest.raises(ValidationError) as refused:
            execution_rules.check_revoke_day(LIVE, START, END, day, START)
        assert refused.value.field == "day_before"


def test_revoke_on_the_first_day_and_on_an_open_row() -> None:
    # D = Fr.o.m. keeps a one-day row; D = Fr.o.m. - 1 would leave nothing of it.
    assert execution_rules.check_revoke_day(LIVE, START, None, START, START) == START + timedelta(
        days=1
    )
    with pytest.raises(ValidationError) as refused:
        execution_rules.check_revoke_day(LIVE, START, None, START - timedelta(days=1), START)
    assert "före radens början" in refused.value.message
    with pytest.raises(Conflict):
        execution_rules.check_revoke_day(
            ExecutionStatus.UNDER_DISTRIBUTION, START, None, START, START
        )
    with pytest.raises(Conflict):
        execution_rules.check_revoke_day(ExecutionStatus.REVOKED, START, None, START, START)


def test_an_ended_row_is_corrected_not_revoked() -> None:
    with pytest.raises(Conflict) as refused:
        execution_rules.check_revoke_day(LIVE, START, END, START, END + timedelta(days=1))
    assert "Rätta/Avsluta" in refused.value.message


def test_nothing_left_after_the_last_row_ends() -> None:
    today = date(2026, 6, 10)
    ended_on = date(2026, 6, 30)
    assert execution_rules.nothing_left_after([], today, ended_on)
    assert execution_rules.nothing_left_after([date(2026, 6, 30)], today, ended_on)
    assert not execution_rules.nothing_left_after([date(2026, 7, 1)], today, ended_on)
    assert not execution_rules.nothing_left_after([None], today, ended_on)
    # Ended back in time: rows running past today still count.
    assert not execution_rules.nothing_left_after([date(2026, 6, 11)], today, date(2026, 6, 1))
