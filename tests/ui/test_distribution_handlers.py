"""Handlers of Acceptera och fördela and Stoppa uppdrag, with the dialogs' ask() patched and the
services running for real on the demo database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from sqlalchemy import select
from tests.helpers import FakeHost
from tests.helpers.distribution import Answers, home_care_view

from treserva_desktop.db.models import Assignment, Execution, Message, MessageRecipient, Person
from treserva_desktop.domain.assignment_rules import BILLING_AREA_MISSING
from treserva_desktop.domain.changes import ChangeKind, ChangeSet
from treserva_desktop.domain.commands.distribution import (
    DistributeIntervention,
    RegisterExecution,
    StopAssignment,
)
from treserva_desktop.domain.commands.inbox import SendMessage
from treserva_desktop.domain.enums import (
    AssignmentStatus,
    ExecutionStatus,
    Folder,
)
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.views import AssignmentListItem
from treserva_desktop.domain.views.distribution import (
    AssignmentDistributionView,
    DistributionIntervention,
    DistributionResult,
)
from treserva_desktop.ui import actions, messages
from treserva_desktop.ui.actions import ActionContext, ActionId
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.accept_distribute_dialog import AcceptDistributeDialog
from treserva_desktop.ui.dialogs.compose_message_dialog import ComposeMessageDialog
from treserva_desktop.ui.dialogs.register_execution_dialog import RegisterExecutionDialog
from treserva_desktop.ui.dialogs.stop_assignment_dialog import StopAssignmentDialog
from treserva_desktop.ui.handlers import distribution
from treserva_desktop.ui.handlers.distribution import MESSAGE_QUESTION, DistributionFlow
from treserva_desktop.ui.runner import Submitted
from treserva_desktop.ui.tree.loader import folder_node
from treserva_desktop.ui.tree.nodes import AssignmentRef, Node, NodeKind, PersonRef


@pytest.fixture
def ctx(make_ctx: Callable[[str], AppContext]) -> AppContext:
    return make_ctx("verksamhetschef")


@pytest.fixture
def view(ctx: AppContext) -> AssignmentDistributionView:
    return home_care_view(ctx)


def assignment_node(view: AssignmentDistributionView, status: AssignmentStatus) -> Node:
    item = AssignmentListItem(
        id=view.assignment_id,
        person_id=view.person.id,
        title=view.title,
        kind=view.kind,
        status=status,
        received_on=view.decided_on,
        overdue=False,
        read=True,
    )
    return Node(
        kind=NodeKind.ASSIGNMENT,
        label=view.title,
        ref=AssignmentRef(view.person.id, view.assignment_id),
        payload=item,
    )


class Asks:
    """Stands in for RegisterExecutionDialog.ask: records its arguments and submits a command
    built from the dialog's defaults, as OK does. A refusal the dialog would show at a field
    is recorded, and then the user gives up (Avbryt)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, **overrides: Any) -> None:
        self.calls: list[dict[str, Any]] = []
        self.refusals: list[DomainError] = []
        self.overrides = overrides
        monkeypatch.setattr(RegisterExecutionDialog, "ask", self)

    def __call__(
        self,
        parent: QWidget,
        view: AssignmentDistributionView,
        item: DistributionIntervention,
        *,
        expected_version: int,
        row: Any = None,
        submit: Any = None,
        set_billing_area: Any = None,
        remembered_unit_id: int | None = None,
    ) -> Submitted[DistributeIntervention | RegisterExecution, DistributionResult] | None:
        self.calls.append(
            {
                "view": view,
                "item": item,
                "expected_version": expected_version,
                "row": row,
                "set_billing_area": set_billing_area,
                "remembered_unit_id": remembered_unit_id,
            }
        )
        command = self._command(view, item, expected_version, row, remembered_unit_id)
        outcome = submit(parent, command)
        refused = outcome.refused
        if refused is not None and refused.field:
            self.refusals.append(refused)
            return None
        if refused is not None:
            # As the dialog does: shown in a box, and the dialog closes.
            messages.error(parent, refused.message)
        return Submitted(command, outcome)

    def _command(
        self,
        view: AssignmentDistributionView,
        item: DistributionIntervention,
        expected_version: int,
        row: Any,
        remembered_unit_id: int | None = None,
    ) -> DistributeIntervention | RegisterExecution:
        hours = item.default_hours if item.requires_time else None
        per = item.default_per if item.requires_time else None
        to_execution = self.overrides.get("to_execution", True)
        if row is not None:
            return RegisterExecution(
                execution_id=row.id,
                hours=hours,
                per=per,
                to_execution=to_execution,
                expected_version=expected_version,
            )
        # As the user would: the unit remembered, else the default, else the first offered.
        unit_id = self.overrides.get("unit_id") or (
            remembered_unit_id or item.default_unit_id or item.unit_choices[0].id
        )
        return DistributeIntervention(
            assignment_id=view.assignment_id,
            intervention_id=item.intervention_id,
            unit_id=unit_id,
            start_date=item.default_start,
            end_date=item.default_end,
            hours=hours,
            per=per,
            to_execution=to_execution,
            expected_version=expected_version,
        )


def rows_of(ctx: AppContext, assignment_id: int) -> list[Execution]:
    with ctx.database.read() as session:
        rows = session.scalars(
            select(Execution).where(Execution.assignment_id == assignment_id).order_by(Execution.id)
        ).all()
        session.expunge_all()
        return list(rows)


def test_which_nodes_offer_acceptera_och_fordela(
    ctx: AppContext, view: AssignmentDistributionView, make_ctx: Callable[[str], AppContext]
) -> None:
    host = FakeHost(ctx)
    spec = actions.spec(ActionId.ACCEPT_AND_DISTRIBUTE)
    received = assignment_node(view, AssignmentStatus.RECEIVED)
    assert spec.is_enabled(ActionContext(host, received))
    stopped = assignment_node(view, AssignmentStatus.STOPPED)
    assert not spec.is_enabled(ActionContext(host, stopped))
    # The person under Nya uppdrag stands for their assignment.
    folder = folder_node(Folder.NEW_ASSIGNMENTS)
    person = Node(kind=NodeKind.PERSON, label="p", ref=PersonRef(view.person.id))
    folder.set_children([person])
    person.set_children([received])
    assert distribution.assignment_ids(person) == [view.assignment_id]
    assert spec.is_enabled(ActionContext(host, person))
    # The same person elsewhere (Mina enheter) has nothing to distribute.
    elsewhere = Node(kind=NodeKind.PERSON, label="p", ref=PersonRef(view.person.id))
    assert not spec.is_enabled(ActionContext(host, elsewhere))
    # Staff never see it; Stoppa only for an assignment nobody accepted.
    assert not spec.visible_for(make_ctx("personal").actor)
    stop = actions.spec(ActionId.STOP_ASSIGNMENT)
    assert stop.is_enabled(ActionContext(host, received))
    assert not stop.is_enabled(
        ActionContext(host, assignment_node(view, AssignmentStatus.ACCEPTED))
    )
    host.deleteLater()


def test_registrera_sends_to_execution_and_ja_messages_berorda_at_stang(
    qtbot, ctx: AppContext, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No box after each Registrera (the status goes to the list and the status bar); one
    "Skicka meddelande till berörda?" covers the rows sent, and Ja sends the prefilled message
    to the preselected recipients without opening the composer."""
    asks = Asks(monkeypatch)
    answers = Answers(monkeypatch, True)
    composed: list[dict[str, Any]] = []
    monkeypatch.setattr(ComposeMessageDialog, "ask", lambda *_a, **k: composed.append(k))
    seen: list[ChangeSet] = []
    ctx.events.data_changed.connect(seen.append)
    parent = QWidget()
    qtbot.addWidget(parent)
    flow = DistributionFlow(ctx, view)
    first, second = view.interventions[0], view.interventions[1]

    after_first = flow.register(parent, first)
    assert after_first is not None
    assert after_first.interventions[0].status_text == "Skickad till genomförande"
    assert asks.calls[0]["expected_version"] == view.version
    assert answers.questions == []  # an intervention is left: asked once, later
    assert answers.infos == []
    assert answers.statuses == [f"{first.name} har status Skickad till genomförande."]

    # The next Registrera expects the version the first one left behind.
    with ctx.database.read() as session:
        left_behind = session.get(Assignment, view.assignment_id).version
    assert left_behind != view.version
    assert flow.expected_version == left_behind
    flow.register(parent, second)
    assert asks.calls[1]["expected_version"] == left_behind
    assert answers.questions == []

    # Stäng: the one question for both rows; Ja sends at once.
    flow.finish(parent, view)
    assert answers.questions == [MESSAGE_QUESTION]
    assert composed == []
    with ctx.database.read() as session:
        message = session.scalars(
            select(Message).where(
                Message.assignment_id == view.assignment_id,
                Message.sender_user_id == ctx.actor.user_id,
            )
        ).one()
        assert first.name in message.subject
        assert second.name in message.subject
        assert message.body.count("Utförarenhet:") == 2
        assert message.person_id == view.person.id
        recipients = set(
            session.scalars(
                select(MessageRecipient.user_id).where(MessageRecipient.message_id == message.id)
            ).all()
        )
        sender = session.get(Assignment, view.assignment_id).sender_user_id
        assert sender in recipients
        assert ctx.actor.user_id not in recipients
        assert session.get(Assignment, view.assignment_id).status is AssignmentStatus.ACCEPTED
    assert answers.statuses[-1] == f"Meddelande har skickats till {len(recipients)} mottagare."
    # Asked once: closing again offers nothing more.
    flow.finish(parent, view)
    assert answers.questions == [MESSAGE_QUESTION]
    rows = rows_of(ctx, view.assignment_id)
    assert [(r.intervention_id, r.status) for r in rows] == [
        (first.intervention_id, ExecutionStatus.SENT_TO_EXECUTION),
        (second.intervention_id, ExecutionStatus.SENT_TO_EXECUTION),
    ]
    kinds = [change.kinds for change in seen]
    assert frozenset({ChangeKind.ASSIGNMENTS, ChangeKind.EXECUTIONS}) in kinds
    assert frozenset({ChangeKind.MESSAGES}) in kinds
    # Each Registrera names the one unit, person and assignment it wrote rows for.
    registered = [change for change in seen if ChangeKind.EXECUTIONS in change.kinds]
    assert len(registered) == 2
    for change in registered:
        assert change.units == {row.unit_id for row in rows}
        assert change.persons == {view.person.id}
        assert change.assignments == {view.assignment_id}


def test_the_last_intervention_asks_at_once_and_redigera_opens_the_composer(
    qtbot, ctx: AppContext, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    Asks(monkeypatch)
    answers = Answers(monkeypatch, messages.MessageChoice.EDIT)
    composed: list[dict[str, Any]] = []

    def compose(_parent: QWidget, _recipients: object, **kwargs: Any) -> SendMessage:
        composed.append(kwargs)
        return SendMessage(
            recipient_ids=tuple(kwargs["preselected"]),
            subject=kwargs["subject"],
            body=kwargs["body"],
            person_id=kwargs["person_id"],
            assignment_id=kwargs["assignment_id"],
        )

    monkeypatch.setattr(ComposeMessageDialog, "ask", compose)
    parent = QWidget()
    qtbot.addWidget(parent)
    flow = DistributionFlow(ctx, view)
    for item in view.interventions[:-1]:
        flow.register(parent, item)
    assert answers.questions == []
    last = view.interventions[-1]
    flow.register(parent, last)
    assert answers.questions == [MESSAGE_QUESTION]  # all distributed: asked right away
    assert len(composed) == 1
    assert composed[0]["preselected"]
    assert all(item.name in composed[0]["subject"] for item in view.interventions)
    assert answers.statuses[-1] == (
        f"{last.name} har status Skickad till genomförande. Meddelande har skickats till "
        f"{len(set(composed[0]['preselected']))} mottagare."
    )
    flow.finish(parent, view)
    assert answers.questions == [MESSAGE_QUESTION]


def test_a_row_under_fordelning_is_registered_with_its_own_version(
    qtbot, ctx: AppContext, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    asks = Asks(monkeypatch, to_execution=False)
    answers = Answers(monkeypatch)
    parent = QWidget()
    qtbot.addWidget(parent)
    flow = DistributionFlow(ctx, view)
    item = view.interventions[0]
    after = flow.register(parent, item)
    assert after is not None
    assert after.interventions[0].status_text == "Under fördelning"
    assert answers.infos == []
    assert answers.statuses == [f"{item.name} har status Under fördelning."]
    flow.finish(parent, view)
    assert answers.questions == []  # no message offered for a row not sent on

    asks.overrides["to_execution"] = True
    flow.register(parent, item)
    pending = asks.calls[1]["row"]
    assert pending is not None
    assert pending.status is ExecutionStatus.UNDER_DISTRIBUTION
    assert asks.calls[1]["expected_version"] == 1
    rows = rows_of(ctx, view.assignment_id)
    assert len(rows) == 1
    assert rows[0].status is ExecutionStatus.SENT_TO_EXECUTION


def test_an_intervention_already_distributed_asks_before_adding_a_period(
    qtbot, ctx: AppContext, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    asks = Asks(monkeypatch)
    answers = Answers(monkeypatch, False)
    parent = QWidget()
    qtbot.addWidget(parent)
    flow = DistributionFlow(ctx, view)
    item = view.interventions[0]
    flow.register(parent, item)
    answers.confirm_answers.append(False)  # No to "ytterligare en period"
    flow.register(parent, item)
    assert len(asks.calls) == 1
    assert "har redan status Skickad till genomförande" in answers.questions[-1]


def test_a_stale_version_is_refused_with_the_services_message(
    qtbot, ctx: AppContext, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    Asks(monkeypatch)
    answers = Answers(monkeypatch)
    parent = QWidget()
    qtbot.addWidget(parent)
    flow = DistributionFlow(ctx, view)
    flow.expected_version = view.version + 7
    after = flow.register(parent, view.interventions[0])
    assert len(answers.errors) == 1
    assert "fördelats av någon annan" in answers.errors[0]
    assert answers.infos == []
    assert after is not None
    assert rows_of(ctx, view.assignment_id) == []


def test_a_refusal_naming_a_field_goes_back_to_the_dialog(
    qtbot, ctx: AppContext, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service's own check: the billing area went missing, the dialog is told which field."""
    asks = Asks(monkeypatch)
    answers = Answers(monkeypatch)
    with ctx.database.transaction() as session:
        session.get(Person, view.person.id).billing_area_code = None
    parent = QWidget()
    qtbot.addWidget(parent)
    flow = DistributionFlow(ctx, view)
    item = next(i for i in view.interventions if i.requires_time)
    after = flow.register(parent, item)
    assert [r.field for r in asks.refusals] == ["billing_area"]
    assert asks.refusals[0].message == BILLING_AREA_MISSING
    assert answers.errors == []  # shown at the field, not in a box
    assert answers.infos == []
    assert after is not None
    assert rows_of(ctx, view.assignment_id) == []


def test_the_handler_opens_the_list_for_the_selected_assignment(
    qtbot, ctx: AppContext, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[AssignmentDistributionView] = []
    monkeypatch.setattr(
        AcceptDistributeDialog,
        "show_for",
        classmethod(lambda _cls, _parent, v, _register, **_k: shown.append(v)),
    )
    host = FakeHost(ctx)
    qtbot.addWidget(host)
    node = assignment_node(view, AssignmentStatus.RECEIVED)
    actions.trigger(actions.spec(ActionId.ACCEPT_AND_DISTRIBUTE), ActionContext(host, node))
    assert [v.assignment_id for v in shown] == [view.assignment_id]


def test_stoppa_a_misdirected_assignment(
    qtbot, ctx: AppContext, view: AssignmentDistributionView, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch)
    asked: list[AssignmentDistributionView] = []

    def ask(
        _parent: QWidget, v: AssignmentDistributionView, *, submit
    ) -> Submitted[StopAssignment, int]:
        asked.append(v)
        command = StopAssignment(
            assignment_id=v.assignment_id,
            reason="Personen bor i Söder.",
            misdirected=True,
            expected_version=v.version,
        )
        outcome = submit(_parent, command)  # the service ran while the dialog was open
        assert outcome.ok
        return Submitted(command, outcome)

    monkeypatch.setattr(StopAssignmentDialog, "ask", ask)
    seen: list[ChangeSet] = []
    ctx.events.data_changed.connect(seen.append)
    host = FakeHost(ctx)
    qtbot.addWidget(host)
    node = assignment_node(view, AssignmentStatus.RECEIVED)
    actions.trigger(actions.spec(ActionId.STOP_ASSIGNMENT), ActionContext(host, node))
    assert [v.assignment_id for v in asked] == [view.assignment_id]
    assert answers.infos == [distribution.STOPPED_INFO]
    assert [change.kinds for change in seen] == [
        frozenset({ChangeKind.ASSIGNMENTS, ChangeKind.MESSAGES})
    ]
    # The assignment; no unit's rows changed, so no unit in the tree is reloaded.
    assert seen[0].assignments == {view.assignment_id}
    assert seen[0].units == frozenset()
    with ctx.database.read() as session:
        assignment = session.get(Assignment, view.assignment_id)
        assert assignment.status is AssignmentStatus.STOPPED
        assert assignment.stopped_reason == "Personen bor i Söder."
    # Once stopped it cannot be distributed (the tree node is older than that): the handler
    # says so instead of opening the list.
    actions.trigger(actions.spec(ActionId.ACCEPT_AND_DISTRIBUTE), ActionContext(host, node))
    assert answers.infos[-1] == "Uppdraget är stoppat och kan inte fördelas."
