"""Implementation plan (genomförandeplan) rules: its states, deadlines and the checks of
establishing, following up and ending one, as pure functions over plain values.

An established plan's content (date, participants, goals, activities) is never edited: the
plan is an official record made with the person. What happens afterwards is appended as
follow-ups, and a plan that no longer fits is ended and a new one established.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.field_lengths import check_fits

# DOMAIN.md, "Implementation plan": established within 14 days of the start (2 days in
# short-term care), followed up every 6 months; the installation may change all three.
DEFAULT_ESTABLISH_DAYS = 14
DEFAULT_ESTABLISH_DAYS_SHORT_TERM = 2
DEFAULT_FOLLOW_UP_MONTHS = 6
MAX_ESTABLISH_DAYS = 365
MAX_FOLLOW_UP_MONTHS = 36
# A plan is written with the person: it needs at least one goal and one activity, and a
# form of that size is what anyone would fill in.
MAX_GOALS = 20
MAX_ACTIVITIES = 40


class PlanState(StrEnum):
    """Where a person's implementation plan at a unit stands (the checklist and statistics
    ask this; an ENDED plan is the latest one when no open plan exists)."""

    MISSING = "missing"
    ESTABLISHED = "established"
    FOLLOW_UP_OVERDUE = "follow_up_overdue"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return {
            PlanState.MISSING: "Saknas",
            PlanState.ESTABLISHED: "Upprättad",
            PlanState.FOLLOW_UP_OVERDUE: "Uppföljning försenad",
            PlanState.ENDED: "Avslutad",
        }[self]


class ActivityLike(Protocol):
    @property
    def what(self) -> str: ...
    @property
    def who(self) -> str: ...
    @property
    def when_how(self) -> str: ...


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_next_follow_up(day: date, months: int = DEFAULT_FOLLOW_UP_MONTHS) -> date:
    return add_months(day, months)


def plan_state(ended_on: date | None, next_follow_up_on: date | None, today: date) -> PlanState:
    """An ended plan is ENDED; an open one is overdue once its next follow-up day has passed."""
    if ended_on is not None:
        return PlanState.ENDED
    if next_follow_up_on is not None and next_follow_up_on < today:
        return PlanState.FOLLOW_UP_OVERDUE
    return PlanState.ESTABLISHED


def establish_due_on(first_start: date, short_term: bool, days: int, short_term_days: int) -> date:
    """The day by which a plan is to be established for care that started `first_start`."""
    return first_start + timedelta(days=short_term_days if short_term else days)


def check_establish(
    *,
    established_on: date,
    today: date,
    participants: str,
    goals: Sequence[str],
    activities: Sequence[ActivityLike],
    next_follow_up_on: date,
) -> None:
    """Raise ValidationError (at the field) unless a new plan is complete and dated sensibly."""
    if established_on > today:
        raise ValidationError(
            "En genomförandeplan kan inte upprättas i förväg: datumet får inte vara senare "
            "än i dag.",
            field="established_on",
        )
    check_fits("plan_participants", participants, "Deltagare", error_field="participants")
    if not participants:
        raise ValidationError("Ange vilka som deltog när planen upprättades.", field="participants")
    kept = [goal for goal in goals if goal]
    if not kept:
        raise ValidationError("Ange minst ett mål.", field="goals")
    if len(goals) > MAX_GOALS:
        raise ValidationError(f"En plan får ha högst {MAX_GOALS} mål.", field="goals")
    for goal in goals:
        check_fits("plan_goal", goal, "Ett mål", error_field="goals")
    check_activities(activities)
    check_next_follow_up(next_follow_up_on, after=established_on)


def check_activities(activities: Sequence[ActivityLike]) -> None:
    if not activities:
        raise ValidationError(
            "Ange minst en aktivitet: vad som ska göras, vem som ansvarar och när eller hur.",
            field="activities",
        )
    if len(activities) > MAX_ACTIVITIES:
        raise ValidationError(
            f"En plan får ha högst {MAX_ACTIVITIES} aktiviteter.", field="activities"
        )
    for number, activity in enumerate(activities, start=1):
        if not activity.what:
            raise ValidationError(
                f"Aktivitet {number}: ange vad som ska göras.", field="activities"
            )
        if not activity.who:
            raise ValidationError(f"Aktivitet {number}: ange vem som ansvarar.", field="activities")
        check_fits("plan_activity", activity.what, f"Aktivitet {number}", error_field="activities")
        check_fits(
            "plan_responsible",
            activity.who,
            f"Ansvarig för aktivitet {number}",
            error_field="activities",
        )
        check_fits(
            "plan_when_how",
            activity.when_how,
            f"När/hur för aktivitet {number}",
            error_field="activities",
        )


def check_next_follow_up(next_follow_up_on: date, *, after: date) -> None:
    if next_follow_up_on <= after:
        raise ValidationError(
            f"Nästa uppföljning ska vara efter {after:%Y-%m-%d}.", field="next_follow_up_on"
        )


def check_follow_up(
    *,
    established_on: date,
    last_follow_up_on: date | None,
    ended_on: date | None,
    followed_up_on: date,
    today: date,
    comment: str,
    next_follow_up_on: date | None,
) -> None:
    """A follow-up of an open plan, dated between its latest date and today."""
    if ended_on is not None:
        raise ValidationError(
            f"Genomförandeplanen avslutades {ended_on:%Y-%m-%d} och kan inte följas upp. "
            "Upprätta en ny plan vid behov.",
            field="followed_up_on",
        )
    latest = max(established_on, last_follow_up_on or established_on)
    if followed_up_on < latest:
        raise ValidationError(
            f"Uppföljningen kan inte vara tidigare än {latest:%Y-%m-%d} (planen upprättades "
            "eller följdes upp då).",
            field="followed_up_on",
        )
    if followed_up_on > today:
        raise ValidationError(
            "Uppföljningsdatumet får inte vara senare än i dag.", field="followed_up_on"
        )
    check_fits("plan_comment", comment, "Resultatet", error_field="comment")
    if not comment:
        raise ValidationError(
            "Beskriv resultatet av uppföljningen: hur det har gått och vad som ändras.",
            field="comment",
        )
    if next_follow_up_on is not None:
        check_next_follow_up(next_follow_up_on, after=followed_up_on)


def check_end(
    *,
    established_on: date,
    last_follow_up_on: date | None,
    ended_on: date | None,
    stop_date: date,
    reason: str,
) -> None:
    """The stop date (when the interventions end) is on or after the plan's latest date."""
    if ended_on is not None:
        raise ValidationError(
            f"Genomförandeplanen är redan avslutad ({ended_on:%Y-%m-%d}).", field="ended_on"
        )
    latest = max(established_on, last_follow_up_on or established_on)
    if stop_date < latest:
        raise ValidationError(
            f"Stoppdatum kan inte vara tidigare än {latest:%Y-%m-%d} (planen upprättades "
            "eller följdes upp då).",
            field="ended_on",
        )
    check_fits("end_reason", reason, "Orsaken", error_field="reason")
    if not reason:
        raise ValidationError("Ange varför planen avslutas.", field="reason")
