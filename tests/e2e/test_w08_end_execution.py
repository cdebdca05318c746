"""W8 Rätta/Avsluta: Mina enheter › unit › person › Insats GF › intervention › Välj ›
Rätta/Avsluta for each row (a wrong T.o.m. first) › Stäng › the message to the handläggare;
then what the database holds and what the pane and the tree show."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for
from tests.helpers.execution_world import intervention_node, person_with_rows, reload
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Case, Execution, Message, MessageRecipient
from treserva_desktop.ui.dialogs.compose_message_dialog import ComposeMessageDialog
from treserva_desktop.ui.dialogs.end_execution_dialog import EndExecutionDialog
from treserva_desktop.ui.dialogs.execution_window import ExecutionWindow
from treserva_desktop.ui.handlers.executions import NOTHING_LEFT_QUESTION
from treserva_desktop.ui.widgets.date_field import to_qdate

REASON = "Flyttat till särskilt boende"


def test_manager_ends_both_rows_and_tells_the_handlaggare(
    driver: E2EDriver, demo_db: Database
) -> None:
    window = driver.open_window(actor_for(demo_db, "verksamhetschef"))
    today = window.ctx.clock.today()
    placed = person_with_rows(demo_db, today, 2)
    first, second = placed.rows
    end = today + timedelta(days=7)
    node = intervention_node(driver, placed, first.intervention_id)
    driver.select(node)
    pane = window.execution_pane
    assert window.panes.currentWidget() is pane
    assert pane.choose_button.isVisible()
    assert [row.id for row in pane.rows()] == [first.id]

    answers = driver.answers(True)
    seen: dict[str, object] = {}

    def end_first(dialog: ExecutionWindow) -> None:
        selected = dialog.selected()
        assert selected is not None
        seen["first_selected"] = selected.id
        later(dialog.end_button.click)

    def wrong_then_right(dialog: EndExecutionDialog) -> None:
        dialog.end.setDate(to_qdate(dialog.row.start_date - timedelta(days=1)))
        dialog.ok_button.click()  # refused at the field; the dialog stays
        seen["end_error"] = dialog.errors.message("end_date")
        seen["still_open"] = dialog.isVisible()
        dialog.end.setDate(to_qdate(end))
        dialog.ok_button.click()  # no reason yet
        seen["reason_error"] = dialog.errors.message("reason_code")
        dialog.reason.setCurrentIndex(dialog.reason.findText(REASON))
        later(dialog.ok_button.click)

    def end_second(dialog: ExecutionWindow) -> None:
        selected = dialog.selected()
        assert selected is not None
        seen["second_selected"] = selected.id  # the next row still running
        later(dialog.end_button.click)

    def right(dialog: EndExecutionDialog) -> None:
        seen["warning"] = dialog.warnings
        dialog.end.setDate(to_qdate(end))
        dialog.reason.setCurrentIndex(dialog.reason.findText(REASON))
        later(dialog.ok_button.click)

    def close(dialog: ExecutionWindow) -> None:
        seen["shown"] = dialog.statuses()
        later(dialog.close_button.click)

    def message(dialog: ComposeMessageDialog) -> None:
        seen["recipients"] = set(dialog.chosen_ids())
        seen["body"] = dialog.body.toPlainText()
        later(dialog.send_button.click)

    def ended(row_id: int):
        return lambda w: any(r.id == row_id and r.end_date == end for r in w.view.rows)

    script = (
        driver.modals()
        .on(ExecutionWindow, end_first)
        .on(EndExecutionDialog, wrong_then_right)
        .on(ExecutionWindow, end_second, ready=ended(first.id))
        .on(EndExecutionDialog, right)
        .on(ExecutionWindow, close, ready=ended(second.id))
        .on(ComposeMessageDialog, message)
        .start()
    )
    pane.choose_button.click()
    script.check()

    assert seen["first_selected"] == first.id
    assert seen["second_selected"] == second.id
    assert "kan inte vara före Fr.o.m." in str(seen["end_error"])
    assert seen["still_open"] is True
    assert seen["reason_error"] == "Välj avslutsorsak."
    assert any("pågår" in text for text in seen["warning"])  # type: ignore[attr-defined]
    assert answers.questions == [NOTHING_LEFT_QUESTION]
    assert answers.errors == []
    body = str(seen["body"])
    assert f"t.o.m. {end:%Y-%m-%d} ({REASON})" in body
    assert body.count(f"t.o.m. {end:%Y-%m-%d}") == 2

    # The database: both rows end on the date with the reason's code; the message is in the
    # responsible handläggare's Inkorg, about the person.
    for row in (first, second):
        stored = reload(demo_db, row.id)
        assert (stored.end_date, stored.end_reason, stored.status) == (
            end,
            "moved_special_housing",
            row.status,
        )
    with demo_db.read() as session:
        responsible = session.scalars(
            select(Case.responsible_user_id).where(Case.person_id == placed.person_id)
        ).all()
        message_row = session.scalars(
            select(Message).where(
                Message.person_id == placed.person_id,
                Message.sender_user_id == window.ctx.actor.user_id,
            )
        ).one()
        assert message_row.subject == "Insatser avslutade"
        # Linked to the assignment the rows came with: Visa uppdrag in the handläggare's Inkorg.
        ended_assignments = set(
            session.scalars(
                select(Execution.assignment_id).where(Execution.person_id == placed.person_id)
            ).all()
        )
        assert message_row.assignment_id in ended_assignments
        inbox = set(
            session.scalars(
                select(MessageRecipient.user_id).where(
                    MessageRecipient.message_id == message_row.id
                )
            ).all()
        )
    assert inbox == seen["recipients"]
    assert {user for user in responsible if user is not None} <= inbox

    # The pane shows the new T.o.m.; the intervention is still in the tree until it has ended.
    assert [row.end_date for row in pane.rows()] == [end]
    node = intervention_node(driver, placed, first.intervention_id)
    assert "Pågående" in node.tooltip


def test_enter_on_a_row_in_insats_gf_is_valj(qtbot, driver: E2EDriver, demo_db: Database) -> None:
    window = driver.open_window(actor_for(demo_db, "verksamhetschef"))
    placed = person_with_rows(demo_db, window.ctx.clock.today(), 2)
    driver.select(intervention_node(driver, placed, placed.rows[1].intervention_id))
    pane = window.execution_pane
    seen: list[int | None] = []

    def close(dialog: ExecutionWindow) -> None:
        selected = dialog.selected()
        seen.append(selected.id if selected else None)
        later(dialog.close_button.click)

    script = driver.modals().on(ExecutionWindow, close).start()
    pane.table.setFocus()
    qtbot.keyClick(pane.table, Qt.Key.Key_Return)
    script.check()
    # The window opens on the row chosen in the pane, among all the person's rows there.
    assert seen == [placed.rows[1].id]
