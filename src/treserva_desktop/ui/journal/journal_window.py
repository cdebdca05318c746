"""The journal window: the person's notes newest first, loaded a page at a time, with filters
(nyckelord, författare, period), Ny anteckning, and a note's own menu (Öppna, Signera, Den
enskildes synpunkt). Its menu bar has Arkiv with Stäng."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.db.queries.journals import journal_notes, journal_window_data, note_view
from treserva_desktop.domain.changes import ChangeKind, ChangeSet
from treserva_desktop.domain.commands.journals import SignNote
from treserva_desktop.domain.enums import Role
from treserva_desktop.domain.views.journals import (
    JournalView,
    NoteCursor,
    NoteFilter,
    NotePage,
    NoteRow,
)
from treserva_desktop.services import journals as journal_services
from treserva_desktop.ui import messages
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.journal.drafts import Draft, DraftStore
from treserva_desktop.ui.journal.note_model import KEYWORDS_COLUMN, STATUS_TEXTS, NoteTableModel
from treserva_desktop.ui.journal.note_window import SIGN_QUESTION, NoteWindow
from treserva_desktop.ui.journal.record_actions import (
    add_archive_actions,
    add_note_actions,
    may_write,
)
from treserva_desktop.ui.runner import attempt, fetch, run
from treserva_desktop.ui.widgets.common import ListOrEmpty, badge, heading, muted_label
from treserva_desktop.ui.widgets.date_field import OptionalDateField

ALL = "Alla"
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
CELL_PADDING = 16  # a cell's margins, so a text that fits is not elided
# Shown in the list's place when it has no notes, saying why (never a bare grid).
EMPTY_TEXT = "Journalen har inga anteckningar."
EMPTY_CAN_WRITE = "Journalen har inga anteckningar ännu. Skriv den första med Ny anteckning."
EMPTY_FILTERED = "Inga anteckningar passar filtret. Rensa filter visar alla anteckningar."
PERIOD_REVERSED = "Fr.o.m. är senare än T.o.m.: ändra perioden."


class JournalWindow(QMainWindow):
    """One window per journal; reloads its header and list when a journal change is
    committed. `first_page`: the notes read with `view` (journal_window_data), if they were."""

    def __init__(
        self,
        ctx: AppContext,
        view: JournalView,
        parent: QWidget | None = None,
        first_page: NotePage | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = view
        self.drafts = DraftStore(ctx.settings.data_dir, ctx.actor.user_id)
        self.setObjectName("journal_window")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowIcon(icon("journal"))
        self._build_menu()
        self._build()
        self._apply_view(view)
        self.model = NoteTableModel(self._fetch_page, self)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Nyckelord, a list of any length, takes the room left; the others fit what they show.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(KEYWORDS_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate(self._column_widths()):
            if column != KEYWORDS_COLUMN:
                self.table.setColumnWidth(column, width)
        # A page loaded by scrolling changes how many are shown.
        self.model.rowsInserted.connect(self._show_count)
        self._show_notes(first_page)
        ctx.events.data_changed.connect(self._on_change)
        self.resize(1060, 640)

    # -- building -----------------------------------------------------------------------------

    def _build_menu(self) -> None:
        bar = self.menuBar()
        self.archive_menu: QMenu = bar.addMenu("&Arkiv")
        self.archive_menu.setObjectName("archive_menu")
        self.close_action = QAction("S&täng", self)
        self.close_action.setObjectName("close_journal")
        self.close_action.setShortcut(QKeySequence.StandardKey.Close)
        self.close_action.triggered.connect(self.close)
        add_archive_actions(self)  # journal2: Skriv ut, Avsluta journal…
        self.archive_menu.addAction(self.close_action)

    def _build(self) -> None:
        self.title = heading()
        self.person = muted_label()
        self.closed_badge = badge("Avslutad", "info")
        self.keyword = QComboBox()
        self.keyword.setObjectName("keyword_filter")
        self.keyword.setAccessibleName("Nyckelord")
        self.author = QComboBox()
        self.author.setObjectName("author_filter")
        self.author.setAccessibleName("Författare")
        self.from_day = OptionalDateField("from_day", "Period från")
        self.to_day = OptionalDateField("to_day", "Period till")
        self.clear_button = QPushButton("&Rensa filter")
        self.clear_button.setObjectName("clear_filters")
        self.new_button = QPushButton(icon("journal_new"), "&Ny anteckning")
        self.new_button.setObjectName("new_note")
        self.table = QTableView()
        self.table.setObjectName("notes")
        self.table.setAccessibleName("Anteckningar")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.notes = ListOrEmpty(self.table, object_name="notes_empty")
        self.count = muted_label()
        self.count.setObjectName("note_count")

        filters = QFormLayout()
        filters.addRow("N&yckelord:", self.keyword)
        filters.addRow("&Författare:", self.author)
        period = QHBoxLayout()
        period.addWidget(self.from_day)
        period.addWidget(muted_label("–"))
        period.addWidget(self.to_day)
        period.addStretch(1)
        period_label = QLabel("&Period:")
        period_label.setBuddy(self.from_day)
        filters.addRow(period_label, period)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.closed_badge)
        top.addStretch(1)
        top.addWidget(self.new_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.clear_button)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(self.person)
        layout.addLayout(filters)
        layout.addWidget(self.notes, 1)
        layout.addLayout(bottom)
        self.setCentralWidget(central)

        self.new_button.clicked.connect(lambda: self.new_note())
        self.clear_button.clicked.connect(self.clear_filters)
        self.table.doubleClicked.connect(lambda index: self.open_note(self._row_at(index)))
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.installEventFilter(self)
        for signal in (
            self.keyword.currentIndexChanged,
            self.author.currentIndexChanged,
            self.from_day.dateChanged,
            self.to_day.dateChanged,
        ):
            signal.connect(self.reload_notes)

    def _apply_view(self, view: JournalView) -> None:
        self.view = view
        self.setWindowTitle(f"{view.title} – {view.person_name}")
        self.title.setText(view.title)
        self.person.setText(f"{view.person_name} · {view.organisation}")
        self.closed_badge.setVisible(view.closed)
        self.new_button.setEnabled(may_write(self.ctx, view))  # journal2: not a mere reader
        for box, items in (
            (self.keyword, [(k, k) for k in view.keywords]),
            (self.author, [(a.name, a.id) for a in view.authors]),
        ):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(ALL, None)
            for text, data in items:
                box.addItem(text, data)
            box.setCurrentIndex(max(box.findData(current), 0) if current is not None else 0)
            box.blockSignals(False)

    # -- the list -----------------------------------------------------------------------------

    def note_filter(self) -> NoteFilter:
        keyword = self.keyword.currentData()
        author = self.author.currentData()
        return NoteFilter(
            keyword=keyword if isinstance(keyword, str) else "",
            author_id=author if isinstance(author, int) else None,
            from_day=self.from_day.optional_value(),
            to_day=self.to_day.optional_value(),
        )

    def _fetch_page(self, cursor: NoteCursor | None) -> NotePage | None:
        fetched = fetch(self.ctx, journal_notes, self.view.id, self.note_filter(), cursor)
        if fetched.error is not None:
            self.count.setText(fetched.error)
            return None
        return fetched.value

    def reload_notes(self, *_args: object) -> None:
        """Read the list again from the newest note (a filter changed)."""
        self._show_notes(None)

    def _show_notes(self, first_page: NotePage | None) -> None:
        """Show the first page given, or else read it."""
        self.model.reload(first_page)
        self._show_count()

    def _show_count(self, *_args: object) -> None:
        """The count under the list; with no notes, a sentence in the list's place saying
        why: a reversed period, a filter, or a journal nothing has been written in yet."""
        if self.model.failed:
            self.notes.show_list(True)  # the error is in the count's place
            return
        shown = len(self.model.rows)
        if self.period_reversed():
            empty = PERIOD_REVERSED
        elif self.note_filter() != NoteFilter():
            empty = EMPTY_FILTERED
        else:
            empty = EMPTY_CAN_WRITE if may_write(self.ctx, self.view) else EMPTY_TEXT
        self.notes.show_list(bool(shown), empty)
        more = " (fler visas när du bläddrar)" if self.model.more else ""
        noun = "anteckning" if shown == 1 else "anteckningar"
        self.count.setText(f"{shown} {noun}{more}." if shown else "")

    def period_reversed(self) -> bool:
        start, end = self.from_day.optional_value(), self.to_day.optional_value()
        return start is not None and end is not None and start > end

    def _column_widths(self) -> tuple[int, ...]:
        """Händelsetid whole beside its lock or red-check icon; Rubrik as wide as the
        journal's longest heading ("Uppföljning av genomförandeplan" was cut), Författare as
        its longest name with the longest role ("Karin Lundqvist (Verksamhetschef)" was cut),
        Enhet and Status as their longest texts. Each is capped so that Nyckelord, which
        takes the rest, keeps room; a longer free-text heading is elided, its tool tip
        whole."""
        metrics = self.table.fontMetrics()

        def widest(texts: Iterable[str], cap: int) -> int:
            return min(cap, max(metrics.horizontalAdvance(text) for text in texts) + CELL_PADDING)

        small_icon = self.table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon_and_margins = small_icon + 28
        event = metrics.horizontalAdvance("2026-12-28 23:59") + icon_and_margins
        view = self.view
        names = [author.name for author in view.authors] + [self.ctx.actor.display_name]
        role = max((r.label for r in Role), key=metrics.horizontalAdvance)
        heading = widest(("Rubrik", *view.headings), 280)
        author = widest((f"{name} ({role})" for name in names), 280)
        unit = widest(("Enhet", *(choice.name for choice in view.units)), 200)
        status = widest(STATUS_TEXTS, 160)
        # Händelsetid, Rubrik, Nyckelord (the rest), Författare, Enhet, Status.
        return (event, heading, 0, author, unit, status)

    def clear_filters(self) -> None:
        for box in (self.keyword, self.author):
            box.setCurrentIndex(0)
        self.from_day.clear_value()
        self.to_day.clear_value()

    def _row_at(self, index: QModelIndex) -> NoteRow | None:
        return self.model.row(index) if index.isValid() else None

    def selected_row(self) -> NoteRow | None:
        return self._row_at(self.table.currentIndex())

    def _on_change(self, change: ChangeSet) -> None:
        if ChangeKind.JOURNALS in change.kinds and change.touches_person(self.view.person_id):
            # The header (new authors, a closed journal) and the first page in one read.
            refreshed = fetch(self.ctx, journal_window_data, self.view.id, self.note_filter())
            if refreshed.value is not None:
                self._apply_view(refreshed.value.view)
                self._show_notes(refreshed.value.notes)
            else:
                self.reload_notes()  # says why in the count's place

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
            self.open_note(self.selected_row())
            return True
        return super().eventFilter(watched, event)

    # -- a note's menu --------------------------------------------------------------------------

    def _context_menu(self, position: QPoint) -> None:
        row = self._row_at(self.table.indexAt(position))
        if row is None:
            return
        menu = QMenu(self)
        menu.setObjectName("note_menu")
        self.build_note_menu(menu, row)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def build_note_menu(self, menu: QMenu, row: NoteRow) -> None:
        """The actions on one note: the one place a new one is added."""
        actor_id = self.ctx.actor.user_id
        entries = (
            ("&Öppna", "open_note", True, lambda: self.open_note(row)),
            (
                "&Signera",
                "sign_note",
                not row.locked and row.author_id == actor_id and not self.view.closed,
                lambda: self.sign(row),
            ),
            (
                "&Den enskildes synpunkt…",
                "objection",
                row.locked and may_write(self.ctx, self.view),  # journal2
                lambda: self.new_note(objection_to=row.id),
            ),
        )
        for text, name, enabled, slot in entries:
            action = menu.addAction(text)
            action.setObjectName(name)
            action.setEnabled(enabled)
            action.triggered.connect(slot)
        add_note_actions(self, menu, row)  # journal2: Rätta anteckning…, Visa rättning…

    # -- actions ------------------------------------------------------------------------------

    def _note_window(self, **kwargs: object) -> NoteWindow:
        window = NoteWindow(
            self.view,
            save=lambda parent, command: attempt(
                self.ctx, parent, journal_services.save_note, command
            ),
            sign=lambda parent, command: attempt(
                self.ctx, parent, journal_services.sign_note, command
            ),
            drafts=self.drafts,
            now=self.ctx.clock.now,
            parent=self,
            **kwargs,  # type: ignore[arg-type]
        )
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def new_note(self, objection_to: int | None = None) -> NoteWindow | None:
        if self.view.closed:
            messages.error(self, "Journalen är avslutad och tar inte emot nya anteckningar.")
            return None
        window = self._note_window(objection_to=objection_to)
        window.text.setFocus()
        return window

    def open_note(self, row: NoteRow | None) -> NoteWindow | None:
        if row is None:
            return None
        fetched = fetch(self.ctx, note_view, row.id)
        if fetched.value is None:
            messages.error(self, fetched.error or "Anteckningen kunde inte öppnas.")
            return None
        return self._note_window(note=fetched.value)

    def open_draft(self, draft: Draft) -> NoteWindow:
        return self._note_window(draft=draft)

    def sign(self, row: NoteRow) -> bool:
        if not messages.confirm(self, SIGN_QUESTION, title="Signera", default_yes=False):
            return False
        command = SignNote(entry_id=row.id, expected_version=row.version)
        return run(self.ctx, self, journal_services.sign_note, command) is not None
