"""W3 counted (issue 12): Acceptera och fördela of one intervention in at most 8 user actions
and each further one in at most 3, every step by keyboard, on the demo database. The unit's
own manager (gruppchef at Hemtjänst Norr) has distributed there before, so Utförarenhet is
preselected (shown, with the reason) and Enter goes straight through."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for
from tests.helpers.distribution import new_assignment_views
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Execution, Message, OrgUnit
from treserva_desktop.domain.distribution_defaults import LAST_USED
from treserva_desktop.domain.enums import ExecutionStatus
from treserva_desktop.domain.views.distribution import AssignmentDistributionView
from treserva_desktop.ui.dialogs.accept_distribute_dialog import ALL_DONE, AcceptDistributeDialog
from treserva_desktop.ui.dialogs.register_execution_dialog import (
    SEND_QUESTION,
    RegisterExecutionDialog,
)
from treserva_desktop.ui.handlers.distribution import MESSAGE_QUESTION
from treserva_desktop.ui.tree.nodes import Node, NodeKind

SENT = ExecutionStatus.SENT_TO_EXECUTION.label


def key(qtbot, widget: QWidget, which: Qt.Key) -> None:
    """A key press where the keyboard focus is (the dialog's own focus widget)."""
    target = widget.focusWidget() or QApplication.focusWidget() or widget
    qtbot.keyClick(target, which)


class Count:
    """The user's actions, each named: expanding, clicking, choosing, pressing a key."""

    def __init__(self) -> None:
        self.actions: list[str] = []

    def __call__(self, name: str) -> None:
        self.actions.append(name)


def assignment_with(driver: E2EDriver, interventions: int) -> AssignmentDistributionView:
    return next(
        view
        for view in new_assignment_views(driver.window.ctx)
        if len(view.interventions) == interventions and view.person.has_billing_area
    )


def person_row(driver: E2EDriver, count: Count, view: AssignmentDistributionView) -> Node:
    """Expand Nya uppdrag (one action); the person's row stands for their waiting
    assignment."""
    folder = driver.node(["Mitt skrivbord", "Nya uppdrag"])
    count("expand Nya uppdrag")
    children = driver.children(folder)
    person = next(c for c in children if c.person_id == view.person.id)
    assert person.kind is NodeKind.PERSON
    # Exactly this one assignment waits for the person (else the menu asks to pick one).
    assert [c.assignment_id for c in driver.children(person)] == [view.assignment_id]
    return person


def test_one_intervention_in_at_most_eight_actions_by_keyboard(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    driver.open_window(actor_for(demo_db, "gruppchef"))
    view = assignment_with(driver, 1)
    count = Count()
    person = person_row(driver, count, view)
    answers = driver.answers(True, True)  # Ja to sending, Ja to the message
    seen: dict[str, object] = {}

    def registrera(dialog: AcceptDistributeDialog) -> None:
        seen["selected"] = dialog.selected() is not None
        count("Enter: Registrera")
        later(lambda: key(qtbot, dialog, Qt.Key.Key_Return))

    def ok(dialog: RegisterExecutionDialog) -> None:
        seen["unit"] = dialog.unit.currentText()
        seen["reason"] = dialog.unit_reason.text()
        seen["reason_shown"] = dialog.unit_reason.isVisible()
        seen["changeable"] = dialog.unit.isEnabled() and dialog.unit.count() > 1
        count("Enter: OK")
        later(lambda: key(qtbot, dialog, Qt.Key.Key_Return))

    def close(dialog: AcceptDistributeDialog) -> None:
        seen["statuses"] = dialog.status_texts()
        seen["outcome"] = dialog.outcome.text()
        seen["hint"] = dialog.hint.text()
        seen["close_text"] = dialog.close_button.text()
        count("Escape: Stäng")
        later(lambda: key(qtbot, dialog, Qt.Key.Key_Escape))

    script = (
        driver.modals()
        .on(AcceptDistributeDialog, registrera)
        .on(RegisterExecutionDialog, ok)
        .on(AcceptDistributeDialog, close, ready=lambda d: d.view.all_distributed)
        .start()
    )
    count("right-click the person")
    count("Acceptera och fördela…")
    driver.choose_in_context_menu(person, "Acceptera och fördela…")
    script.check()

    # The two question boxes are actions too (Enter takes Ja, the default, in both).
    assert answers.questions == [SEND_QUESTION, MESSAGE_QUESTION]
    total = count.actions + answers.questions
    assert len(total) <= 8, total
    assert answers.infos == []  # no box to click away at the end
    assert answers.errors == []
    assert seen["selected"] is True
    assert seen["reason"] == LAST_USED
    assert seen["reason_shown"] is True
    assert seen["changeable"] is True
    assert seen["statuses"] == [SENT]
    assert seen["outcome"] == f"{view.interventions[0].name}: {SENT}"
    assert seen["hint"] == ALL_DONE
    assert str(seen["close_text"]).replace("&", "") == "Stäng"
    assert answers.statuses[-1].startswith(f"{view.interventions[0].name} har status {SENT}.")
    assert "Meddelande har skickats till" in answers.statuses[-1]
    with demo_db.read() as session:
        rows = session.scalars(
            select(Execution).where(Execution.assignment_id == view.assignment_id)
        ).all()
        assert [r.status for r in rows] == [ExecutionStatus.SENT_TO_EXECUTION]
        assert str(seen["unit"]).endswith(session.get(OrgUnit, rows[0].unit_id).name)
        sent = session.scalars(
            select(Message).where(
                Message.assignment_id == view.assignment_id,
                Message.sender_user_id == driver.window.ctx.actor.user_id,
            )
        ).all()
        assert len(sent) == 1
    assert person.assignment_id is None  # the row stood for the person
    assert all(
        c.person_id != view.person.id
        for c in driver.children(["Mitt skrivbord", "Nya uppdrag"])
        if c.kind is NodeKind.PERSON
    )


def test_each_further_intervention_takes_three_actions(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    driver.open_window(actor_for(demo_db, "gruppchef"))
    view = assignment_with(driver, 3)
    count = Count()
    person = person_row(driver, count, view)
    answers = driver.answers(True, True, True, True)  # Ja to sending ×3, Ja to the message

    def registrera(dialog: AcceptDistributeDialog) -> None:
        count("Enter: Registrera")
        later(lambda: key(qtbot, dialog, Qt.Key.Key_Return))

    def ok(dialog: RegisterExecutionDialog) -> None:
        count("Enter: OK")
        later(lambda: key(qtbot, dialog, Qt.Key.Key_Return))

    def close(dialog: AcceptDistributeDialog) -> None:
        count("Escape: Stäng")
        later(lambda: key(qtbot, dialog, Qt.Key.Key_Escape))

    def distributed(n: int):
        return lambda d: sum(text == SENT for text in d.status_texts()) == n

    script = (
        driver.modals()
        .on(AcceptDistributeDialog, registrera)
        .on(RegisterExecutionDialog, ok)
        .on(AcceptDistributeDialog, registrera, ready=distributed(1))
        .on(RegisterExecutionDialog, ok)
        .on(AcceptDistributeDialog, registrera, ready=distributed(2))
        .on(RegisterExecutionDialog, ok)
        .on(AcceptDistributeDialog, close, ready=distributed(3))
        .start()
    )
    count("right-click the person")
    count("Acceptera och fördela…")
    driver.choose_in_context_menu(person, "Acceptera och fördela…")
    script.check()

    assert answers.questions == [SEND_QUESTION] * 3 + [MESSAGE_QUESTION]
    total = count.actions + answers.questions
    assert len(total) <= 8 + 3 * 2, total
    assert answers.infos == []
    with demo_db.read() as session:
        rows = session.scalars(
            select(Execution).where(Execution.assignment_id == view.assignment_id)
        ).all()
        assert len(rows) == 3
        assert {r.status for r in rows} == {ExecutionStatus.SENT_TO_EXECUTION}
        # One message for the three rows, not three.
        sent = session.scalars(
            select(Message.subject).where(
                Message.assignment_id == view.assignment_id,
                Message.sender_user_id == driver.window.ctx.actor.user_id,
            )
        ).all()
        assert len(sent) == 1
        assert all(item.name in sent[0] for item in view.interventions)
