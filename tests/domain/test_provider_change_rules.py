"""The pure rules of Byt utförare: which units may take over, the takeover date, and what
happens to the old rows."""

from __future__ import annotations

from datetime import date

import pytest

from treserva_desktop.domain import provider_change_rules as rules
from treserva_desktop.domain.enums import BusinessArea, ExecutionStatus, OrgUnitKind
from treserva_desktop.domain.errors import ValidationError

DAY = date(2026, 12, 28)
HOME = BusinessArea.HOME_CARE


def _unit(
    unit_id: int,
    provider: int | None,
    kind: OrgUnitKind = OrgUnitKind.SUBUNIT,
    area: BusinessArea | None = HOME,
    is_provider: bool = True,
) -> rules.TargetFacts:
    return rules.TargetFacts(unit_id, f"Enhet {unit_id}", kind, is_provider, area, provider)


NORR_1 = _unit(11, 10)


@pytest.mark.parametrize(
    ("target", "refused"),
    [
        (_unit(20, 20, OrgUnitKind.UNIT), False),  # another provider
        (_unit(21, 20), False),  # a sub-unit of another provider
        (_unit(11, 10), True),  # the same unit
        (_unit(12, 10), True),  # a sibling sub-unit of the same provider
        (_unit(10, 10, OrgUnitKind.UNIT), True),  # the provider above it
        (_unit(30, 30, OrgUnitKind.UNIT, BusinessArea.NURSING_HOME), True),
        (_unit(40, None, OrgUnitKind.BRANCH), True),
        (_unit(50, 50, OrgUnitKind.UNIT, BusinessArea.AUTHORITY, is_provider=False), True),
        (_unit(60, 60, OrgUnitKind.UNIT, area=None), False),  # area not stated: not refused
    ],
)
def test_target_refusal(target: rules.TargetFacts, refused: bool) -> None:
    refusal = rules.target_refusal(target, HOME, [NORR_1])
    assert (refusal is not None) is refused
    if refusal is not None:
        assert refusal.field == "to_unit_id"


def _check(change: date, **overrides: object) -> None:
    values: dict[str, object] = {
        "today": DAY,
        "max_backdate_days": 7,
        "decision_start": date(2026, 1, 1),
        "decision_end": date(2027, 6, 30),
        "rows_end": None,
    }
    values.update(overrides)
    rules.check_change_date(change, **values)  # type: ignore[arg-type]


def test_change_date_limits() -> None:
    _check(date(2026, 12, 21))  # exactly the setting back
    _check(date(2027, 6, 30))  # the decision's last day
    for day, overrides, text in [
        (date(2026, 12, 20), {}, "högst 7 dagar bakåt"),
        (date(2026, 12, 27), {"max_backdate_days": 0}, "före dagens datum"),
        (date(2027, 7, 1), {}, "efter beslutsperiodens slut"),
        (date(2026, 12, 28), {"decision_start": date(2027, 1, 1)}, "före beslutsperiodens"),
        (date(2027, 1, 2), {"rows_end": date(2027, 1, 1)}, "senast den dagen"),
    ]:
        with pytest.raises(ValidationError) as caught:
            _check(day, **overrides)
        assert caught.value.field == "change_date"
        assert text in caught.value.message


def test_old_row_endings() -> None:
    live = ExecutionStatus.SENT_TO_EXECUTION
    rows = [
        rules.OldRow(1, date(2026, 1, 1), None, live),  # running: ends the day before
        rules.OldRow(2, date(2026, 1, 1), date(2026, 12, 1), live),  # ended before: kept
        rules.OldRow(3, date(2027, 1, 10), None, live),  # planned after: revoked
        rules.OldRow(4, date(2027, 1, 1), None, live),  # starts on the day: revoked
        rules.OldRow(5, date(2026, 1, 1), None, ExecutionStatus.REVOKED),  # revoked: kept
        rules.OldRow(6, date(2026, 6, 1), date(2027, 1, 1), live),  # ends on the day: ends before
    ]
    endings = rules.old_row_endings(rows, date(2027, 1, 1))
    assert endings == [
        rules.RowEnding(1, date(2026, 12, 31), revoke=False),
        rules.RowEnding(3, None, revoke=True),
        rules.RowEnding(4, None, revoke=True),
        rules.RowEnding(6, date(2026, 12, 31), revoke=False),
    ]


def test_rows_end() -> None:
    assert rules.rows_end([date(2027, 1, 1), date(2027, 3, 1)]) == date(2027, 3, 1)
    assert rules.rows_end([date(2027, 1, 1), None]) is None
