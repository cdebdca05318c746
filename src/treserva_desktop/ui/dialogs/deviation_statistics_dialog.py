"""Avvikelsestatistik: for a unit (its sub-units rolled up) and one deviation type, how many
deviations occurred each month, unit by unit (e.g. fall per enhet och månad): the chosen
unit's months as a bar chart beside the choices, the table underneath, and Exportera CSV…
and Exportera PDF… of what is shown (counts per unit only: nothing to audit)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.deviation_rules import check_month_range
from treserva_desktop.domain.deviation_statistics_rules import NOTE, TITLE, deviation_chart
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.views.deviations import (
    DeviationTable,
    DeviationTableRow,
    DeviationTypeView,
    RegistrationUnit,
)
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Fetched
from treserva_desktop.ui.widgets.common import export_status_label, heading, muted_label
from treserva_desktop.ui.widgets.date_field import from_qdate, to_qdate
from treserva_desktop.ui.widgets.field_errors import FieldErrors
from treserva_desktop.ui.widgets.statistics_chart import StatisticsChart
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

Load = Callable[[int, str | None, date, date], Fetched[DeviationTable]]
# Exports the table shown (CSV or PDF, in the background); the callback gets a line for the
# status.
Export = Callable[[QWidget, DeviationTable, Callable[[str], None]], None]


def _month_field(object_name: str, accessible_name: str, value: date, today: date) -> QDateEdit:
    field = QDateEdit()
    field.setObjectName(object_name)
    field.setAccessibleName(accessible_name)
    field.setDisplayFormat("yyyy-MM")
    field.setCalendarPopup(True)
    field.setMaximumDate(to_qdate(today))
    field.setDate(to_qdate(value))
    return field


def _count_of(index: int) -> Callable[[DeviationTableRow], str]:
    return lambda row: str(row.counts[index])


def _columns(table: DeviationTable) -> list[Column[DeviationTableRow]]:
    columns: list[Column[DeviationTableRow]] = [
        Column("Enhet", lambda row: "    " * row.depth + row.unit_name)
    ]
    for index, month in enumerate(table.months):
        columns.append(Column(f"{month:%Y-%m}", _count_of(index), align_right=True))
    columns.append(Column("Totalt", lambda row: str(row.total), align_right=True))
    return columns


class DeviationStatisticsDialog(QDialog):
    """Choose unit, type and months, then Visa; the chart shows the unit's counts month by
    month, the table counts per unit and month; Exportera CSV… saves the table, Exportera
    PDF… shows chart and table as a PDF."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        units: Sequence[RegistrationUnit],
        types: Sequence[DeviationTypeView],
        today: date,
        load: Load,
        export_csv: Export | None = None,
        export_pdf: Export | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deviation_statistics_dialog")
        self.setWindowTitle(TITLE)
        self.setWindowIcon(icon("deviation"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._load = load
        self.shown_table: DeviationTable | None = None
        self.errors = FieldErrors("error_general")
        self.unit = QComboBox()
        self.unit.setObjectName("unit_id")
        self.unit.setAccessibleName("Enhet")
        for unit in units:
            self.unit.addItem(unit.name, unit.id)
        self.type = QComboBox()
        self.type.setObjectName("type_code")
        self.type.setAccessibleName("Typ")
        self.type.addItem("Alla typer", None)
        for kind in types:
            self.type.addItem(kind.name, kind.code)
        for combo in (self.unit, self.type):  # long unit and type names stay readable
            combo.setMinimumContentsLength(22)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        this_month = today.replace(day=1)
        year_ago = date(this_month.year - 1, this_month.month, 1)
        first = date(year_ago.year + year_ago.month // 12, year_ago.month % 12 + 1, 1)
        self.first = _month_field("first_month", "Från månad", first, today)
        self.last = _month_field("last_month", "Till och med månad", this_month, today)
        self.show_button = QPushButton("&Visa")
        self.show_button.setObjectName("show_button")
        self.show_button.clicked.connect(self.refresh)
        form = QFormLayout()
        form.addRow("&Enhet:", self.errors.wrap(self.unit, "unit_id"))
        form.addRow("&Typ:", self.errors.wrap(self.type, "type_code"))
        form.addRow("&Från månad:", self.errors.wrap(self.first, "first_month"))
        form.addRow("T&ill och med månad:", self.errors.wrap(self.last, "last_month"))
        form.addRow("", self.show_button)
        self.chart = StatisticsChart()
        self.chart.setAccessibleName("Diagram: avvikelser per månad för enheten")
        self.model: RowTableModel[DeviationTableRow] = RowTableModel([])
        self.table = QTableView()
        self.table.setObjectName("statistics_table")
        self.table.setAccessibleName("Avvikelser per enhet och månad")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.export_status = export_status_label()
        buttons = QDialogButtonBox()
        self.csv_button = self._export_button(
            buttons,
            "Exportera &CSV…",
            "export_csv_button",
            "Spara tabellen som en CSV-fil för Excel",
            export_csv,
        )
        self.pdf_button = self._export_button(
            buttons,
            "Exportera &PDF…",
            "export_pdf_button",
            "Visa diagram och tabell som PDF, att spara eller skriva ut",
            export_pdf,
        )
        close = buttons.addButton("&Stäng", QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("close_button")
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        self.show_button.setDefault(True)
        # The choices and the chart side by side, so the table keeps the dialog's width.
        choices = QVBoxLayout()
        choices.addLayout(form)
        choices.addWidget(self.errors.general)
        choices.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(choices)
        top.addWidget(self.chart, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(TITLE, scale=1.2))
        layout.addWidget(muted_label(NOTE))
        layout.addLayout(top, 1)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.export_status)
        layout.addWidget(buttons)
        self.resize(1040, 660)
        if self.unit.count():
            self.refresh()

    def _export_button(
        self,
        buttons: QDialogButtonBox,
        text: str,
        object_name: str,
        tooltip: str,
        export: Export | None,
    ) -> QPushButton:
        """An export button, disabled until a table is shown, hidden without its handler."""
        button = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setObjectName(object_name)
        button.setToolTip(tooltip)
        button.setAutoDefault(False)
        button.setEnabled(False)
        button.setVisible(export is not None)
        button.clicked.connect(lambda: self._export(export))
        return button

    def refresh(self) -> None:
        self.errors.clear()
        unit_id = self.unit.currentData()
        if unit_id is None:
            self.errors.show("unit_id", "Du har ingen enhet att ta fram statistik för.")
            return
        first = from_qdate(self.first.date()).replace(day=1)
        last = from_qdate(self.last.date()).replace(day=1)
        try:
            check_month_range(first, last)
        except DomainError as error:
            self.errors.show(error.field, error.message)
            return
        fetched = self._load(int(unit_id), self.type.currentData(), first, last)
        if fetched.error is not None or fetched.value is None:
            self.errors.show(None, fetched.error or "")
            return
        table = fetched.value
        self.shown_table = table
        self.model.beginResetModel()
        self.model.columns = _columns(table)
        self.model.rows = list(table.rows)
        self.model.endResetModel()
        self.chart.set_chart(deviation_chart(table))
        for button in (self.csv_button, self.pdf_button):
            button.setEnabled(bool(table.rows))
        self.export_status.hide()

    def _export(self, export: Export | None) -> None:
        """Exportera CSV… or PDF…: the table shown, in the background (the handler asks
        where to save the CSV file; the PDF opens in its own window)."""
        table = self.shown_table
        if table is None or export is None:
            return

        def done(text: str) -> None:
            self.export_status.setText(text)
            self.export_status.show()

        export(self, table, done)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        units: Sequence[RegistrationUnit],
        types: Sequence[DeviationTypeView],
        today: date,
        load: Load,
        export_csv: Export | None = None,
        export_pdf: Export | None = None,
    ) -> None:
        cls(
            parent,
            units=units,
            types=types,
            today=today,
            load=load,
            export_csv=export_csv,
            export_pdf=export_pdf,
        ).exec()
