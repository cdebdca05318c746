"""Sammanställning – Genomförandeplan (W17): the period's checks and the status of one
person's plan at a unit as the compilation shows it, as pure functions over plain values.

The period chooses who is listed: everyone with a row (not revoked) at the unit on some day
of it. The status is as of today, because what the list is for is what to do now: a plan
that is missing past its deadline or whose follow-up day has passed is Försenad.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.plan_rules import establish_due_on

# A compilation over more than this is no follow-up list any more (and would list every
# person the unit ever had); the statistics of earlier years are another report.
MAX_PERIOD_DAYS = 366 * 3

NO_PERIOD = "Ange periodens från- och tilldatum."
REVERSED_PERIOD = "Periodens slutdatum är före startdatumet. Ändra perioden och sammanställ igen."
LONG_PERIOD = "Perioden får vara högst tre år. Välj en kortare period."
FUTURE_PERIOD = (
    "Perioden börjar i framtiden. Sammanställningen visar läget i dag för personer med "
    "insatser under perioden: välj en period som börjar i dag eller tidigare."
)


class CompiledStatus(StrEnum):
    """The Status column: Saknas (no plan, still within the deadline), Upprättad, Försenad
    (no plan past the deadline, or the follow-up day has passed), Avslutad."""

    MISSING = "missing"
    ESTABLISHED = "established"
    OVERDUE = "overdue"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return {
            CompiledStatus.MISSING: "Saknas",
            CompiledStatus.ESTABLISHED: "Upprättad",
            CompiledStatus.OVERDUE: "Försenad",
            CompiledStatus.ENDED: "Avslutad",
        }[self]


@dataclass(frozen=True, slots=True)
class PlanFacts:
    """What the compilation knows of the person's latest plan at the unit (None: no plan)."""

    established_on: date
    ended_on: date | None
    next_follow_up_on: date | None


@dataclass(frozen=True, slots=True)
class CompiledState:
    status: CompiledStatus
    # The day the plan was to be established by (from the first start at the unit).
    due_on: date
    # For an established plan: whether it was established by due_on; None without a plan.
    in_time: bool | None


def check_period(start: date | None, end: date | None, today: date) -> None:
    """Both days given, in order, begun by `today`, and no longer than MAX_PERIOD_DAYS."""
    if start is None or end is None:
        raise ValidationError(NO_PERIOD, field="period")
    if end < start:
        raise ValidationError(REVERSED_PERIOD, field="period")
    if start > today:
        raise ValidationError(FUTURE_PERIOD, field="period")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise ValidationError(LONG_PERIOD, field="period")


def compiled_state(
    *,
    first_start: date,
    short_term: bool,
    plan: PlanFacts | None,
    today: date,
    establish_days: int,
    establish_days_short_term: int,
) -> CompiledState:
    """A missing plan is overdue the day after its deadline (start + 14 days, 2 in
    short-term care); an open plan the day after its next follow-up day."""
    due_on = establish_due_on(first_start, short_term, establish_days, establish_days_short_term)
    if plan is None:
        status = CompiledStatus.OVERDUE if due_on < today else CompiledStatus.MISSING
        return CompiledState(status, due_on, None)
    in_time = plan.established_on <= due_on
    if plan.ended_on is not None:
        return CompiledState(CompiledStatus.ENDED, due_on, in_time)
    if plan.next_follow_up_on is not None and plan.next_follow_up_on < today:
        return CompiledState(CompiledStatus.OVERDUE, due_on, in_time)
    return CompiledState(CompiledStatus.ESTABLISHED, due_on, in_time)
