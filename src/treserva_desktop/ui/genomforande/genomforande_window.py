"""Genomförande › Nya uppdrag: the assignments sent to the user's units as document rows; the
selected one is acknowledged with Kvittera, optionally moving the person to Mina personer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QAction, QHideEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.db.queries.genomforande import genomforande_new_assignments
from treserva_desktop.domain.changes import ChangeKind, ChangeSet
from treserva_desktop.domain.commands.genomforande import (
    AcknowledgeAssignment,
    UndoAcknowledgement,
)
from treserva_desktop.domain.genomforande_rules import UNREAD_QUESTION
from treserva_desktop.domain.views.genomforande import AcknowledgeResult, GenomforandeAssignmentRow
from treserva_desktop.services.genomforande import acknowledge_assignment, undo_acknowledgement
from treserva_desktop.ui import messages
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.formatting import date_time_text
from treserva_desktop.ui.handlers.reading import open_assignment
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import fetch, run
from treserva_desktop.ui.widgets.common import (
    icon_heading,
    muted_label,
    section_title,
    value_label,
)
from treserva_desktop.ui.widgets.common import (
    person_row as make_person_row,
)

TITLE = "Genomförande"
EMPTY_LIST = "Inga nya uppdrag att kvittera."
NOTHING_SELECTED = "Markera ett uppdrag i listan till vänster."
MOVE_TEXT = "&Flytta till Mina personer"
ACKNOWLEDGE_TEXT = "&Kvittera"
READ_TEXT = "&Läs uppdrag…"
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# What makes the list out of date when it happens elsewhere in the application.
RELOAD_ON = frozenset({ChangeKind.ASSIGNMENTS, ChangeKind.EXECUTIONS, ChangeKind.PERSONS})
ASSIGNMENT_ROLE = Qt.ItemDataRole.UserRole
UNDO_TEXT = "Ångra kvittering"
LIST_TITLE = "Nya uppdrag att kvittera"
GEOMETRY_KEY = "genomforande_window"
# Room for the list with a person's name and number and the details beside it.
DEFAULT_SIZE = QSize(1040, 640)
# The list's share of the default width: a row's second line (the assignment, its
# interventions and unit) reads whole for a usual assignment, the details keep room for
# their labels and buttons.
LIST_WIDTH = 540


def row_text(row: GenomforandeAssignmentRow) -> str:
    """The person first (name and number are what staff look for), then the assignment;
    each line is elided, never clipped, and the tool tip holds it all."""
    person = f"{row.person.name}, {row.person.identity_display}"
    unread = "" if row.read_by_me else " · oläst"
    return f"{person}{unread}\n{row.title} · {row.unit_names}"


def row_tooltip(row: GenomforandeAssignmentRow) -> str:
    return (
        f"{row.person.name}, {row.person.identity_display}\n{row.title}\n"
        f"Insatser: {row.interventions}\nUtförarenhet: {row.unit_names}"
    )


def acknowledged_text(
    result: AcknowledgeResult, row: GenomforandeAssignmentRow, moved: bool
) -> str:
    text = f"Uppdraget för {row.person.name} är kvitterat."
    if result.added_to_my_persons:
        text += " Personen har lagts till i Mina personer."
    elif moved:
        text += " Personen fanns redan i Mina personer."
    return text


class AssignmentDetails(QWidget):
    """The right-hand side: what the selected assignment is, Flytta till Mina personer and
    Kvittera."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        header, _icon, self.title = icon_heading(icon("assignment"), "")
        self.title.setObjectName("details_title")
        person_row, self.person, self.protected = make_person_row("details_person")
        # The pane is narrow beside the list: the name and the number may take two lines
        # rather than the number being cut off.
        self.person.setWordWrap(True)
        self.interventions = value_label()
        self.interventions.setObjectName("details_interventions")
        self.units = value_label()
        self.units.setObjectName("details_units")
        self.start = value_label()
        self.sent = value_label()
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(6)
        form.addRow("Person:", person_row)
        form.addRow("Insatser:", self.interventions)
        form.addRow("Utförarenhet:", self.units)
        form.addRow("Fr.o.m.:", self.start)
        form.addRow("Skickad till genomförande:", self.sent)

        self.move_to_my_persons = QCheckBox(MOVE_TEXT)
        self.move_to_my_persons.setObjectName("move_to_my_persons")
        self.move_to_my_persons.setToolTip(
            "Lägg också till personen i din mapp Mina personer på skrivbordet."
        )
        self.read_button = QPushButton(icon("assignment"), READ_TEXT)
        self.read_button.setObjectName("read_button")
        self.read_button.setToolTip("Öppna uppdraget (PDF) och läs det innan du kvitterar.")
        self.read_button.setAutoDefault(False)
        self.acknowledge_button = QPushButton(icon("interventions"), ACKNOWLEDGE_TEXT)
        self.acknowledge_button.setObjectName("acknowledge_button")
        self.acknowledge_button.setToolTip(
            "Bekräfta att uppdraget är mottaget (Enter på raden i listan gör detsamma). Det "
            "försvinner då från Nya uppdrag."
        )
        self.acknowledge_button.setMinimumWidth(120)
        self.acknowledge_button.setDefault(True)
        self.acknowledge_button.setAutoDefault(True)
        actions = QHBoxLayout()
        actions.setSpacing(16)
        actions.addWidget(self.move_to_my_persons)
        actions.addWidget(self.acknowledge_button)
        actions.addStretch(1)

        explanation = muted_label(
            "Läs uppdraget först. Kvittera bekräftar att uppdraget är mottaget av "
            "utförarenheten. Med Flytta till Mina personer läggs personen också till i din "
            "mapp Mina personer."
        )
        read_row = QHBoxLayout()
        read_row.addWidget(self.read_button)
        read_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.setSpacing(8)
        layout.addWidget(header)
        layout.addLayout(form)
        layout.addLayout(read_row)
        layout.addSpacing(12)
        layout.addWidget(section_title("Kvittera uppdraget"))
        layout.addWidget(explanation)
        layout.addLayout(actions)
        layout.addStretch(1)

    def show_row(self, row: GenomforandeAssignmentRow) -> None:
        self.title.setText(row.title)
        self.person.setText(f"{row.person.name} ({row.person.identity_display})")
        self.protected.setVisible(row.person.protected_identity)
        self.interventions.setText(row.interventions)
        self.units.setText(row.unit_names)
        self.start.setText(f"{row.start_date:%Y-%m-%d}")
        self.sent.setText(date_time_text(row.sent_at))


class GenomforandeWindow(QMainWindow):
    """One per main window (see show_for); follows the application's change events."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[GenomforandeAssignmentRow] = []
        self.setObjectName("genomforande_window")
        self.setWindowTitle(f"{TITLE} – {ctx.actor.display_name}")
        self.setWindowIcon(icon("genomforande"))

        self.list_title = section_title(LIST_TITLE)
        self.list_title.setObjectName("list_title")
        self.list = QListWidget()
        self.list.setObjectName("new_assignments")
        self.list.setAccessibleName("Nya uppdrag")
        self.list.setIconSize(QSize(24, 24))
        self.list.setSpacing(2)
        # Long intervention names are elided (the tool tip has them), never a horizontal
        # scroll bar that hides the person's number.
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setUniformItemSizes(True)
        self.list.setAlternatingRowColors(True)
        self.list.setStyleSheet("QListWidget::item { padding: 4px 2px; }")
        self.list_message = muted_label()
        self.list_message.setObjectName("list_message")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 4, 4, 8)
        left_layout.addWidget(self.list_title)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.list_message)
        self.list.installEventFilter(self)

        self.details = AssignmentDetails()
        self.details.setObjectName("details")
        self.placeholder = muted_label(NOTHING_SELECTED)
        self.placeholder.setObjectName("placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right = QStackedWidget()
        self.right.addWidget(self.placeholder)
        self.right.addWidget(self.details)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([LIST_WIDTH, DEFAULT_SIZE.width() - LIST_WIDTH])
        self.close_buttons = QDialogButtonBox()
        self.close_button: QPushButton = self.close_buttons.addButton(
            "S&täng", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setObjectName("close_button")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 8, 8)
        central_layout.setSpacing(4)
        central_layout.addWidget(self.splitter, 1)
        central_layout.addWidget(self.close_buttons)
        self.setCentralWidget(central)
        # Esc closes the window, as Stäng does (it is kept for reuse, see show_for).
        self.close_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.close_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.close_shortcut.activated.connect(self.close)

        toolbar = QToolBar("Verktygsfält")
        toolbar.setObjectName("genomforande_toolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(20, 20))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.refresh_action = QAction(icon("refresh"), "Uppdatera", self)
        self.refresh_action.setShortcut(QKeySequence("F5"))
        self.refresh_action.setStatusTip("Hämta listan Nya uppdrag på nytt (F5)")
        self.refresh_action.triggered.connect(self.reload)
        toolbar.addAction(self.refresh_action)
        # Ångra the last Kvittera of this window session (the service checks it is the
        # user's own and recent).
        self.last_acknowledged: tuple[GenomforandeAssignmentRow, AcknowledgeResult] | None = None
        self.undo_action = QAction(icon("reply"), UNDO_TEXT, self)
        self.undo_action.setObjectName("undo_acknowledgement")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setStatusTip("Ångra den senaste kvitteringen (Ctrl+Z)")
        self.undo_action.setEnabled(False)
        self.undo_action.triggered.connect(self.undo)
        toolbar.addAction(self.undo_action)
        self.addToolBar(toolbar)
        self.statusBar().setObjectName("genomforande_status")

        self.list.currentRowChanged.connect(self._show_current)
        self.list.itemSelectionChanged.connect(self._show_current)
        self.details.acknowledge_button.clicked.connect(self.acknowledge)
        self.details.read_button.clicked.connect(self.read_current)
        ctx.events.data_changed.connect(self._on_data_changed)
        self._restore_size()
        self.reload()
        self.list.setFocus()

    # -- the list -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch the list again, keeping the selected assignment while it is there. Nothing
        else is ever selected for the user: Enter or a double-click acts only on a row they
        chose themselves."""
        current = self.current_row()
        fetched = fetch(self.ctx, genomforande_new_assignments)
        self.rows = list(fetched.value or [])
        self.list.blockSignals(True)
        self.list.clear()
        document = icon("assignment")
        for row in self.rows:
            item = QListWidgetItem(document, row_text(row))
            item.setData(ASSIGNMENT_ROLE, row.assignment_id)
            item.setToolTip(row_tooltip(row))
            self.list.addItem(item)
        self.list.blockSignals(False)
        count = len(self.rows)
        # Nya uppdrag here are those to acknowledge (the tree's are those to distribute).
        self.list_title.setText(f"{LIST_TITLE} ({count})" if count else LIST_TITLE)
        self.list_message.setText(fetched.error or ("" if count else EMPTY_LIST))
        self.list_message.setVisible(bool(self.list_message.text()))
        ids = [row.assignment_id for row in self.rows]
        if current is not None and current.assignment_id in ids:
            self.list.setCurrentRow(ids.index(current.assignment_id))
        else:
            self.list.setCurrentRow(-1)
            self.list.clearSelection()
        self._show_current()

    def _on_data_changed(self, change: ChangeSet) -> None:
        # A closed window is kept for reuse; show_for reloads it when it opens again. The list
        # is bounded (what waits at the actor's units): reloaded by kind.
        if self.isVisible() and change.any_of(RELOAD_ON):
            self.reload()

    def current_row(self) -> GenomforandeAssignmentRow | None:
        """The row the user chose: current and selected (focus alone can make a row current
        without anyone choosing it)."""
        position = self.list.currentRow()
        item = self.list.item(position) if 0 <= position < len(self.rows) else None
        return self.rows[position] if item is not None and item.isSelected() else None

    def select_assignment(self, assignment_id: int) -> None:
        ids = [row.assignment_id for row in self.rows]
        self.list.setCurrentRow(ids.index(assignment_id))

    def assignment_ids(self) -> list[int]:
        return [row.assignment_id for row in self.rows]

    def _show_current(self, *_args: object) -> None:
        row = self.current_row()
        if row is None:
            self.placeholder.setText(EMPTY_LIST if not self.rows else NOTHING_SELECTED)
            self.right.setCurrentWidget(self.placeholder)
            return
        self.details.show_row(row)
        self.right.setCurrentWidget(self.details)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter on the selected row kvitterar it, as the button does.
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in ENTER_KEYS
            and event.modifiers()
            in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        ):
            self.acknowledge()
            return True
        return super().eventFilter(watched, event)

    # -- Läs uppdrag ----------------------------------------------------------------------------

    def read_current(self) -> None:
        row = self.current_row()
        if row is not None:
            open_assignment(self.ctx, self, row.assignment_id)

    # -- Kvittera -----------------------------------------------------------------------------

    def acknowledge(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if not row.read_by_me and not messages.confirm(
            self, UNREAD_QUESTION, title="Kvittera", default_yes=False
        ):
            return
        moved = self.details.move_to_my_persons.isChecked()
        command = AcknowledgeAssignment(
            assignment_id=row.assignment_id,
            move_to_my_persons=moved,
            unread_confirmed=not row.read_by_me,
        )
        result = run(self.ctx, self, acknowledge_assignment, command)
        if result is None:
            # Refused (e.g. someone acknowledged it first): show the list as it is now.
            self.reload()
            return
        # A choice for this person only: Enter down the list must not move the next ones too.
        self.details.move_to_my_persons.setChecked(False)
        self.last_acknowledged = (row, result)
        self.undo_action.setEnabled(True)
        # The change event has reloaded the list already (nothing selected); say what
        # happened and how to take it back.
        text = acknowledged_text(result, row, moved) + " Ångra med Ctrl+Z."
        self.statusBar().showMessage(text, 15000)
        self.list.setFocus()

    def undo(self) -> None:
        """Ångra kvittering: the last one of this window session, once."""
        if self.last_acknowledged is None:
            return
        row, done = self.last_acknowledged
        command = UndoAcknowledgement(
            assignment_id=done.assignment_id,
            execution_ids=done.acknowledged_execution_ids,
            remove_from_my_persons=done.added_to_my_persons,
        )
        self.last_acknowledged = None
        self.undo_action.setEnabled(False)
        if run(self.ctx, self, undo_acknowledgement, command) is None:
            return
        self.reload()
        if done.assignment_id in self.assignment_ids():
            self.select_assignment(done.assignment_id)
        self.statusBar().showMessage(
            f"Kvitteringen av uppdraget för {row.person.name} är ångrad.", 10000
        )
        self.list.setFocus()

    # -- size, remembered per user ----------------------------------------------------------

    def _restore_size(self) -> None:
        saved = self.ctx.preferences.user_window_geometry(GEOMETRY_KEY)
        if saved is not None and self.restoreGeometry(saved):
            return
        size = QSize(DEFAULT_SIZE)
        screen = self.screen()
        if screen is not None:
            # Never larger than most of the screen (a small laptop).
            available = screen.availableGeometry().size() * 0.9
            size = size.boundedTo(available)
        self.resize(size)

    def hideEvent(self, event: QHideEvent) -> None:
        self.ctx.preferences.save_user_window_geometry(GEOMETRY_KEY, self.saveGeometry())
        super().hideEvent(event)

    # -- lifetime -----------------------------------------------------------------------------

    @classmethod
    def show_for(cls, parent: QWidget, ctx: AppContext) -> GenomforandeWindow:
        """Bring the parent's Genomförande window forward, creating it the first time (it is
        kept, hidden, when closed, and goes with its parent)."""
        window = parent.findChild(GenomforandeWindow)
        if window is None:
            window = cls(ctx, parent)
        elif not window.isVisible():
            window.reload()
        window.show()
        window.raise_()
        window.activateWindow()
        window.list.setFocus()
        return window
