"""W9 Ändring av tid: Insats GF › intervention › Välj › Återkalla with the day before the
change (a day outside the row first) › the new row Under fördelning › Registrera with the new
Tidsåtgång, Till genomförande › message option; both rows stay visible as history. Also
Rätta/Avsluta… from the intervention's context menu."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for
from tests.helpers.execution_world import intervention_node, person_with_rows, reload
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.domain.enums import ExecutionStatus, TimePer
from treserva_desktop.ui.dialogs.compose_message_dialog import ComposeMessageDialog
from treserva_desktop.ui.dialogs.end_execution_dialog import EndExecutionDialog
from treserva_desktop.ui.dialogs.execution_window import ExecutionWindow
from treserva_desktop.ui.dialogs.register_execution_dialog import (
    SEND_QUESTION,
    RegisterExecutionDialog,
)
from treserva_desktop.ui.dialogs.revoke_execution_dialog import RevokeExecutionDialog
from treserva_desktop.ui.handlers.distribution import MESSAGE_QUESTION
from treserva_desktop.ui.handlers.executions import REGISTER_NOW
from treserva_desktop.ui.messages import MessageChoice
from treserva_desktop.ui.widgets.date_field import to_qdate

SENT = ExecutionStatus.SENT_TO_EXECUTION


def test_revoke_and_register_the_new_time(driver: E2EDriver, demo_db: Database) -> None:
    window = driver.open_window(actor_for(demo_db, "verksamhetschef"))
    today = window.ctx.clock.today()
    placed = person_with_rows(demo_db, today, 2, timed=True)
    old = placed.rows[0]
    node = intervention_node(driver, placed, old.intervention_id)
    driver.select(node)
    pane = window.execution_pane

    # Återkalla, then Nej to registering at once (the new row is selected instead), Till
    # genomförande, the message.
    answers = driver.answers(True, False, True, MessageChoice.EDIT)
    seen: dict[str, object] = {}

    def revoke(dialog: ExecutionWindow) -> None:
        assert dialog.register_button.isEnabled() is False
        later(dialog.revoke_button.click)

    def day_before(dialog: RevokeExecutionDialog) -> None:
        dialog.day.setDate(to_qdate(old.start_date - timedelta(days=1)))
        dialog.ok_button.click()  # the row's first day cannot be changed from: refused here
        seen["day_error"] = dialog.errors.message("day_before")
        dialog.day.setDate(to_qdate(today))
        seen["new_row"] = dialog.new_row.text()
        later(dialog.ok_button.click)

    def register(dialog: ExecutionWindow) -> None:
        selected = dialog.selected()
        assert selected is not None
        seen["selected"] = (selected.status, selected.start_date)
        position = [r.id for r in dialog.view.rows].index(selected.id)
        font = dialog.model.data(dialog.model.index(position, 0), Qt.ItemDataRole.FontRole)
        seen["bold"] = font is not None and font.bold()
        later(dialog.register_button.click)

    def new_time(dialog: RegisterExecutionDialog) -> None:
        dialog.hours.setValue(15)
        dialog.per.setCurrentIndex(dialog.per.findText(TimePer.WEEK.label))
        assert dialog.to_execution.isChecked()
        later(dialog.ok_button.click)

    def message(dialog: ComposeMessageDialog) -> None:
        seen["subject"] = dialog.subject.text()
        later(dialog.send_button.click)

    def close(dialog: ExecutionWindow) -> None:
        seen["shown"] = [s for s in dialog.statuses() if s[0] == "Personlig omvårdnad"]
        later(dialog.close_button.click)

    def registered(dialog: ExecutionWindow) -> bool:
        return any(r.replaces_execution_id == old.id and r.status is SENT for r in dialog.view.rows)

    script = (
        driver.modals()
        .on(ExecutionWindow, revoke)
        .on(RevokeExecutionDialog, day_before)
        .on(ExecutionWindow, register, ready=lambda w: len(w.view.rows) == 3)
        .on(RegisterExecutionDialog, new_time)
        .on(ComposeMessageDialog, message)
        .on(ExecutionWindow, close, ready=registered)
        .start()
    )
    pane.choose_button.click()
    script.check()

    new_start = today + timedelta(days=1)
    assert "före radens början" in str(seen["day_error"])
    assert str(seen["new_row"]).startswith(f"Under fördelning {new_start:%Y-%m-%d}")
    assert seen["selected"] == (ExecutionStatus.UNDER_DISTRIBUTION, new_start)
    assert seen["bold"] is True
    assert answers.questions[2:] == [SEND_QUESTION, MESSAGE_QUESTION]
    assert answers.questions[0].startswith("Personlig omvårdnad återkallas från och med")
    assert answers.questions[1].endswith(REGISTER_NOW)
    assert answers.errors == []
    assert seen["shown"] == [
        (
            "Personlig omvårdnad",
            f"{today:%Y-%m-%d}",
            ExecutionStatus.REVOKED.label,
        ),
        (
            "Personlig omvårdnad",
            f"{old.end_date:%Y-%m-%d}" if old.end_date else "Tills vidare",
            SENT.label,
        ),
    ]

    # The database: the old row ends today, revoked; the new one runs from tomorrow with the
    # new time, sent to Genomförande, pointing at the one it replaces.
    revoked = reload(demo_db, old.id)
    assert (revoked.end_date, revoked.status) == (today, ExecutionStatus.REVOKED)
    [pane_old, pane_new] = pane.rows()
    assert pane_old.id == old.id
    new = reload(demo_db, pane_new.id)
    assert (new.start_date, new.end_date, new.status) == (new_start, old.end_date, SENT)
    assert (new.minutes, new.per, new.replaces_execution_id) == (900, TimePer.WEEK, old.id)
    # Both rows in the pane: the old one as history.
    assert pane_old.status is ExecutionStatus.REVOKED
    assert pane_new.status is SENT


def test_revoke_then_ja_opens_registrera_for_the_new_row(
    driver: E2EDriver, demo_db: Database
) -> None:
    window = driver.open_window(actor_for(demo_db, "verksamhetschef"))
    today = window.ctx.clock.today()
    placed = person_with_rows(demo_db, today, 2, timed=True)
    old = placed.rows[0]
    driver.select(intervention_node(driver, placed, old.intervention_id))
    # Återkalla, Ja to registering now, Till genomförande, no message.
    answers = driver.answers(True, True, True, False)
    seen: dict[str, object] = {}

    def revoke(dialog: ExecutionWindow) -> None:
        later(dialog.revoke_button.click)

    def day_before(dialog: RevokeExecutionDialog) -> None:
        dialog.day.setDate(to_qdate(today))
        later(dialog.ok_button.click)

    def new_time(dialog: RegisterExecutionDialog) -> None:
        # Straight from the question: no row to find and no Registrera to press.
        dialog.hours.setValue(12)
        dialog.per.setCurrentIndex(dialog.per.findText(TimePer.WEEK.label))
        later(dialog.ok_button.click)

    def close(dialog: ExecutionWindow) -> None:
        seen["selected"] = dialog.selected()
        later(dialog.close_button.click)

    def registered(dialog: ExecutionWindow) -> bool:
        return any(r.replaces_execution_id == old.id and r.status is SENT for r in dialog.view.rows)

    script = (
        driver.modals()
        .on(ExecutionWindow, revoke)
        .on(RevokeExecutionDialog, day_before)
        .on(RegisterExecutionDialog, new_time)
        .on(ExecutionWindow, close, ready=registered)
        .start()
    )
    window.execution_pane.choose_button.click()
    script.check()

    assert answers.questions[1].endswith(REGISTER_NOW)
    assert answers.errors == []
    [_old, new] = window.execution_pane.rows()
    row = reload(demo_db, new.id)
    assert (row.status, row.minutes, row.replaces_execution_id) == (SENT, 720, old.id)


def test_rätta_avsluta_from_the_interventions_context_menu(
    driver: E2EDriver, demo_db: Database
) -> None:
    window = driver.open_window(actor_for(demo_db, "verksamhetschef"))
    today = window.ctx.clock.today()
    placed = person_with_rows(demo_db, today, 2)
    first, second = placed.rows
    node = intervention_node(driver, placed, first.intervention_id)
    answers = driver.answers()
    end = today + timedelta(days=3)

    def fill(dialog: EndExecutionDialog) -> None:
        assert dialog.row.id == first.id
        dialog.end.setDate(to_qdate(end))
        dialog.reason.setCurrentIndex(dialog.reason.findData("own_wish"))
        later(dialog.ok_button.click)

    script = (
        driver.modals()
        .on(EndExecutionDialog, fill)
        .on(
            ExecutionWindow,
            lambda w: later(w.close_button.click),
            ready=lambda w: w.view.rows[0].end_date == end,
        )
        .start()
    )
    driver.choose_in_context_menu(node, "Rätta/Avsluta…")
    script.check()
    # The other row runs on: nothing is asked at Stäng.
    assert answers.questions == []
    assert reload(demo_db, first.id).end_date == end
    assert reload(demo_db, second.id).end_date == second.end_date
