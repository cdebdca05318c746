"""Uppföljning › Statistik…: Verksamhet, Enhet (the organisation tree, Inklusive
underenheter), Från månad and Till månad, Visa; the result per section (Insatser,
Korttidsplatser, …) as a chart above its table, and Exportera CSV… / Exportera PDF…."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.commands.unit_statistics import ShowUnitStatistics
from treserva_desktop.domain.enums import BusinessArea
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.domain.unit_statistics_rules import (
    TOTAL,
    cell_text,
    months_of,
    period_text,
    units_text,
)
from treserva_desktop.domain.views.authority import ReceiverUnit
from treserva_desktop.domain.views.unit_statistics import Cell, StatisticsSection, UnitStatistics
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.widgets.common import (
    export_status_label,
    heading,
    muted_label,
    read_only_table,
)
from treserva_desktop.ui.widgets.statistics_chart import StatisticsChart
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel
from treserva_desktop.ui.widgets.unit_picker import OrgUnitPicker

TITLE = "Statistik"
NO_UNIT = "Välj en enhet i organisationsträdet."
AREAS: tuple[tuple[str, BusinessArea | None], ...] = (
    ("Alla verksamheter", None),
    (BusinessArea.HOME_CARE.label, BusinessArea.HOME_CARE),
    (BusinessArea.NURSING_HOME.label, BusinessArea.NURSING_HOME),
    (BusinessArea.SHORT_TERM.label, BusinessArea.SHORT_TERM),
)
# Default period: the six months up to and including the previous one.
DEFAULT_MONTHS = 6

Row = tuple[Cell, ...]
# The organisation tree for a Verksamhet (selectable: the actor's units within it).
UnitsFn = Callable[[BusinessArea | None], Sequence[ReceiverUnit]]
# Runs a command in the background; calls back with the result, or None once a refusal or
# failure has been shown.
LoadFn = Callable[[QWidget, ShowUnitStatistics, Callable[[UnitStatistics | None], None]], None]
# Exports the statistics shown (CSV or PDF); the callback gets a line for the status.
ExportFn = Callable[[QWidget, UnitStatistics, Callable[[str], None]], None]


def _month_edit(name: str, value: date, today: date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, 1))
    edit.setObjectName(name)
    edit.setDisplayFormat("yyyy-MM")
    edit.setMaximumDate(QDate(today.year, today.month, 1))
    edit.setCalendarPopup(True)
    return edit


def _cell_of(index: int) -> Callable[[Row], str]:
    return lambda row: cell_text(row[index])


def _two_lines(title: str) -> str:
    """A long figure heading on two lines ("Pågår sista\ndagen (personer)"), so the figure's
    column is as wide as its figures rather than its heading, and the names get the room."""
    if len(title) <= 14 or " " not in title:
        return title
    middle = len(title) // 2
    spaces = [i for i, char in enumerate(title) if char == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return f"{title[:cut]}\n{title[cut + 1 :]}"


class SectionView(QWidget):
    """One section: the chart above the table, with the note underneath."""

    def __init__(self, section: StatisticsSection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"section_{section.key}")
        self.section = section
        self.chart = StatisticsChart()
        self.chart.set_chart(section.chart)
        numeric = [
            all(not isinstance(row[i], str) or row[i] == "" for row in section.rows)
            for i in range(len(section.columns))
        ]
        columns: list[Column[Row]] = [
            Column(_two_lines(title) if numeric[i] else title, _cell_of(i), align_right=numeric[i])
            for i, title in enumerate(section.columns)
        ]
        self.model: RowTableModel[Row] = RowTableModel(
            columns, bold=lambda row: TOTAL in row, parent=self
        )
        self.model.set_rows(list(section.rows))
        self.table: QTableView = read_only_table(f"table_{section.key}")
        self.table.setModel(self.model)
        self.table.setAccessibleName(f"{section.title} per enhet och månad")
        # Names share the spare width; months and figures keep their own (header included).
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for index, is_number in enumerate(numeric):
            stretch = index > 0 and not is_number
            header.setSectionResizeMode(
                index,
                QHeaderView.ResizeMode.Stretch
                if stretch
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        if section.rows:
            layout.addWidget(splitter, 1)
            note = muted_label(section.note)
            note.setWordWrap(True)
            layout.addWidget(note)
        else:
            empty = muted_label(section.empty_text)
            empty.setObjectName("empty_text")
            layout.addWidget(empty)
            layout.addStretch(1)


class UnitStatisticsWindow(QDialog):
    """The choices on the left, the result on the right, the exports at the bottom."""

    def __init__(
        self,
        today: date,
        *,
        units: UnitsFn,
        load: LoadFn,
        export_csv: ExportFn,
        export_pdf: ExportFn,
        home_unit: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unit_statistics_window")
        self.setWindowTitle(TITLE)
        self.setWindowIcon(icon("documents"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.today = today
        self.units_fn, self.load_fn = units, load
        self.export_csv_fn, self.export_pdf_fn = export_csv, export_pdf
        self.statistics: UnitStatistics | None = None
        self.loading = False

        self.area = QComboBox()
        self.area.setObjectName("business_area")
        for text, area in AREAS:  # Qt keeps a StrEnum as its text: store the value
            self.area.addItem(text, area.value if area else "")
        self.area.setAccessibleName("Verksamhet")
        self.picker = OrgUnitPicker(
            units(None), chosen_prefix="Vald enhet", none_chosen="Ingen enhet vald."
        )
        self.picker.view.setAccessibleName("Enhet")
        if home_unit is not None:
            self.picker.select_unit(home_unit)
        self.area.currentIndexChanged.connect(self._area_changed)
        self.sub_units = QCheckBox("Inklusive &underenheter")
        self.sub_units.setObjectName("include_sub_units")
        self.sub_units.setChecked(True)
        last = Month.of(today).previous
        first = last
        for _ in range(DEFAULT_MONTHS - 1):
            first = first.previous
        self.first_month = _month_edit("first_month", first.first, today)
        self.first_month.setAccessibleName("Från månad")
        self.last_month = _month_edit("last_month", last.first, today)
        self.last_month.setAccessibleName("Till månad")
        self.show_button = QPushButton("&Visa")
        self.show_button.setObjectName("show_button")
        self.show_button.setToolTip("Räkna fram statistiken för enheten och perioden")
        self.show_button.clicked.connect(self.reload)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color:#a31515;")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        area_label = QLabel("V&erksamhet:")
        area_label.setBuddy(self.area)
        form.addRow(area_label, self.area)
        unit_label = QLabel("E&nhet:")
        unit_label.setBuddy(self.picker.view)
        form.addRow(unit_label, self.sub_units)
        choices = QVBoxLayout()
        choices.addLayout(form)
        choices.addWidget(self.picker, 1)
        months = QFormLayout()
        for text, edit in (("&Från månad:", self.first_month), ("&Till månad:", self.last_month)):
            label = QLabel(text)
            label.setBuddy(edit)
            months.addRow(label, edit)
        choices.addLayout(months)
        choices.addWidget(self.error)
        choices.addWidget(self.show_button)
        left = QWidget()
        left.setLayout(choices)
        # Room for a unit's name in the tree and for Vald enhet's path, which wrapped after
        # two units at the column's bare size hint; the chart keeps the rest.
        left.setMinimumWidth(left.fontMetrics().averageCharWidth() * 54)  # ~50 characters
        left.setMaximumWidth(max(340, left.minimumWidth()))

        self.summary = heading(scale=1.15)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sections")
        self.export_status = export_status_label()
        right = QVBoxLayout()
        right.addWidget(self.summary)
        right.addWidget(self.tabs, 1)
        right.addWidget(self.export_status)

        body = QHBoxLayout()
        body.addWidget(left)
        body.addLayout(right, 1)
        buttons = QDialogButtonBox()
        self.csv_button = buttons.addButton(
            "Exportera &CSV…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.csv_button.setObjectName("export_csv_button")
        self.csv_button.setToolTip("Spara tabellerna som en CSV-fil för Excel")
        self.csv_button.clicked.connect(lambda: self._export(self.export_csv_fn))
        self.pdf_button = buttons.addButton(
            "Exportera &PDF…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.pdf_button.setObjectName("export_pdf_button")
        self.pdf_button.setToolTip("Visa diagram och tabeller som PDF, att spara eller skriva ut")
        self.pdf_button.clicked.connect(lambda: self._export(self.export_pdf_fn))
        close = buttons.addButton("Stäng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        for button in (self.csv_button, self.pdf_button, close):
            button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.show_button.setDefault(True)
        self.resize(1180, 760)
        self.show_statistics(None)
        self.picker.view.setFocus()

    # -- choosing -------------------------------------------------------------------------

    def chosen_area(self) -> BusinessArea | None:
        value = self.area.currentData()
        return BusinessArea(value) if value else None

    def _area_changed(self) -> None:
        chosen = self.picker.selected_unit()
        self.picker.set_units(self.units_fn(self.chosen_area()))
        if chosen is not None:
            self.picker.select_unit(chosen.id)

    def _month(self, edit: QDateEdit) -> date:
        value = edit.date()
        return date(value.year(), value.month(), 1)

    def command(self) -> ShowUnitStatistics | None:
        """The choices as a command, or None with the problem shown (the same period rule as
        the service's)."""
        unit = self.picker.selected_unit()
        first, last = self._month(self.first_month), self._month(self.last_month)
        try:
            if unit is None or not unit.selectable:
                raise ValidationError(NO_UNIT)
            months_of(first, last, self.today)
        except ValidationError as error:
            self.error.setText(str(error))
            self.error.show()
            return None
        self.error.hide()
        return ShowUnitStatistics(
            business_area=self.chosen_area(),
            unit_id=unit.id,
            include_sub_units=self.sub_units.isChecked(),
            first_month=first,
            last_month=last,
        )

    # -- showing --------------------------------------------------------------------------

    def reload(self) -> None:
        if self.loading:
            return
        command = self.command()
        if command is None:
            return
        self.loading = True
        self.export_status.hide()
        self.show_statistics(None)
        self.summary.setText("Statistiken räknas fram…")
        self.show_button.setEnabled(False)
        self.load_fn(self, command, self._loaded)

    def _loaded(self, statistics: UnitStatistics | None) -> None:
        self.loading = False
        self.show_button.setEnabled(True)
        self.show_statistics(statistics)

    def show_statistics(self, statistics: UnitStatistics | None) -> None:
        self.statistics = statistics
        self.tabs.clear()
        for button in (self.csv_button, self.pdf_button):
            button.setEnabled(statistics is not None)
        if statistics is None:
            self.summary.setText("Välj verksamhet, enhet och period och klicka på Visa.")
            return
        units = units_text(
            statistics.unit_name, statistics.include_sub_units, statistics.unit_count
        )
        period = period_text(statistics.first_month, statistics.last_month)
        self.summary.setText(f"{statistics.area_label} · {units} · {period}")
        for section in statistics.sections:
            self.tabs.addTab(SectionView(section), section.title)

    def section_view(self, key: str) -> SectionView:
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if isinstance(page, SectionView) and page.section.key == key:
                return page
        raise KeyError(key)

    def _export(self, export: ExportFn) -> None:
        statistics = self.statistics
        if statistics is None:
            return

        def done(text: str) -> None:
            self.export_status.setText(text)
            self.export_status.show()

        export(self, statistics, done)

    @classmethod
    def show_for(
        cls,
        parent: QWidget | None,
        today: date,
        *,
        units: UnitsFn,
        load: LoadFn,
        export_csv: ExportFn,
        export_pdf: ExportFn,
        home_unit: int | None = None,
    ) -> None:
        window = cls(
            today,
            units=units,
            load=load,
            export_csv=export_csv,
            export_pdf=export_pdf,
            home_unit=home_unit,
            parent=parent,
        )
        window.setWindowModality(Qt.WindowModality.WindowModal)
        run_modal(window, lambda: None)
