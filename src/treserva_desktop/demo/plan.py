"""Plain-value plans for one demo person: interventions, decision dates and execution rows.

Everything is drawn here first; the ORM rows are built from the plans afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from treserva_desktop.db.models import Person
from treserva_desktop.demo import names
from treserva_desktop.demo.builder import DemoBuilder
from treserva_desktop.demo.organisation import MANAGER_OF, NORR_1, PERSONAL
from treserva_desktop.demo.spread import Fate, Placement
from treserva_desktop.domain.calendar import (
    add_working_days,
    latest_working_day,
    working_days_between,
)
from treserva_desktop.domain.enums import AssignmentStatus, BusinessArea, ExecutionStatus, TimePer

_A = BusinessArea

# Waiting this many working days or more: overdue under any overdue limit of up to 3 working
# days, whatever weekday or holiday the demo is generated on.
OVERDUE_WORKING_DAYS = 4
# For RECEIVED assignments: overdue (waiting 4–8 working days) or fresh (0–1 working days).
_RECEIVED_OVERDUE_CYCLE = (True, False, True, False, True, False, False)

# Home-care interventions and how likely each is in a person's decision.
HOME_CARE_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("personal_care", 70),
    ("service", 55),
    ("safety_alarm", 50),
    ("meal_delivery", 25),
    ("escort", 8),
    ("relief", 8),
    ("day_activity", 8),
)
# Granted time in 30-minute steps: (lowest steps, highest steps, per).
_GRANTED_TIME: dict[str, tuple[int, int, TimePer]] = {
    "personal_care": (10, 50, TimePer.WEEK),  # 5–25 h/week
    "service": (4, 20, TimePer.MONTH),  # 2–10 h/month
    "escort": (4, 16, TimePer.MONTH),  # 2–8 h/month
    "relief": (4, 16, TimePer.WEEK),  # 2–8 h/week
}
# The intervention types the plans may use: the code lists must hold them all.
REQUIRED_TYPES = frozenset(
    [code for code, _ in HOME_CARE_WEIGHTS] + ["special_housing", "short_term_stay", "respite_care"]
)


@dataclass(slots=True)
class RowPlan:
    """One execution row (Genomförande) of an intervention."""

    start: date
    end: date | None
    minutes: int | None
    status: ExecutionStatus
    end_reason: str = ""
    replaces_previous: bool = False


@dataclass(slots=True)
class InterventionPlan:
    """One granted intervention of the decision and its rows."""

    type_code: str
    granted_minutes: int | None
    granted_per: TimePer | None
    description: str
    rows: list[RowPlan] = field(default_factory=list)


@dataclass(slots=True)
class PersonPlan:
    """A person's case, decision and assignment as plain values; users by username."""

    person: Person
    fate: Fate
    area: BusinessArea
    receiver: str
    performer: str
    case_opened: date
    case_closed: date | None
    close_reason: str
    decided_on: date
    period_start: date
    period_end: date | None
    sent_at: datetime
    goals: str
    interventions: list[InterventionPlan]
    status: AssignmentStatus
    first_read_at: datetime | None = None
    first_read_by: str | None = None
    accepted_at: datetime | None = None
    accepted_by: str | None = None
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    # Filled while writing.
    assignment_id: int = 0


def years_before(day: date, years: int) -> date:
    """The same day `years` years earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _one_year_from(start: date) -> date:
    """The last day of a one-year period starting on `start`."""
    return years_before(start, -1) - timedelta(days=1)


def waited(plan: PersonPlan, today: date) -> int:
    """Working days a received assignment has waited, counted as the overdue rule counts."""
    return working_days_between(plan.sent_at.date(), today)


def _interventions(b: DemoBuilder, area: BusinessArea, fate: Fate) -> list[InterventionPlan]:
    rng = b.rng
    if area is _A.NURSING_HOME:
        codes = ["special_housing"]
    elif area is _A.SHORT_TERM:
        codes = ["short_term_stay" if rng.random() < 0.75 else "respite_care"]
    else:
        k = rng.choices((1, 2, 3), weights=(35, 40, 25))[0]
        picked = set(b.weighted_sample(HOME_CARE_WEIGHTS, k))
        if fate is Fate.REVISED:
            picked.add("personal_care")
        codes = [code for code, _ in HOME_CARE_WEIGHTS if code in picked]
    plans = []
    for code in codes:
        minutes: int | None = None
        per: TimePer | None = None
        if code in _GRANTED_TIME:
            low, high, per = _GRANTED_TIME[code]
            minutes = rng.randint(low, high) * 30
        description = rng.choice(names.INTERVENTION_DESCRIPTIONS[code])
        plans.append(InterventionPlan(code, minutes, per, description))
    return plans


def _allotted(b: DemoBuilder, granted: int | None) -> int | None:
    """Allotted time for a row: usually the granted time, sometimes less."""
    if granted is None:
        return None
    if b.rng.random() < 0.7:
        return granted
    steps = granted // 30
    return 30 * b.rng.randint(max(1, steps * 2 // 3), steps)


@dataclass(frozen=True, slots=True)
class _Dates:
    decided_on: date
    sent_day: date
    period_start: date
    period_end: date | None
    row_end: date | None  # the last day of the rows
    end_reason: str


def _dates(b: DemoBuilder, fate: Fate, short_term: bool, seq: int) -> _Dates:
    """Decision, sending and period dates for a fate, relative to `b.today`."""
    rng = b.rng
    today = b.today
    period_end: date | None = None
    row_end: date | None = None
    end_reason = ""
    if fate is Fate.RECEIVED:
        overdue = _RECEIVED_OVERDUE_CYCLE[seq % len(_RECEIVED_OVERDUE_CYCLE)]
        waited_days = rng.randint(OVERDUE_WORKING_DAYS, 8) if overdue else rng.randint(0, 1)
        sent_day = add_working_days(latest_working_day(today), -waited_days)
        decided_on = sent_day
        period_start = decided_on + timedelta(days=rng.randint(0, 3))
        if rng.random() < 0.4:
            period_end = _one_year_from(period_start)
    elif fate is Fate.ENDED:
        row_end = today - timedelta(days=rng.randint(1, 60))
        end_reason = rng.choice(names.END_REASONS)
        if short_term:
            period_start = row_end - timedelta(days=rng.randint(7, 40))
            period_end = row_end
        else:
            period_start = row_end - timedelta(days=rng.randint(30, 900))
            if end_reason == "Beslut upphört":
                period_end = row_end
        decided_on = period_start - timedelta(days=rng.randint(1, 5))
        sent_day = decided_on
    elif fate is Fate.PLANNED:
        decided_on = today - timedelta(days=rng.randint(1, 10))
        sent_day = decided_on
        period_start = today + timedelta(days=rng.randint(3, 21))
        if short_term:
            period_end = period_start + timedelta(days=rng.randint(7, 28))
        elif rng.random() < 0.4:
            period_end = _one_year_from(period_start)
    elif fate is Fate.UNDER_DISTRIBUTION:
        decided_on = today - timedelta(days=rng.randint(2, 6))
        sent_day = decided_on
        period_start = decided_on + timedelta(days=rng.randint(0, 2))
        if short_term:
            period_end = today + timedelta(days=rng.randint(7, 28))
        elif rng.random() < 0.4:
            period_end = _one_year_from(period_start)
    else:  # ONGOING, REVISED
        if short_term:
            period_start = today - timedelta(days=rng.randint(3, 40))
            period_end = today + timedelta(days=rng.randint(3, 30))
            decided_on = period_start - timedelta(days=rng.randint(1, 5))
        else:
            recent = fate is Fate.ONGOING and rng.random() < 0.15
            days_ago = rng.randint(3, 14) if recent else int(rng.triangular(60, 1500, 200))
            decided_on = today - timedelta(days=days_ago)
            period_start = decided_on + timedelta(days=rng.randint(0, 2))
            one_year = _one_year_from(period_start)
            if one_year >= today + timedelta(days=7) and rng.random() < 0.4:
                period_end = one_year
        sent_day = decided_on
    row_end = row_end if fate is Fate.ENDED else period_end
    return _Dates(decided_on, sent_day, period_start, period_end, row_end, end_reason)


def plan_person(b: DemoBuilder, person: Person, placement: Placement) -> PersonPlan:
    """The whole plan for `person`: dates, who read and accepted, and every row."""
    rng = b.rng
    fate, area = placement.fate, placement.area
    receiver, performer = placement.receiver, placement.performer
    short_term = area is _A.SHORT_TERM
    interventions = _interventions(b, area, fate)
    goals = " ".join(rng.sample(names.GOALS[area], rng.randint(1, 3)))
    dates = _dates(b, fate, short_term, placement.seq)

    sent_at = b.at(dates.sent_day)
    plan = PersonPlan(
        person=person,
        fate=fate,
        area=area,
        receiver=receiver,
        performer=performer,
        case_opened=dates.decided_on - timedelta(days=rng.randint(7, 35)),
        case_closed=dates.row_end if fate is Fate.ENDED else None,
        close_reason=dates.end_reason,
        decided_on=dates.decided_on,
        period_start=dates.period_start,
        period_end=dates.period_end,
        sent_at=sent_at,
        goals=goals,
        interventions=interventions,
        status=AssignmentStatus.RECEIVED,
    )
    manager = MANAGER_OF[receiver]
    if fate is Fate.RECEIVED:
        if placement.seq % 4 == 2:  # a few have been opened (Läs uppdrag) but not accepted
            plan.first_read_at = b.later(sent_at, 4)
            plan.first_read_by = manager
        return plan

    # Accepted: read, accepted and distributed within a few days of arriving.
    plan.status = AssignmentStatus.ENDED if fate is Fate.ENDED else AssignmentStatus.ACCEPTED
    accept_day = min(dates.sent_day + timedelta(days=rng.randint(0, 2)), b.today)
    if fate is Fate.ENDED or short_term:
        accept_day = min(accept_day, dates.period_start)
    accepted_at = max(b.at(accept_day), sent_at + timedelta(minutes=15))
    plan.accepted_at = accepted_at
    plan.accepted_by = manager
    plan.first_read_at = sent_at + (accepted_at - sent_at) / 2
    plan.first_read_by = manager

    if fate is Fate.UNDER_DISTRIBUTION:
        status = ExecutionStatus.UNDER_DISTRIBUTION
    elif fate is Fate.PLANNED:
        status = ExecutionStatus.SENT_TO_EXECUTION
    else:
        recently = (b.now - accepted_at) < timedelta(days=10)
        acknowledged = rng.random() < (0.3 if recently else 0.95)
        status = ExecutionStatus.SENT_TO_EXECUTION
        if acknowledged:
            status = ExecutionStatus.ACKNOWLEDGED
            plan.acknowledged_at = b.later(accepted_at, 48)
            plan.acknowledged_by = PERSONAL if performer == NORR_1 else manager

    row_start = max(dates.period_start, accepted_at.date())
    for intervention in interventions:
        _plan_rows(b, fate, intervention, row_start, dates.row_end, status, dates.end_reason)
    return plan


def _plan_rows(
    b: DemoBuilder,
    fate: Fate,
    intervention: InterventionPlan,
    row_start: date,
    row_end: date | None,
    status: ExecutionStatus,
    end_reason: str,
) -> None:
    """The intervention's rows: one, or for a revised person's personal care two."""
    rng = b.rng
    today = b.today
    minutes = _allotted(b, intervention.granted_minutes)
    if (
        fate is Fate.REVISED
        and intervention.type_code == "personal_care"
        and intervention.granted_minutes is not None
        and (today - row_start).days >= 10
    ):
        # Time changed: the first row revoked on `changed`, a new one from the next day.
        granted = intervention.granted_minutes
        lower = max(30, 30 * (granted // 30 * 2 // 3))
        first_minutes, second_minutes = (lower, granted)
        if rng.random() < 0.5:
            first_minutes, second_minutes = second_minutes, first_minutes
        latest_change = (today - row_start).days - 1
        changed = today - timedelta(days=rng.randint(3, min(60, latest_change)))
        intervention.rows.append(
            RowPlan(
                row_start,
                changed,
                first_minutes,
                ExecutionStatus.REVOKED,
                end_reason="Ändrad tidsåtgång",
            )
        )
        intervention.rows.append(
            RowPlan(
                changed + timedelta(days=1),
                row_end,
                second_minutes,
                status,
                replaces_previous=True,
            )
        )
        return
    intervention.rows.append(RowPlan(row_start, row_end, minutes, status, end_reason))
