"""Read models of genomförandeplaner: the tree's list, the plan itself and its status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from treserva_desktop.domain.plan_rules import PlanState

PLAN_TITLE = "Genomförandeplan"


@dataclass(frozen=True, slots=True)
class PlanListItem:
    """One plan under Dokument GF."""

    id: int
    person_id: int
    unit_id: int
    established_on: date
    next_follow_up_on: date | None
    ended_on: date | None
    state: PlanState
    version: int

    @property
    def label(self) -> str:
        return f"{PLAN_TITLE} {self.established_on:%Y-%m-%d}"

    @property
    def overdue_since(self) -> date | None:
        """The follow-up day that passed, for an open plan whose follow-up is overdue."""
        if self.state is PlanState.FOLLOW_UP_OVERDUE:
            return self.next_follow_up_on
        return None


@dataclass(frozen=True, slots=True)
class PlanStatusView:
    """Where the person's plan at the unit stands on `today`.

    MISSING: no plan at the unit yet; `due_on` is the deadline counted from the start of the
    person's current rows there (None without any), `overdue` once it has passed.
    ESTABLISHED / FOLLOW_UP_OVERDUE: the open plan (`plan_id`), overdue since
    `next_follow_up_on`. ENDED: the latest plan was ended and no open one exists."""

    state: PlanState
    plan_id: int | None = None
    established_on: date | None = None
    next_follow_up_on: date | None = None
    ended_on: date | None = None
    due_on: date | None = None
    overdue: bool = False


@dataclass(frozen=True, slots=True)
class PersonPlans:
    """Dokument GF's plans: the person's plans at the unit, newest first, and the status."""

    items: tuple[PlanListItem, ...]
    status: PlanStatusView


@dataclass(frozen=True, slots=True)
class PlanActivityView:
    what: str
    who: str
    when_how: str


@dataclass(frozen=True, slots=True)
class PlanFollowUpView:
    followed_up_on: date
    by_name: str
    comment: str
    next_follow_up_on: date | None


@dataclass(frozen=True, slots=True)
class PlanView:
    """A plan as the read-only pane, the dialogs and the document show it."""

    id: int
    person_id: int
    unit_id: int
    person_name: str
    identity_label: str  # Personnummer / Samordningsnummer / Reservnummer
    identity_display: str
    unit_name: str
    municipality: str
    is_test_data: bool
    established_on: date
    established_by_name: str
    person_took_part: bool
    participants: str
    goals: tuple[str, ...]
    activities: tuple[PlanActivityView, ...]
    follow_ups: tuple[PlanFollowUpView, ...]
    next_follow_up_on: date | None
    ended_on: date | None
    end_reason: str
    ended_by_name: str
    state: PlanState
    version: int
    created_at: datetime

    @property
    def title(self) -> str:
        return f"{PLAN_TITLE} {self.established_on:%Y-%m-%d}"

    @property
    def latest_date(self) -> date:
        """The plan's latest date: its last follow-up, else the day it was established."""
        if self.follow_ups:
            return max(self.established_on, self.follow_ups[-1].followed_up_on)
        return self.established_on


@dataclass(frozen=True, slots=True)
class PlanResult:
    """What a plan command changed: the plan and whose it is (for the tree's refresh)."""

    plan_id: int
    person_id: int
    unit_id: int
