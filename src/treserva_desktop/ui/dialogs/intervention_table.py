"""The Insatser table of a decision: one row per granted intervention, time where it applies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import assignment_rules
from treserva_desktop.domain.assignment_rules import Fields
from treserva_desktop.domain.commands.authority import InterventionInput
from treserva_desktop.domain.enums import TimePer
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.field_lengths import max_length
from treserva_desktop.domain.views.authority import InterventionTypeView

COL_TYPE, COL_HOURS, COL_PER, COL_DESCRIPTION = range(4)
HEADERS = ("Insats", "Beviljad tid", "Per", "Beskrivning")
TIME_HINT = "Tid anges för insatser som beviljas i timmar (hemtjänst)."

Problem = tuple[str, str]  # (field, Swedish message), field as the service names it


@dataclass
class InterventionRow:
    """The widgets of one row."""

    type: QComboBox
    hours: QDoubleSpinBox
    per: QComboBox
    description: QLineEdit

    def widget(self, name: str) -> QWidget:
        """The widget for a field name of InterventionInput (the type box when unknown)."""
        return {
            "type_code": self.type,
            "hours": self.hours,
            "per": self.per,
            "description": self.description,
        }.get(name, self.type)

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.type, self.hours, self.per, self.description)


class InterventionTable(QWidget):
    """Rows of (Insats, Beviljad tid, Per, Beskrivning) with Lägg till / Ta bort insats."""

    edited = Signal()

    def __init__(
        self,
        types: Sequence[InterventionTypeView],
        *,
        error_label: QLabel | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.types = list(types)
        self._by_code = {t.code: t for t in self.types}
        self.rows: list[InterventionRow] = []

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("interventions")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TYPE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(COL_TYPE, 200)
        self.table.setColumnWidth(COL_HOURS, 100)
        self.table.setColumnWidth(COL_PER, 100)

        self.add_button = QPushButton("&Lägg till insats")
        self.add_button.setObjectName("add_intervention")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        self.remove_button = QPushButton("&Ta bort insats")
        self.remove_button.setObjectName("remove_intervention")
        self.remove_button.setAutoDefault(False)
        # Clicking it must not take the focus from the row it is meant to remove.
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_button.clicked.connect(self.remove_current_row)
        hint = QLabel(TIME_HINT)
        hint.setStyleSheet("color:#555555;")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        if error_label is not None:
            layout.addWidget(error_label)
        layout.addLayout(buttons)
        layout.addWidget(hint)

    # -- rows ---------------------------------------------------------------------------------

    def _type_box(self, position: int) -> QComboBox:
        box = QComboBox()
        box.setObjectName(f"type_{position}")
        box.setAccessibleName("Insats")
        box.setPlaceholderText("Välj insats…")
        area = None
        for item in self.types:
            if area is not None and item.business_area is not area:
                box.insertSeparator(box.count())
            area = item.business_area
            box.addItem(item.name, item.code)
            box.setItemData(box.count() - 1, item.business_area.label, Qt.ItemDataRole.ToolTipRole)
        box.setCurrentIndex(-1)
        return box

    def add_row(self, *, focus: bool = False) -> InterventionRow:
        position = len(self.rows)
        self.table.insertRow(position)
        hours = QDoubleSpinBox()
        hours.setObjectName(f"hours_{position}")
        hours.setAccessibleName("Beviljad tid i timmar")
        hours.setRange(0, 9999)
        hours.setDecimals(2)
        hours.setSuffix(" tim")
        hours.setSpecialValueText("–")
        hours.setEnabled(False)
        per = QComboBox()
        per.setObjectName(f"per_{position}")
        per.setAccessibleName("Per")
        per.addItem("per vecka", TimePer.WEEK)
        per.addItem("per månad", TimePer.MONTH)
        per.setEnabled(False)
        description = QLineEdit()
        description.setObjectName(f"description_{position}")
        description.setAccessibleName("Beskrivning")
        description.setPlaceholderText("T.ex. hjälp med dusch två gånger i veckan")
        description.setMaxLength(max_length("intervention_description"))
        description.setFrame(False)
        # Show the beginning of a long text once the user leaves the field.
        description.editingFinished.connect(lambda d=description: d.setCursorPosition(0))
        row = InterventionRow(self._type_box(position), hours, per, description)
        row.type.currentIndexChanged.connect(lambda _i, r=row: self._type_changed(r))
        hours.valueChanged.connect(lambda _v: self.edited.emit())
        per.currentIndexChanged.connect(lambda _i: self.edited.emit())
        for column, widget in enumerate(row.widgets()):
            self.table.setCellWidget(position, column, widget)
        self.rows.append(row)
        self.table.selectRow(position)
        self._update_buttons()
        if focus:
            row.type.setFocus()
        return row

    def remove_current_row(self) -> None:
        """Ta bort insats: the row being edited (see current_position); one row always stays."""
        if len(self.rows) <= 1:
            return
        position = self.current_position()
        self.table.removeRow(position)
        del self.rows[position]
        self.table.selectRow(min(position, len(self.rows) - 1))
        self._update_buttons()
        self.edited.emit()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(len(self.rows) > 1)

    def current_position(self) -> int:
        """The row holding the keyboard focus, else the selected row, else the last one."""
        focused = QApplication.focusWidget()
        if focused is not None:
            for position, row in enumerate(self.rows):
                if any(
                    widget is focused or widget.isAncestorOf(focused) for widget in row.widgets()
                ):
                    return position
        selected = self.table.selectionModel().selectedRows()
        return selected[0].row() if selected else len(self.rows) - 1

    def _type_changed(self, row: InterventionRow) -> None:
        chosen = self._by_code.get(row.type.currentData())
        needs_time = chosen is not None and chosen.requires_time
        row.hours.setEnabled(needs_time)
        row.per.setEnabled(needs_time)
        if not needs_time:
            row.hours.setValue(0)
        self.edited.emit()

    def set_row(
        self,
        position: int,
        type_code: str,
        hours: Decimal | float | None = None,
        per: TimePer | None = None,
        description: str = "",
    ) -> InterventionRow:
        """Fill one row (prefilling, tests); adds rows as needed."""
        while len(self.rows) <= position:
            self.add_row()
        row = self.rows[position]
        row.type.setCurrentIndex(row.type.findData(type_code))
        if hours is not None:
            row.hours.setValue(float(hours))
        if per is not None:
            row.per.setCurrentIndex(row.per.findData(per))
        row.description.setText(description)
        row.description.setCursorPosition(0)
        return row

    # -- reading ------------------------------------------------------------------------------

    def inputs(
        self, prefix: str = "interventions"
    ) -> tuple[list[InterventionInput], list[Problem]]:
        """The rows as InterventionInput, and every problem with them, checked with the same
        rules (and messages) as the service uses."""
        inputs: list[InterventionInput] = []
        problems: list[Problem] = []
        seen: set[str] = set()
        for position, row in enumerate(self.rows):
            at = f"{prefix}[{position}]."
            chosen = self._by_code.get(row.type.currentData())
            if chosen is None:
                problems.append((f"{at}type_code", "Välj insats i listan."))
                continue
            if chosen.code in seen:
                problems.append(
                    (f"{at}type_code", f"Insatsen {chosen.name} finns redan i beslutet.")
                )
                continue
            seen.add(chosen.code)
            hours: Decimal | None = None
            per: TimePer | None = None
            if chosen.requires_time:
                value = Decimal(str(round(row.hours.value(), 2)))
                hours = value if value > 0 else None
                per = TimePer(row.per.currentData())
            try:
                assignment_rules.hours_to_minutes(
                    hours,
                    per,
                    requires_time=chosen.requires_time,
                    type_name=chosen.name,
                    what="Beviljad omfattning",
                    fields=Fields(hours=f"{at}hours", per=f"{at}per"),
                )
            except ValidationError as error:
                problems.append((error.field or f"{at}hours", error.message))
                continue
            inputs.append(
                InterventionInput(
                    type_code=chosen.code,
                    hours=hours,
                    per=per,
                    description=row.description.text(),
                )
            )
        return inputs, problems
