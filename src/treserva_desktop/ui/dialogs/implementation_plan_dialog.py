"""Ny genomförandeplan: date, participants, whether the person took part, goals, activities
(Vad, Vem, När/hur) and the next follow-up."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import plan_rules
from treserva_desktop.domain.commands.plans import EstablishPlan, PlanActivityInput
from treserva_desktop.domain.field_lengths import MAX_LENGTHS
from treserva_desktop.domain.views.plans import PlanResult
from treserva_desktop.ui.dialogs.plan_form import PlanDialog, ask_modal, ok_cancel
from treserva_desktop.ui.runner import Submit, Submitted
from treserva_desktop.ui.widgets.common import heading, muted_label
from treserva_desktop.ui.widgets.date_field import DateField

EstablishSubmit = Submit[EstablishPlan, PlanResult]
ACTIVITY_HEADERS = ("Vad", "Vem", "När/hur")


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text().strip() if item is not None else ""


def _editable_table(object_name: str, headers: tuple[str, ...], accessible: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(object_name)
    table.setAccessibleName(accessible)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.AllEditTriggers
        & ~QAbstractItemView.EditTrigger.CurrentChanged
    )
    table.setWordWrap(False)  # a row is one line; the full text shows in its tooltip and editor
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def _row_buttons(
    table: QTableWidget, add_text: str, remove_text: str, name: str
) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """Lägg till / Ta bort under a table: a new row is edited at once. Enter in a field
    never presses them: it means OK."""
    add = QPushButton(add_text)
    add.setObjectName(f"add_{name}")
    add.setAutoDefault(False)
    remove = QPushButton(remove_text)
    remove.setObjectName(f"remove_{name}")
    remove.setAutoDefault(False)

    def add_row() -> None:
        row = table.rowCount()
        table.insertRow(row)
        for column in range(table.columnCount()):
            table.setItem(row, column, QTableWidgetItem(""))
        table.setCurrentCell(row, 0)
        first = table.item(row, 0)
        if first is not None:
            table.editItem(first)

    def remove_row() -> None:
        row = table.currentRow()
        if row >= 0:
            table.removeRow(row)

    add.clicked.connect(add_row)
    remove.clicked.connect(remove_row)
    row = QHBoxLayout()
    row.addWidget(add)
    row.addWidget(remove)
    row.addStretch(1)
    return row, add, remove


def fill_row(table: QTableWidget, values: tuple[str, ...]) -> None:
    """Append a row with these texts (tests and a prefilled plan)."""
    row = table.rowCount()
    table.insertRow(row)
    for column, value in enumerate(values):
        table.setItem(row, column, QTableWidgetItem(value))


class ImplementationPlanDialog(PlanDialog[EstablishPlan, PlanResult]):
    """`command` holds an EstablishPlan after OK."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        person_id: int,
        unit_id: int,
        person_text: str,
        unit_name: str,
        today: date,
        follow_up_months: int = plan_rules.DEFAULT_FOLLOW_UP_MONTHS,
        submit: EstablishSubmit | None = None,
    ) -> None:
        super().__init__(parent, title="Ny genomförandeplan", submit=submit)
        self.setObjectName("implementation_plan_dialog")
        self.person_id = person_id
        self.unit_id = unit_id
        self.today = today
        self.months = follow_up_months
        errors = self.errors

        self.established_on = DateField("established_on", "Upprättad datum", today)
        self.participants = QLineEdit()
        self.participants.setObjectName("participants")
        self.participants.setAccessibleName("Deltagare")
        self.participants.setMaxLength(MAX_LENGTHS["plan_participants"])
        self.participants.setPlaceholderText("T.ex. personen, dottern Eva, kontaktman Amina")
        self.took_part = QCheckBox("&Personen deltog")
        self.took_part.setObjectName("person_took_part")
        self.took_part.setChecked(True)

        self.goals = _editable_table("goals", ("Mål",), "Mål")
        self.goals.setMinimumHeight(90)
        # One column under the label Mål: a header saying Mål again adds nothing.
        self.goals.horizontalHeader().setVisible(False)
        goal_buttons, self.add_goal, self.remove_goal = _row_buttons(
            self.goals, "Lägg till &mål", "Ta bort m&ål", "goal"
        )
        goals_box = QVBoxLayout()
        goals_box.addWidget(self.goals)
        goals_box.addLayout(goal_buttons)

        self.activities = _editable_table("activities", ACTIVITY_HEADERS, "Aktiviteter")
        self.activities.setMinimumHeight(130)
        activity_buttons, self.add_activity, self.remove_activity = _row_buttons(
            self.activities, "Lägg till a&ktivitet", "Ta bort akt&ivitet", "activity"
        )
        activities_box = QVBoxLayout()
        activities_box.addWidget(self.activities)
        activities_box.addLayout(activity_buttons)

        self.next_follow_up = DateField(
            "next_follow_up_on",
            "Nästa uppföljning",
            plan_rules.default_next_follow_up(today, follow_up_months),
        )
        # The follow-up follows the date of the plan until the user sets it.
        self._follow_up_touched = False
        self.next_follow_up.dateChanged.connect(self._follow_up_edited)
        self.established_on.dateChanged.connect(self._established_changed)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.addRow("&Upprättad datum:", errors.wrap(self.established_on, "established_on"))
        form.addRow("&Deltagare:", errors.wrap(self.participants, "participants"))
        form.addRow("", errors.wrap(self.took_part, "person_took_part"))
        form.addRow("Må&l:", errors.wrap(goals_box, "goals", focus=self.goals))
        form.addRow(
            "Akti&viteter:", errors.wrap(activities_box, "activities", focus=self.activities)
        )
        form.addRow("&Nästa uppföljning:", errors.wrap(self.next_follow_up, "next_follow_up_on"))

        buttons, self.ok_button = ok_cancel(self, "&OK")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Ny genomförandeplan", scale=1.2))
        layout.addWidget(muted_label(f"{person_text} · {unit_name}"))
        layout.addWidget(
            muted_label(
                "Planen upprättas tillsammans med personen. Beskriv målen och vad som ska "
                "göras, av vem och när eller hur. Planen följs upp minst var "
                f"{follow_up_months}:e månad."
            )
        )
        layout.addLayout(form)
        layout.addWidget(errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(760)
        self.participants.setFocus()

    def _follow_up_edited(self, *_args: object) -> None:
        self._follow_up_touched = True

    def _established_changed(self, *_args: object) -> None:
        if self._follow_up_touched:
            return
        self.next_follow_up.blockSignals(True)
        self.next_follow_up.set_value(
            plan_rules.default_next_follow_up(self.established_on.value(), self.months)
        )
        self.next_follow_up.blockSignals(False)

    def goal_texts(self) -> tuple[str, ...]:
        texts = (_cell(self.goals, row, 0) for row in range(self.goals.rowCount()))
        return tuple(text for text in texts if text)

    def activity_inputs(self) -> tuple[PlanActivityInput, ...]:
        rows = []
        for row in range(self.activities.rowCount()):
            what, who, when_how = (_cell(self.activities, row, c) for c in range(3))
            if what or who or when_how:
                rows.append(PlanActivityInput(what=what, who=who, when_how=when_how))
        return tuple(rows)

    def build(self) -> EstablishPlan:
        goals = self.goal_texts()
        activities = self.activity_inputs()
        participants = self.participants.text().strip()
        plan_rules.check_establish(
            established_on=self.established_on.value(),
            today=self.today,
            participants=participants,
            goals=goals,
            activities=activities,
            next_follow_up_on=self.next_follow_up.value(),
        )
        return EstablishPlan(
            person_id=self.person_id,
            unit_id=self.unit_id,
            established_on=self.established_on.value(),
            participants=participants,
            person_took_part=self.took_part.isChecked(),
            goals=goals,
            activities=activities,
            next_follow_up_on=self.next_follow_up.value(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        person_id: int,
        unit_id: int,
        person_text: str,
        unit_name: str,
        today: date,
        follow_up_months: int,
        submit: EstablishSubmit,
    ) -> Submitted[EstablishPlan, PlanResult] | None:
        """The plan as established by `submit`, or None when cancelled; a refusal keeps the
        dialog open with the reason at its field."""
        return ask_modal(
            cls(
                parent,
                person_id=person_id,
                unit_id=unit_id,
                person_text=person_text,
                unit_name=unit_name,
                today=today,
                follow_up_months=follow_up_months,
                submit=submit,
            )
        )
