"""Documenta: the person's documents at the unit (journals, genomförandeplaner) with a toolbar
whose journal button opens the marked journal and whose drop-down has Ny journal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMainWindow,
    QMenu,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.changes import ChangeKind, ChangeSet
from treserva_desktop.domain.views.journals import PersonDocuments
from treserva_desktop.ui.formatting import date_time_text
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.widgets.common import ListOrEmpty, fit_columns_in, heading, muted_label
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
EMPTY_TEXT = "Personen har inga dokument vid enheten."
EMPTY_CAN_CREATE = (
    "Personen har inga dokument vid enheten ännu. Skapa en journal med Ny journal… "
    "under pilen vid Journal i verktygsfältet."
)


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One row of the overview: a journal (journal_id set) or another document."""

    kind_text: str
    title: str
    dated: str
    status: str
    notes: str
    journal_id: int | None = None


COLUMNS: list[Column[DocumentRow]] = [
    Column("Typ", lambda r: r.kind_text),
    Column("Dokument", lambda r: r.title),
    Column("Datum", lambda r: r.dated),
    Column("Status", lambda r: r.status),
    Column("Anteckningar", lambda r: r.notes, align_right=True),
]
# Dokument (the journal's or plan's name) takes the room left and elides in a narrow window
# (the tool tip holds it); Typ, Datum, Status and Anteckningar are never cut.
TITLE_COLUMN = 1


def document_rows(documents: PersonDocuments) -> list[DocumentRow]:
    rows = [
        DocumentRow(
            kind_text=item.kind.label,
            title=item.title,
            dated=date_time_text(item.created_at),
            status=item.status_text,
            notes=str(item.note_count),
            journal_id=item.id,
        )
        for item in documents.journals
    ]
    rows += [
        DocumentRow(d.kind_text, d.title, f"{d.dated:%Y-%m-%d}", d.status_text, "")
        for d in documents.documents
    ]
    return rows


class DocumentaWindow(QMainWindow):
    """`load` reads the overview again (None: it could not be read); `open_journal`,
    `new_journal` and `can_create` are the handler's."""

    def __init__(
        self,
        documents: PersonDocuments,
        *,
        load: Callable[[], PersonDocuments | None],
        open_journal: Callable[[int], object],
        new_journal: Callable[[], object],
        can_create: Callable[[PersonDocuments], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.load = load
        # Whether Ny journal can make one now: a template the user writes, of a kind without
        # an open journal at the unit; asked again whenever the list is read.
        self.can_create = can_create
        self.open_journal_fn = open_journal
        self.documents = documents
        self.setObjectName("documenta_window")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowIcon(icon("documents"))
        self.setWindowTitle(f"Documenta – {documents.person_name}")

        toolbar = QToolBar("Dokument")
        toolbar.setObjectName("documenta_toolbar")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        self.journal_button = QToolButton()
        self.journal_button.setObjectName("journal_button")
        self.journal_button.setIcon(icon("journal"))
        self.journal_button.setText("&Journal")
        self.journal_button.setAccessibleName("Journal")
        self.journal_button.setToolTip("Öppna den markerade journalen; pilen: Ny journal")
        self.journal_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.journal_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.journal_menu = QMenu(self.journal_button)
        self.journal_menu.setObjectName("journal_menu")
        self.new_journal_action = QAction(icon("journal_new"), "&Ny journal…", self)
        self.new_journal_action.setObjectName("new_journal")
        self.new_journal_action.triggered.connect(lambda: new_journal())
        self.journal_menu.addAction(self.new_journal_action)
        self.journal_button.setMenu(self.journal_menu)
        self.journal_button.clicked.connect(self.open_selected)
        toolbar.addWidget(self.journal_button)
        close_action = toolbar.addAction("S&täng")
        close_action.setObjectName("close_documenta")
        close_action.triggered.connect(self.close)

        self.model: RowTableModel[DocumentRow] = RowTableModel(
            COLUMNS, muted=lambda r: r.journal_id is None, parent=self
        )
        self.table = QTableView()
        self.table.setObjectName("documents")
        self.table.setAccessibleName("Dokument")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open_index)
        self.table.installEventFilter(self)
        # No documents: a sentence saying so and how to start, never a bare empty grid.
        self.list = ListOrEmpty(
            self.table,
            EMPTY_CAN_CREATE if can_create(documents) else EMPTY_TEXT,
            object_name="documents_empty",
        )
        self.empty = self.list.empty
        self.title = heading(f"Dokument – {documents.person_name}")
        self.unit = muted_label(documents.unit_name)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.title)
        layout.addWidget(self.unit)
        layout.addWidget(self.list, 1)
        self.setCentralWidget(central)
        # Sized before the first list, which is fitted to the window's width.
        self.resize(760, 420)
        self.show_documents(documents)

    def show_documents(self, documents: PersonDocuments) -> None:
        self.documents = documents
        self.new_journal_action.setEnabled(self.can_create(documents))
        self.model.set_rows(document_rows(documents))
        self.list.show_list(bool(self.model.rows))
        central = self.centralWidget()
        fit_columns_in(self.table, (), central or self, stretch=TITLE_COLUMN)
        if self.model.rows:
            self.table.selectRow(0)

    def reload(self) -> None:
        documents = self.load()
        if documents is not None:
            self.show_documents(documents)

    def on_change(self, change: ChangeSet) -> None:
        if ChangeKind.JOURNALS in change.kinds and change.touches_person(self.documents.person_id):
            self.reload()

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self._open_row(self.model.row(index))

    def _open_row(self, row: DocumentRow) -> None:
        if row.journal_id is not None:
            self.open_journal_fn(row.journal_id)

    def open_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._open_row(self.model.row(index))
        else:
            self.journal_button.showMenu()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape closes the window, as Stäng does (a key its children left unused)."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in ENTER_KEYS
        ):
            self.open_selected()
            return True
        return super().eventFilter(watched, event)
