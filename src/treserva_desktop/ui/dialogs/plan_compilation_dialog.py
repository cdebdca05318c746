"""Uppföljning › Uppföljning och administration › Sammanställningar › Genomförandeplan…: the
manual's Sammanställning av genomförandeplaner. Verksamhet, Enhet (one unit at a time, or
Alla mina enheter), the period and the options; Sammanställ lists per person whether the plan
is missing, established, overdue or ended. A row opens the person in the tree."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.documents.plan_compilation_csv import in_time_text
from treserva_desktop.domain.commands.plan_compilation import CompilePlans
from treserva_desktop.domain.enums import BusinessArea
from treserva_desktop.domain.plan_compilation_rules import CompiledStatus
from treserva_desktop.domain.views.plan_compilation import (
    PlanCompilation,
    PlanCompilationRow,
    PlanUnitChoice,
)
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.widgets.common import (
    export_and_close_buttons,
    export_status_label,
    fit_columns,
    heading,
    muted_label,
    read_only_table,
)
from treserva_desktop.ui.widgets.date_field import DateField
from treserva_desktop.ui.widgets.field_errors import error_label
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

TITLE = "Sammanställning – Genomförandeplan"
ALL_AREAS = "Alla verksamheter"
ALL_UNITS = "Alla mina enheter"

# Starts a compilation (in the background) and calls back with it, or with None and the
# Swedish text of a refusal or failure.
CompileFn = Callable[[QWidget, CompilePlans, Callable[[PlanCompilation | None, str], None]], None]
# Exports: the dialog, the command, and what to call with the file once written.
ExportFn = Callable[[QWidget, CompilePlans, Callable[[Path], None]], None]


def _day(value: date | None) -> str:
    return "" if value is None else f"{value:%Y-%m-%d}"


COLUMNS: list[Column[PlanCompilationRow]] = [
    Column("Namn", lambda r: r.person_name),
    Column("Personnummer", lambda r: r.identity_display),
    Column("Enhet", lambda r: r.unit_name),
    Column("Insats start", lambda r: _day(r.first_start)),
    Column("Upprättas senast", lambda r: _day(r.due_on)),
    Column("Plan upprättad", lambda r: _day(r.established_on)),
    Column("I tid", in_time_text),
    Column("Senaste uppföljning", lambda r: _day(r.last_follow_up_on)),
    Column("Nästa uppföljning", lambda r: _day(r.next_follow_up_on)),
    Column("Status", lambda r: r.status.label),
    Column("Ansvarig", lambda r: r.responsible),
]


# The statuses in the plural, for "3 försenade, 1 saknas".
_PLURAL = {
    CompiledStatus.ESTABLISHED: "upprättade",
    CompiledStatus.OVERDUE: "försenade",
    CompiledStatus.ENDED: "avslutade",
}


def _status_word(status: CompiledStatus, count: int) -> str:
    word = status.label.lower()
    return word if count == 1 else _PLURAL.get(status, word)


def summary_text(compilation: PlanCompilation) -> str:
    if not compilation.rows:
        return f"{compilation.unit_label}: ingen person att visa för perioden."
    parts = [
        f"{compilation.count(status)} {_status_word(status, compilation.count(status))}"
        for status in CompiledStatus
        if compilation.count(status)
    ]
    persons = len(compilation.rows)
    noun = "person" if persons == 1 else "personer"
    return f"{compilation.unit_label}: {persons} {noun} – " + ", ".join(parts)


class PlanCompilationDialog(QDialog):
    """The choices on top, Sammanställ, the result table, Exportera… and Stäng."""

    def __init__(
        self,
        today: date,
        units: Sequence[PlanUnitChoice],
        *,
        compile_plans: CompileFn,
        export: ExportFn,
        preset: CompilePlans | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("plan_compilation_dialog")
        self.setWindowTitle(TITLE)
        self.setWindowIcon(icon("documents"))
        self.units = list(units)
        self.compile_fn = compile_plans
        self.export_fn = export
        self.compilation: PlanCompilation | None = None
        self.command: CompilePlans | None = None
        self.chosen_person: tuple[int, int] | None = None
        self.loading = False

        self.area = QComboBox()
        self.area.setObjectName("area")
        self.area.setAccessibleName("Verksamhet")
        self.area.addItem(ALL_AREAS, None)
        areas = {choice.business_area for choice in self.units}
        for area in BusinessArea:
            if area.value in areas:
                self.area.addItem(area.label, area.value)
        self.unit = QComboBox()
        self.unit.setObjectName("unit")
        self.unit.setAccessibleName("Enhet")
        self.area.currentIndexChanged.connect(self._fill_units)
        first_of_month = today.replace(day=1)
        self.period_start = DateField("period_start", "Period från", first_of_month)
        self.period_end = DateField("period_end", "Period till", today)
        period = QHBoxLayout()
        period.addWidget(self.period_start)
        to_label = QLabel("&till")
        to_label.setBuddy(self.period_end)
        period.addWidget(to_label)
        period.addWidget(self.period_end)
        period.addStretch(1)
        self.only_attention = QCheckBox("Endast saknade och &försenade")
        self.only_attention.setObjectName("only_attention")
        self.show_ended = QCheckBox("Visa avsl&utade")
        self.show_ended.setObjectName("show_ended")
        self.compile_button = QPushButton("Samman&ställ")
        self.compile_button.setObjectName("compile_button")
        self.compile_button.setToolTip("Ta fram sammanställningen för valen ovan")
        self.compile_button.clicked.connect(self.compile)
        options = QHBoxLayout()
        options.addWidget(self.only_attention)
        options.addWidget(self.show_ended)
        options.addStretch(1)
        options.addWidget(self.compile_button)

        form = QFormLayout()
        form.addRow("&Verksamhet:", self.area)
        form.addRow("E&nhet:", self.unit)
        period_label = QLabel("&Period från:")
        period_label.setBuddy(self.period_start)
        form.addRow(period_label, period)
        form.addRow("Övriga val:", options)

        self.error = error_label("compile_error")
        self.summary = heading(scale=1.1)
        self.summary.setObjectName("summary")
        hint = muted_label(
            "Perioden väljer personerna: alla med en insats vid enheten någon dag under "
            "perioden. Status gäller i dag: Försenad när planen inte upprättats i tid "
            "eller uppföljningsdagen har passerat. Dubbelklicka eller tryck Enter på en rad "
            "för att gå till personen i trädet."
        )
        hint.setWordWrap(True)
        self.export_status = export_status_label()

        self.model: RowTableModel[PlanCompilationRow] = RowTableModel(
            COLUMNS, alert=lambda r: r.status is CompiledStatus.OVERDUE, parent=self
        )
        self.table = read_only_table("plan_compilation")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setAccessibleName("Genomförandeplaner per person")
        self.table.activated.connect(self._open_row)
        self.table.doubleClicked.connect(self._open_row)

        buttons, self.export_button = export_and_close_buttons(
            self, "Spara sammanställningen som en CSV-fil", self.export
        )

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(self.export_status)
        layout.addWidget(buttons)
        self.compile_button.setDefault(True)
        self.resize(1100, 560)
        self._fill_units()
        self.show_compilation(None)
        if preset is not None:
            self._apply(preset)
            QTimer.singleShot(0, self.compile)  # once the dialog is up: progress shows
        self.area.setFocus()

    def _fill_units(self) -> None:
        area = self.area.currentData()
        self.unit.clear()
        self.unit.addItem(ALL_UNITS, None)
        for choice in self.units:
            if area is None or choice.business_area == area:
                self.unit.addItem(choice.name, choice.id)

    def _apply(self, preset: CompilePlans) -> None:
        area = preset.business_area.value if preset.business_area is not None else None
        self.area.setCurrentIndex(max(0, self.area.findData(area)))
        self.unit.setCurrentIndex(max(0, self.unit.findData(preset.unit_id)))
        if preset.period_start is not None:
            self.period_start.set_value(preset.period_start)
        if preset.period_end is not None:
            self.period_end.set_value(preset.period_end)
        self.only_attention.setChecked(preset.only_attention)
        self.show_ended.setChecked(preset.show_ended)

    def build_command(self) -> CompilePlans:
        return CompilePlans(
            business_area=BusinessArea(area) if (area := self.area.currentData()) else None,
            unit_id=self.unit.currentData(),
            period_start=self.period_start.value(),
            period_end=self.period_end.value(),
            only_attention=self.only_attention.isChecked(),
            show_ended=self.show_ended.isChecked(),
        )

    def compile(self) -> None:
        if self.loading:
            return
        self.loading = True
        self.error.hide()
        self.export_status.hide()
        self.compilation = None
        self.show_compilation(None)
        command = self.build_command()
        self.summary.setText("Sammanställningen tas fram…")
        self.compile_button.setEnabled(False)
        self.compile_fn(self, command, lambda result, text: self._compiled(command, result, text))

    def _compiled(self, command: CompilePlans, result: PlanCompilation | None, text: str) -> None:
        self.loading = False
        self.compile_button.setEnabled(True)
        if result is None:
            self.summary.setText("")
            if text:
                self.error.setText(text)
                self.error.show()
            return
        self.command = command
        self.compilation = result
        self.show_compilation(result)

    def show_compilation(self, compilation: PlanCompilation | None) -> None:
        self.model.set_rows(list(compilation.rows) if compilation else [])
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.summary.setText(summary_text(compilation) if compilation else "")
        fit_columns(self.table)
        self.export_button.setEnabled(compilation is not None and bool(compilation.rows))

    def _open_row(self, index: object) -> None:
        row = self.model.row(index)  # type: ignore[arg-type]
        self.chosen_person = (row.person_id, row.unit_id)
        self.accept()

    def export(self) -> None:
        command = self.command
        if command is None:
            return

        def exported(path: Path) -> None:
            self.export_status.setText(f"Sammanställningen har exporterats till {path}.")
            self.export_status.show()

        self.export_fn(self, command, exported)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        today: date,
        units: Sequence[PlanUnitChoice],
        *,
        compile_plans: CompileFn,
        export: ExportFn,
        preset: CompilePlans | None = None,
    ) -> tuple[int, int] | None:
        """The person (and unit) of the row opened, or None when closed."""
        dialog = cls(
            today, units, compile_plans=compile_plans, export=export, preset=preset, parent=parent
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        return run_modal(dialog, lambda: dialog.chosen_person)
