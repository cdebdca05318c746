"""Commands for genomförandeplaner: establish, follow up, end, and the audited read and print."""

from __future__ import annotations

from datetime import date

from treserva_desktop.domain.commands import Command


class PlanActivityInput(Command):
    """One row of the activities table: what is done, who is responsible, when or how."""

    what: str
    who: str
    when_how: str = ""


class EstablishPlan(Command):
    """Ny genomförandeplan for a person at the unit whose Dokument GF it is made under."""

    person_id: int
    unit_id: int
    established_on: date
    participants: str
    person_took_part: bool
    goals: tuple[str, ...]
    activities: tuple[PlanActivityInput, ...]
    next_follow_up_on: date


class FollowUpPlan(Command):
    """Följ upp: the date, what came of it, and when the next follow-up is due."""

    plan_id: int
    followed_up_on: date
    comment: str
    next_follow_up_on: date | None
    expected_version: int


class EndPlan(Command):
    """Avsluta genomförandeplan: the stop date (when the interventions end) and why."""

    plan_id: int
    ended_on: date
    reason: str
    expected_version: int


class PlanRef(Command):
    plan_id: int


class PlanOutput(Command):
    """Skriv ut / Spara som on the plan document: audited as a print or an export."""

    plan_id: int
    saved_to_file: bool = False
