"""The journal window's list of notes: a table model that loads a page at a time, newest
first, as the view scrolls (canFetchMore/fetchMore), so a journal of thousands of notes opens
with one short query."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from treserva_desktop.domain.views.journals import NoteCursor, NotePage, NoteRow
from treserva_desktop.ui.formatting import date_time_text
from treserva_desktop.ui.icons import icon

AnyIndex = QModelIndex | QPersistentModelIndex
NO_INDEX = QModelIndex()
MUTED = QColor("#6b6b6b")
# Fetch one page after `cursor` (None: the first); None when it could not be read.
PageFetcher = Callable[[NoteCursor | None], NotePage | None]


STATUS_TEXTS = ("Signerad", "Skrivskyddad", "Kan ändras")


def status_text(row: NoteRow) -> str:
    if row.signed:
        return STATUS_TEXTS[0]
    return STATUS_TEXTS[1] if row.locked else STATUS_TEXTS[2]


def author_text(row: NoteRow) -> str:
    return f"{row.author_name} ({row.author_role.label})"


COLUMNS: tuple[tuple[str, Callable[[NoteRow], str]], ...] = (
    ("Händelsetid", lambda row: date_time_text(row.event_at)),
    ("Rubrik", lambda row: row.heading),
    ("Nyckelord", lambda row: ", ".join(row.keywords)),
    ("Författare", author_text),
    ("Enhet", lambda row: row.unit_name),
    ("Status", status_text),
)
KEYWORDS_COLUMN = 2


class NoteTableModel(QAbstractTableModel):
    """Rows are NoteRow views; `reload()` starts again from the newest note."""

    def __init__(self, fetch_page: PageFetcher, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fetch_page = fetch_page
        self.rows: list[NoteRow] = []
        self.cursor: NoteCursor | None = None
        self.more = False
        self.failed = False

    def reload(self, first_page: NotePage | None = None) -> None:
        """Drop what is loaded and show the first page: the one given, read with the
        window's header, or else read now."""
        page = first_page if first_page is not None else self.fetch_page(None)
        self.beginResetModel()
        # No fetching while the reset is in flight (a view or tester may ask at its end).
        self.more = False
        self.failed = page is None
        self.rows = list(page.rows) if page is not None else []
        self.cursor = page.next_cursor if page is not None else None
        self.endResetModel()
        self.more = self.cursor is not None

    def row(self, index: AnyIndex) -> NoteRow:
        return self.rows[index.row()]

    def rowCount(self, parent: AnyIndex = NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = NO_INDEX) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: AnyIndex = NO_INDEX) -> bool:
        return not parent.isValid() and self.more

    def fetchMore(self, parent: AnyIndex = NO_INDEX) -> None:
        if parent.isValid() or not self.more:
            return
        self.more = False  # nothing nested while these rows go in
        page = self.fetch_page(self.cursor)
        if page is None:
            return
        self.cursor = page.next_cursor
        if page.rows:
            first = len(self.rows)
            self.beginInsertRows(NO_INDEX, first, first + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.endInsertRows()
        self.more = self.cursor is not None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return COLUMNS[index.column()][1](row)
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            if row.corrected:  # journal2 (W7): the red check of a corrected note
                return icon("note_corrected")
            return icon("note_locked") if row.locked else None
        if role == Qt.ItemDataRole.ForegroundRole and row.is_objection:
            return MUTED
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return COLUMNS[section][0] if 0 <= section < len(COLUMNS) else None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
