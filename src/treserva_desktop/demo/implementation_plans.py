"""Genomförandeplaner in the demo: for a person's current care at a unit, what their plan
looks like on the demo day — missing, established (in time or late), followed up every six
months, overdue for follow-up, or ended — drawn from the random source, and its rows.

The small demo (generator.py) gives every state to some person; the scale demo
(municipal/plans.py) draws them for every current person with the shares below."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from treserva_desktop.db.models import (
    Base,
    ImplementationPlan,
    ImplementationPlanActivity,
    ImplementationPlanFollowUp,
    ImplementationPlanGoal,
)
from treserva_desktop.domain.plan_rules import (
    DEFAULT_ESTABLISH_DAYS,
    DEFAULT_ESTABLISH_DAYS_SHORT_TERM,
    DEFAULT_FOLLOW_UP_MONTHS,
    add_months,
)


class DemoPlanState(StrEnum):
    MISSING = "missing"
    ESTABLISHED = "established"
    FOLLOWED_UP = "followed_up"
    OVERDUE = "overdue"
    ENDED = "ended"


# Shares in the scale demo for care that started long enough ago to need a plan.
SHARES: tuple[tuple[DemoPlanState, float], ...] = (
    (DemoPlanState.MISSING, 0.07),
    (DemoPlanState.OVERDUE, 0.12),
    (DemoPlanState.ENDED, 0.03),
    (DemoPlanState.FOLLOWED_UP, 0.40),
    (DemoPlanState.ESTABLISHED, 0.38),
)
LATE_SHARE = 0.12  # established, but after the deadline

GOALS = (
    "Klara morgonrutinen med så lite hjälp som möjligt",
    "Känna sig trygg i hemmet, också nattetid",
    "Komma ut på en promenad varje vecka",
    "Äta regelbundet och behålla vikten",
    "Ha kontakt med familj och vänner",
)
ACTIVITIES = (
    ("Stöd vid dusch", "Kontaktman", "Tisdagar och fredagar på förmiddagen"),
    ("Promenad med stöd", "Kontaktman", "En gång i veckan när vädret tillåter"),
    ("Påminnelse om måltider", "Personalen på passet", "Vid varje besök"),
    ("Hjälp att ringa anhöriga", "Kontaktman", "Söndagar"),
)
PARTICIPANTS = (
    "Personen och kontaktman",
    "Personen, en anhörig och kontaktman",
    "Personen, gode mannen och samordnaren",
)
FOLLOW_UP_COMMENT = "Planen följdes upp tillsammans med personen. Insatserna fungerar väl."


@dataclass(frozen=True, slots=True)
class DemoPlan:
    """A plan as plain values (None of these when the plan is missing)."""

    established_on: date
    participants: str
    goal: str
    activity: tuple[str, str, str]
    follow_ups: tuple[date, ...]
    next_follow_up_on: date | None
    ended_on: date | None
    person_took_part: bool = True
    end_reason: str = field(default="")


def draw_state(rng: random.Random) -> DemoPlanState:
    roll = rng.random()
    for state, share in SHARES:
        if roll < share:
            return state
        roll -= share
    return DemoPlanState.ESTABLISHED


def _due_days(short_term: bool) -> int:
    return DEFAULT_ESTABLISH_DAYS_SHORT_TERM if short_term else DEFAULT_ESTABLISH_DAYS


def draw_plan(
    rng: random.Random,
    today: date,
    first_start: date,
    short_term: bool,
    state: DemoPlanState,
) -> DemoPlan | None:
    """The plan for care at a unit since `first_start`, in `state` where the dates allow it
    (a person who started last week has no follow-up yet); None for a missing plan."""
    if state is DemoPlanState.MISSING or first_start >= today:
        return None
    due = _due_days(short_term)
    late = rng.random() < LATE_SHARE
    offset = rng.randint(due + 1, due + 25) if late else rng.randint(0, due)
    established = min(first_start + timedelta(days=offset), today)
    months = DEFAULT_FOLLOW_UP_MONTHS
    if state is DemoPlanState.OVERDUE:
        # Established more than six months ago and never followed up since.
        latest = add_months(today, -months) - timedelta(days=rng.randint(1, 60))
        established = max(min(established, latest), first_start)
    # Followed up about every six months up to today; an overdue plan missed its last one.
    follow_ups: list[date] = []
    following = add_months(established, months)
    while following <= today:
        follow_ups.append(following - timedelta(days=rng.randint(0, 10)))
        following = add_months(follow_ups[-1], months)
    if state is DemoPlanState.OVERDUE and follow_ups:
        follow_ups.pop()
        following = add_months(follow_ups[-1] if follow_ups else established, months)
    ended_on = None
    if state is DemoPlanState.ENDED:
        ended_on = max([established, *follow_ups, today - timedelta(days=rng.randint(1, 20))])
    return DemoPlan(
        established_on=established,
        participants=rng.choice(PARTICIPANTS),
        goal=rng.choice(GOALS),
        activity=rng.choice(ACTIVITIES),
        follow_ups=tuple(follow_ups),
        next_follow_up_on=following,
        ended_on=ended_on,
        person_took_part=rng.random() < 0.9,
        end_reason="Planen ersätts efter ändrade behov" if ended_on else "",
    )


def cycle_states() -> Iterator[DemoPlanState]:
    """The small demo: every state in turn, so each shows up with few persons."""
    order = (
        DemoPlanState.ESTABLISHED,
        DemoPlanState.MISSING,
        DemoPlanState.FOLLOWED_UP,
        DemoPlanState.OVERDUE,
        DemoPlanState.ESTABLISHED,
        DemoPlanState.ENDED,
    )
    while True:
        yield from order


@dataclass(frozen=True, slots=True)
class Care:
    """A person's current (or planned) care at one unit, as the plans need it."""

    person_id: int
    unit_id: int
    first_start: date
    short_term: bool


def plan_rows(
    plan: DemoPlan,
    care: Care,
    by_user_id: int,
    next_id: Callable[[type[Base]], int],
    moment: datetime,
) -> list[tuple[type[Base], dict[str, object]]]:
    """The plan, its goal, its activity and its follow-ups as (model, row) in insert order,
    with ids from `next_id`."""
    plan_id = next_id(ImplementationPlan)
    what, who, when_how = plan.activity
    rows: list[tuple[type[Base], dict[str, object]]] = [
        (
            ImplementationPlan,
            {
                "id": plan_id,
                "person_id": care.person_id,
                "unit_id": care.unit_id,
                "established_on": plan.established_on,
                "established_by_user_id": by_user_id,
                "person_took_part": plan.person_took_part,
                "participants": plan.participants,
                "next_follow_up_on": None if plan.ended_on else plan.next_follow_up_on,
                "ended_on": plan.ended_on,
                "ended_by_user_id": by_user_id if plan.ended_on else None,
                "end_reason": plan.end_reason,
                "created_at": moment,
                "version": 1,
            },
        ),
        (
            ImplementationPlanGoal,
            {
                "id": next_id(ImplementationPlanGoal),
                "plan_id": plan_id,
                "position": 1,
                "text": plan.goal,
            },
        ),
        (
            ImplementationPlanActivity,
            {
                "id": next_id(ImplementationPlanActivity),
                "plan_id": plan_id,
                "position": 1,
                "what": what,
                "who": who,
                "when_how": when_how,
            },
        ),
    ]
    following = [*plan.follow_ups[1:], plan.next_follow_up_on][: len(plan.follow_ups)]
    for day, next_day in zip(plan.follow_ups, following, strict=True):
        rows.append(
            (
                ImplementationPlanFollowUp,
                {
                    "id": next_id(ImplementationPlanFollowUp),
                    "plan_id": plan_id,
                    "followed_up_on": day,
                    "by_user_id": by_user_id,
                    "comment": FOLLOW_UP_COMMENT,
                    "next_follow_up_on": next_day,
                    "created_at": moment,
                },
            )
        )
    return rows


def state_for(rng: random.Random, care: Care, today: date) -> DemoPlanState:
    """Care still within its deadline has a plan half the time; older care by SHARES."""
    if care.first_start + timedelta(days=_due_days(care.short_term)) >= today:
        return DemoPlanState.ESTABLISHED if rng.random() < 0.5 else DemoPlanState.MISSING
    return draw_state(rng)
