"""The journal window's list as a reader sees it: the count follows the pages scrolled in and
says "1 anteckning" for one; an empty list gives way to a sentence saying why (an empty
journal, a filter, a reversed period), never a bare grid; and Händelsetid is shown whole
beside its lock icon."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QHeaderView, QWidget
from tests.helpers.columns import assert_fits
from tests.helpers.distribution import Answers
from tests.ui.test_journal_handlers import documenta_code, person_at

from treserva_desktop.db.database import Database
from treserva_desktop.db.queries.journals import PAGE_SIZE
from treserva_desktop.domain.commands.journals import SaveNote
from treserva_desktop.services.journals import save_note
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.journal_template_dialog import JournalTemplateDialog
from treserva_desktop.ui.handlers import journals as handlers
from treserva_desktop.ui.journal.journal_window import (
    EMPTY_CAN_WRITE,
    EMPTY_FILTERED,
    PERIOD_REVERSED,
    JournalWindow,
)
from treserva_desktop.ui.journal.note_model import KEYWORDS_COLUMN

MakeCtx = Callable[[str], AppContext]


@pytest.fixture
def window(
    qtbot, make_ctx: MakeCtx, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> Iterator[JournalWindow]:
    monkeypatch.setattr(messages, "ask_save_changes", lambda *_a, **_k: False)
    ctx = make_ctx("verksamhetschef")
    person_id, unit_id = person_at(demo_db, ctx)
    host = QWidget()
    qtbot.addWidget(host)
    documenta = handlers.open_documenta(ctx, host, person_id, unit_id)
    assert documenta is not None
    monkeypatch.setattr(
        JournalTemplateDialog, "ask", lambda *_a, **_k: documenta_code(ctx, documenta)
    )
    opened = handlers.new_journal(ctx, host, documenta.documents)
    assert opened is not None
    yield opened  # while `host`, its parent, lives
    opened.close()
    host.close()


def _write(window: JournalWindow, notes: int) -> None:
    ctx = window.ctx
    now = ctx.database.clock.now()
    for n in range(notes):
        done = runner.call(
            ctx.database,
            ctx.actor,
            save_note,
            SaveNote(
                journal_id=window.view.id,
                heading="Dagsanteckning",
                unit_id=window.view.unit_id,
                event_at=now - timedelta(minutes=n + 1),
                body=f"Anteckning {n}.",
            ),
        )
        assert done.ok, done.refused


def test_the_count_says_one_note_and_follows_the_pages(window: JournalWindow) -> None:
    _write(window, 1)
    window.reload_notes()
    assert window.count.text() == "1 anteckning."
    _write(window, PAGE_SIZE + 4)
    window.reload_notes()
    assert window.count.text() == f"{PAGE_SIZE} anteckningar (fler visas när du bläddrar)."
    while window.model.canFetchMore(window.model.index(0, 0).parent()):
        window.model.fetchMore(window.model.index(0, 0).parent())
    assert window.count.text() == f"{PAGE_SIZE + 5} anteckningar."


def test_a_reversed_period_is_pointed_out(window: JournalWindow) -> None:
    _write(window, 2)
    today = QDate.currentDate()
    window.from_day.setDate(today)
    window.to_day.setDate(today.addDays(-5))
    window.reload_notes()
    assert window.notes.empty.text() == PERIOD_REVERSED
    assert window.notes.currentWidget() is window.notes.empty
    assert window.count.text() == ""
    window.clear_filters()
    window.reload_notes()
    assert window.count.text() == "2 anteckningar."


def test_an_empty_journal_says_so_in_the_lists_place(window: JournalWindow) -> None:
    """A journal without notes showed a bare grid with "Inga anteckningar." under it, apart
    from the list; the sentence now takes the list's place, says how to write the first note
    (or that the filter hides the notes), and the list returns with the first note."""
    window.show()
    assert window.new_button.isEnabled()
    assert not window.table.isVisible()
    assert window.notes.empty.isVisible()
    assert window.notes.empty.text() == EMPTY_CAN_WRITE
    assert window.count.text() == ""
    _write(window, 1)
    window.keyword.setCurrentIndex(window.keyword.count() - 1)  # a keyword no note has
    assert window.notes.empty.isVisible()
    assert window.notes.empty.text() == EMPTY_FILTERED
    window.clear_filters()
    assert window.table.isVisible()
    assert not window.notes.empty.isVisible()
    assert window.count.text() == "1 anteckning."


def test_handelsetid_is_shown_whole_beside_the_lock(
    window: JournalWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(window, 1)
    window.reload_notes()
    Answers(monkeypatch, True)
    assert window.sign(window.model.rows[0])
    window.reload_notes()
    index = window.model.index(0, 0)
    shown = str(window.model.data(index, Qt.ItemDataRole.DisplayRole))
    assert window.model.data(index, Qt.ItemDataRole.DecorationRole) is not None  # the lock
    needed = window.table.fontMetrics().horizontalAdvance(shown) + 16 + 16
    assert window.table.columnWidth(0) >= needed


def test_rubrik_and_forfattare_are_whole_at_the_default_size(window: JournalWindow) -> None:
    """The template's longest heading ("Uppföljning av genomförandeplan") and the writer with
    the role ("Karin Lundqvist (Verksamhetschef)") were cut at the window's default width;
    Nyckelord takes the room left and no column runs past the right edge."""
    longest = max(window.view.headings, key=len)
    ctx = window.ctx
    done = runner.call(
        ctx.database,
        ctx.actor,
        save_note,
        SaveNote(
            journal_id=window.view.id,
            heading=longest,
            unit_id=window.view.unit_id,
            event_at=ctx.database.clock.now() - timedelta(minutes=1),
            body="Planen följdes upp.",
        ),
    )
    assert done.ok, done.refused
    window.reload_notes()
    window.show()
    assert window.model.headerData(3, Qt.Orientation.Horizontal) == "Författare"
    assert ctx.actor.display_name in str(window.model.data(window.model.index(0, 3)))
    assert_fits(window.table, whole=(0, 1, 3, 4, 5))
    header = window.table.horizontalHeader()
    assert header.sectionResizeMode(KEYWORDS_COLUMN) is QHeaderView.ResizeMode.Stretch
    assert header.sectionSize(KEYWORDS_COLUMN) >= 150


def test_the_empty_period_shows_the_date_format(window: JournalWindow) -> None:
    """Fr.o.m. and T.o.m. were blank boxes with no hint of how to write a date."""
    assert window.from_day.text() == window.to_day.text() == "ÅÅÅÅ-MM-DD"
    window.from_day.setDate(QDate(2026, 11, 3))
    assert window.from_day.text() == "2026-11-03"
    window.clear_filters()
    assert window.from_day.text() == "ÅÅÅÅ-MM-DD"
    assert window.from_day.optional_value() is None
