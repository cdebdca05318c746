"""Genomförande: the Nya uppdrag list, the selected assignment's details, Kvittera with and
without Flytta till Mina personer."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import select
from tests.helpers.distribution import Answers

from treserva_desktop.db.models import Execution, MyPerson
from treserva_desktop.domain.changes import ChangeKind, ChangeSet
from treserva_desktop.domain.commands.genomforande import AcknowledgeAssignment
from treserva_desktop.domain.enums import ExecutionStatus
from treserva_desktop.domain.genomforande_rules import UNREAD_QUESTION
from treserva_desktop.services.genomforande import acknowledge_assignment
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.genomforande.genomforande_window import (
    DEFAULT_SIZE,
    EMPTY_LIST,
    GenomforandeWindow,
    row_text,
)
from treserva_desktop.ui.pdf_window import PdfWindow


@pytest.fixture
def ctx(make_ctx: Callable[[str], AppContext]) -> AppContext:
    return make_ctx("personal")


def open_window(qtbot, ctx: AppContext, parent: QWidget | None = None) -> GenomforandeWindow:
    window = GenomforandeWindow(ctx, parent)
    if parent is None:
        qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def my_person_ids(ctx: AppContext) -> set[int]:
    with ctx.database.read() as session:
        return set(
            session.scalars(
                select(MyPerson.person_id).where(MyPerson.user_id == ctx.actor.user_id)
            ).all()
        )


def test_lists_new_assignments_of_the_users_units_as_document_rows(qtbot, ctx: AppContext) -> None:
    window = open_window(qtbot, ctx)
    assert window.windowTitle() == f"Genomförande – {ctx.actor.display_name}"
    assert len(window.rows) >= 2
    assert window.list.count() == len(window.rows)
    assert window.list_title.text() == f"Nya uppdrag att kvittera ({len(window.rows)})"
    for position, row in enumerate(window.rows):
        item = window.list.item(position)
        # The person's name and number first, then the assignment; the tool tip holds all.
        assert item.text().startswith(f"{row.person.name}, {row.person.identity_display}")
        assert item.text().endswith(f"\n{row.title} · {row.unit_names}")
        assert row.title in item.toolTip()
        assert not item.icon().isNull()
        assert row.unit_names == "Norr grupp 1"  # the unit where `personal` works
    # Nothing is chosen for the user: the right side asks them to pick a row.
    assert window.current_row() is None
    assert window.right.currentWidget() is window.placeholder
    first = window.rows[0]
    window.list.setCurrentRow(0)
    assert window.right.currentWidget() is window.details
    assert window.details.title.text() == first.title
    assert window.details.person.text() == f"{first.person.name} ({first.person.identity_display})"
    assert window.details.interventions.text() == first.interventions
    # Access keys: Alt+F and Alt+K.
    assert window.details.move_to_my_persons.text() == "&Flytta till Mina personer"
    assert window.details.acknowledge_button.text() == "&Kvittera"
    assert window.details.read_button.text() == "&Läs uppdrag…"
    assert window.close_button.text() == "S&täng"
    assert not window.details.move_to_my_persons.isChecked()
    second = window.rows[1]
    window.list.setCurrentRow(1)
    assert window.details.title.text() == second.title


def test_kvittera_with_flytta_till_mina_personer(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch, True)  # Ja to "Kvittera ändå?"
    seen: list[ChangeSet] = []
    ctx.events.data_changed.connect(seen.append)
    window = open_window(qtbot, ctx)
    before = list(window.rows)
    target = before[-1]
    assert not target.read_by_me
    assert target.person.id not in my_person_ids(ctx)
    window.select_assignment(target.assignment_id)
    window.details.move_to_my_persons.setChecked(True)
    qtbot.mouseClick(window.details.acknowledge_button, Qt.MouseButton.LeftButton)

    assert answers.errors == []
    assert answers.questions == [UNREAD_QUESTION]
    assert target.assignment_id not in window.assignment_ids()
    assert window.list.count() == len(before) - 1
    with ctx.database.read() as session:
        acknowledged = session.scalars(
            select(Execution).where(Execution.id.in_(target.execution_ids))
        ).all()
        assert {row.status for row in acknowledged} == {ExecutionStatus.ACKNOWLEDGED}
        assert {row.acknowledged_by_user_id for row in acknowledged} == {ctx.actor.user_id}
        acknowledged_units = {row.unit_id for row in acknowledged}
    assert target.person.id in my_person_ids(ctx)
    assert [change.kinds for change in seen] == [
        frozenset({ChangeKind.EXECUTIONS, ChangeKind.MY_PERSONS})
    ]
    # Only the units whose rows were acknowledged, and the one person.
    assert seen[0].units == acknowledged_units
    assert seen[0].persons == {target.person.id}
    assert seen[0].assignments == {target.assignment_id}
    assert "har lagts till i Mina personer" in window.statusBar().currentMessage()
    # The tick was for that person only: Enter on the next row must not move them too.
    assert window.list.count() > 0
    assert not window.details.move_to_my_persons.isChecked()

    # Ångra (Ctrl+Z): the rows wait again and the person leaves Mina personer.
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert answers.errors == []
    assert target.assignment_id in window.assignment_ids()
    assert window.current_row() == target
    assert target.person.id not in my_person_ids(ctx)
    with ctx.database.read() as session:
        statuses = set(
            session.scalars(
                select(Execution.status).where(Execution.id.in_(target.execution_ids))
            ).all()
        )
    assert statuses == {ExecutionStatus.SENT_TO_EXECUTION}
    assert window.statusBar().currentMessage().endswith("är ångrad.")
    assert not window.undo_action.isEnabled()  # once


def test_kvittera_alone_leaves_mina_personer_alone(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch, True)
    seen: list[ChangeSet] = []
    ctx.events.data_changed.connect(seen.append)
    window = open_window(qtbot, ctx)
    mine_before = my_person_ids(ctx)
    target = window.rows[0]
    window.list.setCurrentRow(0)
    qtbot.mouseClick(window.details.acknowledge_button, Qt.MouseButton.LeftButton)
    assert target.assignment_id not in window.assignment_ids()
    assert my_person_ids(ctx) == mine_before
    assert [change.kinds for change in seen] == [frozenset({ChangeKind.EXECUTIONS})]
    assert seen[0].persons == {target.person.id}
    assert window.statusBar().currentMessage() == (
        f"Uppdraget för {target.person.name} är kvitterat. Ångra med Ctrl+Z."
    )
    # No next row is chosen for the user: Kvittera again does nothing, asks nothing.
    assert window.current_row() is None
    assert window.right.currentWidget() is window.placeholder
    window.acknowledge()
    assert answers.questions == [UNREAD_QUESTION]


def test_kvittera_of_something_already_acknowledged_says_so_and_refreshes(
    qtbot, ctx: AppContext, make_ctx: Callable[[str], AppContext], monkeypatch
) -> None:
    answers = Answers(monkeypatch, True)
    window = open_window(qtbot, ctx)
    target = window.rows[0]
    window.list.setCurrentRow(0)
    # A colleague acknowledges it meanwhile, in another session.
    colleague = make_ctx("samordnare")
    with colleague.database.transaction() as session:
        acknowledge_assignment(
            session,
            colleague.actor,
            AcknowledgeAssignment(assignment_id=target.assignment_id, unread_confirmed=True),
        )
    qtbot.mouseClick(window.details.acknowledge_button, Qt.MouseButton.LeftButton)
    assert answers.errors == ["Uppdraget har redan kvitterats."]
    assert target.assignment_id not in window.assignment_ids()


def test_follows_changes_made_elsewhere_and_shows_an_empty_list(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    Answers(monkeypatch)
    window = open_window(qtbot, ctx)
    for row in list(window.rows):
        with ctx.database.transaction() as session:
            acknowledge_assignment(
                session,
                ctx.actor,
                AcknowledgeAssignment(assignment_id=row.assignment_id, unread_confirmed=True),
            )
    assert window.list.count() > 0  # nothing told the window yet
    ctx.events.changed(ChangeKind.EXECUTIONS)
    assert window.list.count() == 0
    assert window.list_title.text() == "Nya uppdrag att kvittera"
    assert window.list_message.text() == EMPTY_LIST
    assert window.right.currentWidget() is window.placeholder
    window.acknowledge()  # nothing selected: nothing happens


def test_show_for_reuses_the_window_of_the_main_window(qtbot, ctx: AppContext) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    first = GenomforandeWindow.show_for(parent, ctx)
    qtbot.waitExposed(first)
    first.close()
    again = GenomforandeWindow.show_for(parent, ctx)
    assert again is first
    assert again.isVisible()
    assert parent.findChildren(GenomforandeWindow) == [first]


def test_keyboard_enter_kvitterar_the_selected_row_and_esc_closes(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch, True)  # Ja to "Kvittera ändå?" once
    window = open_window(qtbot, ctx)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.list.hasFocus())
    # Focus starts in the list with no row chosen: Enter does nothing.
    assert window.current_row() is None
    before = list(window.rows)
    qtbot.keyClick(window.list, Qt.Key.Key_Return)
    assert window.assignment_ids() == [r.assignment_id for r in before]
    assert answers.questions == []
    qtbot.keyClick(window.list, Qt.Key.Key_Down)
    target = window.current_row()
    assert target is not None
    qtbot.keyClick(window.list, Qt.Key.Key_Return)
    assert answers.errors == []
    assert answers.questions == [UNREAD_QUESTION]
    assert target.assignment_id not in window.assignment_ids()
    assert window.assignment_ids() == [r.assignment_id for r in before if r != target]
    with ctx.database.read() as session:
        statuses = set(
            session.scalars(
                select(Execution.status).where(Execution.id.in_(target.execution_ids))
            ).all()
        )
    assert statuses == {ExecutionStatus.ACKNOWLEDGED}
    assert window.list.hasFocus()
    # A repeated Enter acknowledges nothing more: no row is chosen after Kvittera.
    qtbot.keyClick(window.list, Qt.Key.Key_Return)
    assert window.assignment_ids() == [r.assignment_id for r in before if r != target]
    assert answers.questions == [UNREAD_QUESTION]
    # Esc closes the window (kept for reuse).
    qtbot.keyClick(window.list, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_stang_closes(qtbot, ctx: AppContext) -> None:
    window = open_window(qtbot, ctx)
    qtbot.mouseClick(window.close_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()


def test_las_uppdrag_opens_the_assignment_pdf(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = Answers(monkeypatch)
    window = open_window(qtbot, ctx)
    window.list.setCurrentRow(0)
    target = window.current_row()
    assert target is not None
    assert not target.read_by_me
    qtbot.mouseClick(window.details.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.findChildren(PdfWindow)))
    assert answers.errors == []
    pdfs = window.findChildren(PdfWindow)
    assert len(pdfs) == 1
    assert pdfs[0].objectName() == "assignment_pdf_window"
    assert pdfs[0].isVisible()
    pdfs[0].close()
    # Reading does not acknowledge; once read, Kvittera asks nothing.
    assert target.assignment_id in window.assignment_ids()
    window.reload()
    assert window.current_row() is not None
    assert window.current_row().read_by_me  # type: ignore[union-attr]
    window.acknowledge()
    assert answers.questions == []
    assert target.assignment_id not in window.assignment_ids()


def test_the_window_size_is_remembered_per_user(
    qtbot, ctx: AppContext, make_ctx: Callable[[str], AppContext]
) -> None:
    window = open_window(qtbot, ctx)
    # A useful size the first time, within the screen.
    available = window.screen().availableGeometry().size() * 0.9
    assert window.width() == min(1040, available.width())
    window.resize(760, 520)
    window.close()
    again = open_window(qtbot, ctx)
    assert (again.width(), again.height()) == (760, 520)
    other = open_window(qtbot, make_ctx("samordnare"))
    assert (other.width(), other.height()) != (760, 520)


def test_long_intervention_names_need_no_horizontal_scroll_bar(qtbot, ctx: AppContext) -> None:
    window = open_window(qtbot, ctx)
    assert window.list.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert window.list.textElideMode() == Qt.TextElideMode.ElideRight
    assert not window.list.horizontalScrollBar().isVisible()


def test_the_list_reads_whole_at_the_default_size(qtbot, ctx: AppContext) -> None:
    """At the window's default size the list is wide enough for a usual row's two lines
    (person; assignment, interventions and unit): they were cut after a few words."""
    window = open_window(qtbot, ctx)
    window.resize(DEFAULT_SIZE)
    qtbot.waitUntil(lambda: window.width() == DEFAULT_SIZE.width())
    assert window.list.width() >= window.width() // 2
    # Text room of a row: the viewport less the icon and the item's padding.
    room = window.list.viewport().width() - window.list.iconSize().width() - 24
    metrics = window.list.fontMetrics()
    whole = [
        row
        for row in window.rows
        if all(metrics.horizontalAdvance(line) <= room for line in row_text(row).split("\n"))
    ]
    assert len(whole) * 2 >= len(window.rows), "most rows should read whole"
