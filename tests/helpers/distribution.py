"""Read models for the Acceptera och fördela tests, taken from the demo database."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from treserva_desktop.db.queries import new_assignments as new_assignment_queries
from treserva_desktop.db.queries.distribution import assignment_distribution
from treserva_desktop.domain.enums import ExecutionPhase, ExecutionStatus, TimePer
from treserva_desktop.domain.views import ExecutionRowView
from treserva_desktop.domain.views.distribution import (
    AssignmentDistributionView,
    DistributionIntervention,
)
from treserva_desktop.ui import messages
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.messages import MessageChoice


def new_assignment_views(ctx: AppContext) -> list[AssignmentDistributionView]:
    """Every assignment waiting in the actor's Nya uppdrag, as Acceptera och fördela shows it."""
    with ctx.database.read() as session:
        entries = new_assignment_queries.new_assignments(session, ctx.actor, overdue_working_days=3)
        return [
            assignment_distribution(session, ctx.actor, item.id)
            for entry in entries
            for item in entry.assignments
        ]


def home_care_view(ctx: AppContext) -> AssignmentDistributionView:
    """A new assignment with a timed home-care intervention and one without time."""
    for view in new_assignment_views(ctx):
        kinds = {item.requires_time for item in view.interventions}
        if kinds == {True, False} and view.person.has_billing_area:
            return view
    raise AssertionError("the demo has no suitable new assignment")


def intervention(view: AssignmentDistributionView, *, timed: bool) -> DistributionIntervention:
    return next(item for item in view.interventions if item.requires_time is timed)


def row(
    item: DistributionIntervention,
    *,
    start: date,
    end: date | None,
    status: ExecutionStatus = ExecutionStatus.SENT_TO_EXECUTION,
    unit_name: str = "Norr grupp 1",
    execution_id: int = 9001,
    minutes: int | None = 600,
    per: TimePer | None = TimePer.WEEK,
) -> ExecutionRowView:
    return ExecutionRowView(
        id=execution_id,
        intervention_id=item.intervention_id,
        intervention_name=item.name,
        unit_id=item.unit_choices[0].id,
        unit_name=unit_name,
        start_date=start,
        end_date=end,
        minutes=minutes if item.requires_time else None,
        per=per if item.requires_time else None,
        status=status,
        phase=ExecutionPhase.PLANNED,
    )


def with_item(
    view: AssignmentDistributionView, item: DistributionIntervention, **changes: object
) -> tuple[AssignmentDistributionView, DistributionIntervention]:
    """The view with one intervention changed (and that intervention)."""
    changed = dataclasses.replace(item, **changes)  # type: ignore[arg-type]
    items = tuple(
        changed if i.intervention_id == item.intervention_id else i for i in view.interventions
    )
    return dataclasses.replace(view, interventions=items), changed


class Answers:
    """Stands in for messages.confirm/ask_message/info/error/status: records questions, answers
    from a script (for "Skicka meddelande till berörda?" True is Ja, False Nej, or a
    MessageChoice), and the status bar texts."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *confirm: bool | MessageChoice) -> None:
        self.confirm_answers: list[bool | MessageChoice] = list(confirm)
        self.questions: list[str] = []
        self.infos: list[str] = []
        self.errors: list[str] = []
        self.statuses: list[str] = []
        monkeypatch.setattr(messages, "confirm", self._confirm)
        monkeypatch.setattr(messages, "ask_message", self._ask_message)
        monkeypatch.setattr(messages, "info", lambda _p, text, **_k: self.infos.append(text))
        monkeypatch.setattr(messages, "error", lambda _p, text, **_k: self.errors.append(text))
        monkeypatch.setattr(
            messages, "status", lambda _p, text, *_a, **_k: self.statuses.append(text)
        )

    def _next(self, text: str) -> bool | MessageChoice:
        self.questions.append(text)
        assert self.confirm_answers, f"unexpected question: {text}"
        return self.confirm_answers.pop(0)

    def _confirm(self, _parent: object, text: str, **_kwargs: object) -> bool:
        answer = self._next(text)
        assert isinstance(answer, bool), f"{text}: answered {answer}"
        return answer

    def _ask_message(self, _parent: object, text: str, **_kwargs: object) -> MessageChoice:
        answer = self._next(text)
        if isinstance(answer, MessageChoice):
            return answer
        return MessageChoice.SEND if answer else MessageChoice.SKIP
