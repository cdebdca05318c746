"""Uppföljning › Väntande uppdrag…: every assignment still waiting to be accepted and
distributed at the user's units, longest wait first, with a unit filter and CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.views.follow_up import WaitingAssignment
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.tree.paged_folders import PROTECTED_MARK, overdue_text
from treserva_desktop.ui.widgets.common import (
    export_status_label,
    fit_columns,
    heading,
    muted_label,
    read_only_table,
)
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

TITLE = "Väntande uppdrag"
ALL_UNITS = "Alla enheter"
OVERDUE = "Försenat"
WAITING = "Väntar"

# Called with the dialog, the rows shown (in order), the unit filtered to (if any) and what to
# call with the file once it is written (the export runs in the background; a refusal or
# failure it has said itself).
ExportFn = Callable[[QWidget, list[WaitingAssignment], int | None, Callable[[Path], None]], None]


def status_text(row: WaitingAssignment) -> str:
    return OVERDUE if row.overdue else WAITING


def read_text(row: WaitingAssignment) -> str:
    return "Ja" if row.read else "Nej"


def person_text(row: WaitingAssignment) -> str:
    return f"{row.person_name} – {PROTECTED_MARK}" if row.protected_identity else row.person_name


def waited_text(days: int) -> str:
    return f"{days} arbetsdag" if days == 1 else f"{days} arbetsdagar"


def summary_text(rows: Sequence[WaitingAssignment]) -> str:
    """'7 uppdrag väntar, varav 3 försenade' ('uppdrag' is the same in the plural)."""
    if not rows:
        return "Inga uppdrag väntar på att accepteras och fördelas."
    overdue = sum(1 for row in rows if row.overdue)
    text = f"{len(rows)} uppdrag väntar"
    if overdue == 1:
        text += ", varav 1 försenat"
    elif overdue > 1:
        text += f", varav {overdue} försenade"
    return text


COLUMNS: list[Column[WaitingAssignment]] = [
    Column("Enhet", lambda r: r.unit_name),
    Column("Person", person_text),
    Column("Personnummer", lambda r: r.identity_display),
    Column("Uppdrag", lambda r: r.title),
    Column("Mottaget", lambda r: f"{r.received_on:%Y-%m-%d}"),
    Column("Väntat", lambda r: waited_text(r.waited_working_days), align_right=True),
    Column("Läst", read_text),
    Column("Status", status_text),
]
TITLE_COLUMN = 3

CSV_HEADER = (
    "Enhet",
    "Person",
    "Personnummer",
    "Uppdrag",
    "Mottaget",
    "Väntat (arbetsdagar)",
    "Läst",
    "Status",
)


def csv_rows(rows: Sequence[WaitingAssignment]) -> list[tuple[str, ...]]:
    """The export: the columns of the table, with the wait as a bare number for Excel."""
    return [
        (
            row.unit_name,
            person_text(row),
            row.identity_display,
            row.title,
            f"{row.received_on:%Y-%m-%d}",
            str(row.waited_working_days),
            read_text(row),
            status_text(row),
        )
        for row in rows
    ]


def write_csv(path: Path, rows: Sequence[WaitingAssignment]) -> None:
    """Semicolon-separated (what Excel expects with a Swedish locale), UTF-8 with BOM so Excel
    reads å, ä and ö correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(rows))
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


class WaitingAssignmentsDialog(QDialog):
    """The list; Enter, a double-click or Visa i trädet closes it and names the assignment to
    select in the main tree (`chosen`)."""

    def __init__(
        self,
        rows: Sequence[WaitingAssignment],
        *,
        overdue_working_days: int,
        export: ExportFn | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("waiting_assignments_dialog")
        self.setWindowTitle(TITLE)
        self.setWindowIcon(icon("folder_new"))
        self.all_rows = list(rows)
        self.export_fn = export
        self.chosen: int | None = None

        self.unit = QComboBox()
        self.unit.setObjectName("unit_filter")
        self.unit.addItem(ALL_UNITS, None)
        units = {row.unit_id: row.unit_name for row in self.all_rows}
        for unit_id, name in sorted(units.items(), key=lambda item: item[1].casefold()):
            self.unit.addItem(name, unit_id)
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        unit_label = QLabel("&Enhet:")
        unit_label.setBuddy(self.unit)
        filter_row = QHBoxLayout()
        filter_row.addWidget(unit_label)
        filter_row.addWidget(self.unit)
        filter_row.addStretch(1)

        self.summary = heading(scale=1.15)
        self.summary.setObjectName("summary")
        hint = muted_label(
            f"{OVERDUE}: {overdue_text(overdue_working_days).lower()} utan att ha accepterats. "
            "Dubbelklicka eller tryck Enter för att visa uppdraget i trädet."
        )
        hint.setObjectName("hint")
        self.export_status = export_status_label()

        self.model: RowTableModel[WaitingAssignment] = RowTableModel(
            COLUMNS, alert=lambda r: r.overdue, parent=self
        )
        self.table = read_only_table("waiting_rows")
        self.table.setModel(self.model)
        self.table.setAccessibleName(TITLE)
        self.table.activated.connect(self._row_activated)
        self.table.doubleClicked.connect(self._row_activated)

        buttons = QDialogButtonBox()
        self.show_button = buttons.addButton("Visa i trädet", QDialogButtonBox.ButtonRole.ApplyRole)
        self.show_button.setObjectName("show_button")
        self.show_button.setToolTip("Stäng listan och markera uppdraget under Nya uppdrag")
        self.show_button.clicked.connect(self.show_selected)
        self.export_button = buttons.addButton("Exportera…", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setObjectName("export_button")
        self.export_button.setToolTip("Spara listan som visas som en CSV-fil (öppnas i Excel)")
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(self.export)
        self.export_button.setVisible(export is not None)
        close = buttons.addButton("Stäng", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(self.export_status)
        layout.addWidget(buttons)

        self.unit.currentIndexChanged.connect(self._apply_filter)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._apply_filter()
        self.resize(1180, 540)
        self.show_button.setDefault(True)
        self.table.setFocus()

    # -- filtering ----------------------------------------------------------------------------

    @property
    def unit_id(self) -> int | None:
        data = self.unit.currentData()
        return data if isinstance(data, int) else None

    def visible_rows(self) -> list[WaitingAssignment]:
        return list(self.model.rows)

    def _apply_filter(self, *_args: object) -> None:
        unit_id = self.unit_id
        rows = [r for r in self.all_rows if unit_id is None or r.unit_id == unit_id]
        self.model.set_rows(rows)
        self.summary.setText(summary_text(rows))
        self._fit_columns()
        if rows:
            self.table.selectRow(0)
        self._update_buttons()

    def _fit_columns(self) -> None:
        """Every column as wide as its contents, except Uppdrag: it takes the room that is
        left (a long title is elided, the tooltip shows all of it), so Status stays in view
        without scrolling sideways."""
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        fit_columns(self.table)
        header.resizeSection(len(COLUMNS) - 1, header.sectionSize(len(COLUMNS) - 1) + 16)
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)

    def _update_buttons(self, *_args: object) -> None:
        self.show_button.setEnabled(self.selected() is not None)
        self.export_button.setEnabled(bool(self.model.rows))

    # -- choosing -----------------------------------------------------------------------------

    def selected(self) -> WaitingAssignment | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isSelected(index):
            return None
        return self.model.row(index)

    def _row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.show_selected()

    def show_selected(self) -> None:
        row = self.selected()
        if row is None or self.chosen is not None:
            return
        self.chosen = row.assignment_id
        self.accept()

    def export(self) -> None:
        rows = self.visible_rows()
        if self.export_fn is None or not rows:
            return

        def exported(path: Path) -> None:
            self.export_status.setText(f"{len(rows)} uppdrag har exporterats till {path}.")
            self.export_status.show()

        self.export_fn(self, rows, self.unit_id, exported)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        rows: Sequence[WaitingAssignment],
        *,
        overdue_working_days: int,
        export: ExportFn | None = None,
    ) -> int | None:
        """The assignment to show in the tree, or None when the list is just closed."""
        dialog = cls(rows, overdue_working_days=overdue_working_days, export=export, parent=parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        return run_modal(dialog, lambda: dialog.chosen)
