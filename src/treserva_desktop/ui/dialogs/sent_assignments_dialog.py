"""Mitt skrivbord › Skickade uppdrag (handläggare): what the user sent, where it went, whether
it was read, accepted (by whom, when) or stopped (why), and the state of its rows; a period
and a status to filter by; Enter or a double-click opens the assignment (PDF)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import QModelIndex, QSize
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.enums import AssignmentStatus
from treserva_desktop.domain.views.sent_assignments import SentAssignmentRow
from treserva_desktop.ui.formatting import date_time_text
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.tree.paged_folders import PROTECTED_MARK
from treserva_desktop.ui.widgets.common import (
    fit_columns_in,
    heading,
    muted_label,
    read_only_table,
)
from treserva_desktop.ui.widgets.date_field import DateField
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

TITLE = "Skickade uppdrag"
ALL_STATUSES = "Alla"
DEFAULT_DAYS = 30
# (from, to, status or None) -> the rows, or None when the read failed (already said why).
LoadFn = Callable[[date, date, AssignmentStatus | None], Sequence[SentAssignmentRow] | None]
# The assignment to open (Läs uppdrag, its PDF).
OpenFn = Callable[[QWidget, int], None]


def person_text(row: SentAssignmentRow) -> str:
    name = f"{row.person_name}, {row.identity_display}"
    return f"{name} – {PROTECTED_MARK}" if row.protected_identity else name


def read_text(row: SentAssignmentRow) -> str:
    if row.read_at is None:
        return "Nej"
    return f"{row.read_at:%Y-%m-%d} {row.read_by}".strip()


def outcome_text(row: SentAssignmentRow) -> str:
    """Accepterat (by whom, when) or Stoppat (why); else the status."""
    if row.status is AssignmentStatus.STOPPED:
        return f"Stoppat: {row.stopped_reason}" if row.stopped_reason else "Stoppat"
    if row.accepted_at is not None:
        return f"Accepterat {row.accepted_at:%Y-%m-%d} {row.accepted_by}".strip()
    return row.status.label


def when_text(row: SentAssignmentRow) -> str:
    """The tool tip of a row: the times to the minute."""
    parts = [f"Skickat {date_time_text(row.sent_at)}"]
    if row.read_at is not None:
        parts.append(f"Läst {date_time_text(row.read_at)} av {row.read_by}")
    if row.accepted_at is not None:
        parts.append(f"Accepterat {date_time_text(row.accepted_at)} av {row.accepted_by}")
    return "\n".join(parts)


# Uppdrag takes the room left; Person, Mottagare, Läst and Accepterat / stoppat give way when
# the dialog is narrow (elided, the tool tip holds the text); Skickat and Fördelade rader
# (a state such as "Skickad till genomförande") are never cut.
STRETCH_COLUMN = 2
LONG_TEXT_COLUMNS = (1, 3, 4, 5)
COLUMNS: list[Column[SentAssignmentRow]] = [
    Column("Skickat", lambda r: f"{r.sent_on:%Y-%m-%d}", tooltip=when_text),
    Column("Person", person_text),
    Column("Uppdrag", lambda r: r.title),
    Column("Mottagare", lambda r: r.receiver_unit_name),
    Column("Läst", read_text),
    Column("Accepterat / stoppat", outcome_text),
    Column("Fördelade rader", lambda r: r.rows_text),
]


def summary_text(rows: Sequence[SentAssignmentRow]) -> str:
    if not rows:
        return "Inga skickade uppdrag under perioden."
    stopped = sum(1 for row in rows if row.status is AssignmentStatus.STOPPED)
    waiting = sum(1 for row in rows if row.status is AssignmentStatus.RECEIVED)
    return f"{len(rows)} uppdrag: {waiting} väntar på utföraren, {stopped} stoppade."


class SentAssignmentsDialog(QDialog):
    """The list reloads (through `load`) whenever the period or the status changes."""

    def __init__(
        self, today: date, load: LoadFn, open_assignment: OpenFn, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sent_assignments_dialog")
        self.setWindowTitle(TITLE)
        self.setWindowIcon(icon("assignment"))
        self._load = load
        self._open = open_assignment

        self.since = DateField("since", "Skickade från och med", today - timedelta(DEFAULT_DAYS))
        self.until = DateField("until", "Skickade till och med", today)
        self.status = QComboBox()
        self.status.setObjectName("status_filter")
        self.status.setAccessibleName("Status")
        self.status.addItem(ALL_STATUSES, None)
        for status in AssignmentStatus:
            self.status.addItem(status.label, status.value)
        filters = QHBoxLayout()
        for text, field in (
            ("&Från:", self.since),
            ("&Till:", self.until),
            ("St&atus:", self.status),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            filters.addWidget(label)
            filters.addWidget(field)
            filters.addSpacing(8)
        filters.addStretch(1)

        self.summary = heading(scale=1.15)
        self.summary.setObjectName("summary")
        self.model: RowTableModel[SentAssignmentRow] = RowTableModel(
            COLUMNS,
            alert=lambda r: r.status is AssignmentStatus.STOPPED,
            bold=lambda r: r.read_at is None,
            parent=self,
        )
        self.table = read_only_table("sent_rows")
        self.table.setModel(self.model)
        self.table.setAccessibleName(TITLE)
        # A double-click opens the row; Enter reaches Visa uppdrag…, the default button (the
        # table's own "activated" on Enter would open it a second time).
        self.table.doubleClicked.connect(self._row_activated)
        hint = muted_label(
            "Fetstil: ännu inte läst av utföraren. Dubbelklicka eller tryck Enter för att visa "
            "uppdraget."
        )

        buttons = QDialogButtonBox()
        self.show_button = buttons.addButton(
            "&Visa uppdrag…", QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.show_button.setObjectName("show_button")
        self.show_button.clicked.connect(self.show_selected)
        close = buttons.addButton("&Stäng", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)

        for signal in (self.since.dateChanged, self.until.dateChanged):
            signal.connect(self.reload)
        self.status.currentIndexChanged.connect(self.reload)
        size = QSize(1400, 560)
        screen = self.screen()
        if screen is not None:
            size = size.boundedTo(screen.availableGeometry().size() * 0.95)
        # Sized before the first list, which is fitted to the dialog's width.
        self.resize(size)
        self.reload()
        self.show_button.setDefault(True)
        self.table.setFocus()

    @property
    def chosen_status(self) -> AssignmentStatus | None:
        data = self.status.currentData()
        return AssignmentStatus(data) if isinstance(data, str) else None

    def reload(self, *_args: object) -> None:
        rows = self._load(self.since.value(), self.until.value(), self.chosen_status)
        shown = list(rows or [])
        self.model.set_rows(shown)
        self.summary.setText(summary_text(shown))
        fit_columns_in(self.table, LONG_TEXT_COLUMNS, self, stretch=STRETCH_COLUMN)
        if shown:
            self.table.selectRow(0)
        self.show_button.setEnabled(bool(shown))

    def selected(self) -> SentAssignmentRow | None:
        index = self.table.currentIndex()
        return self.model.row(index) if index.isValid() else None

    def show_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(self, row.assignment_id)

    def _row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.show_selected()

    @classmethod
    def show_for(
        cls, parent: QWidget | None, today: date, load: LoadFn, open_assignment: OpenFn
    ) -> None:
        dialog = cls(today, load, open_assignment, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
