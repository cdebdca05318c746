"""Registrera avvikelse: enhet, kategori, typ, tidpunkt (date and time, now by default),
plats, vad hände and omedelbar åtgärd; the unit's managers get a message on Spara."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import deviation_rules
from treserva_desktop.domain.commands.deviations import RegisterDeviation
from treserva_desktop.domain.deviation_rules import DeviationCategory
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.views.deviations import (
    DeviationResult,
    DeviationTypeView,
    RegistrationUnit,
)
from treserva_desktop.ui import messages
from treserva_desktop.ui.dialogs.plan_form import PlanDialog, ask_modal, ok_cancel
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Submit, Submitted
from treserva_desktop.ui.widgets.common import heading, muted_label
from treserva_desktop.ui.widgets.date_field import DateField
from treserva_desktop.ui.widgets.forms import line_edit, row

RegisterSubmit = Submit[RegisterDeviation, DeviationResult]
TITLE = "Registrera avvikelse"


def _text_edit(object_name: str, accessible_name: str, lines: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(object_name)
    edit.setAccessibleName(accessible_name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


class DeviationDialog(PlanDialog[RegisterDeviation, DeviationResult]):
    """`command` holds the RegisterDeviation after Spara."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        units: Sequence[RegistrationUnit],
        unit_id: int | None,
        person_id: int | None,
        person_text: str,
        types: Sequence[DeviationTypeView],
        now: Callable[[], datetime],
        submit: RegisterSubmit | None = None,
    ) -> None:
        super().__init__(parent, title=TITLE, submit=submit)
        self.setObjectName("deviation_dialog")
        self.setWindowIcon(icon("deviation"))
        self.person_id = person_id
        self.now = now
        self.unit = QComboBox()
        self.unit.setObjectName("unit_id")
        self.unit.setAccessibleName("Enhet")
        for unit in units:
            self.unit.addItem(unit.name, unit.id)
        if unit_id is not None and (index := self.unit.findData(unit_id)) >= 0:
            self.unit.setCurrentIndex(index)
            # On a unit's or a person's node at a unit, the unit is where it happened.
            self.unit.setEnabled(False)
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.category.setAccessibleName("Kategori")
        for category in DeviationCategory:
            self.category.addItem(category.label, category.value)
        self.type = QComboBox()
        self.type.setObjectName("type_code")
        self.type.setAccessibleName("Typ")
        self.type.addItem("", "")
        for kind in types:
            self.type.addItem(kind.name, kind.code)
        # Choosing a type proposes its usual category until the reporter picks one.
        self._category_chosen = False
        self.category.activated.connect(self._choose_category)
        self.type.currentIndexChanged.connect(self._propose_category)
        moment = now()
        self.day = DateField("occurred_on", "Datum", moment.date(), maximum=moment.date())
        self.time = QTimeEdit(QTime(moment.hour, moment.minute))
        self.time.setObjectName("occurred_time")
        self.time.setAccessibleName("Klockslag")
        self.time.setDisplayFormat("HH:mm")
        self.place = line_edit("place", "Plats", "t.ex. badrummet, hallen")
        self.description = _text_edit("description", "Vad hände", 5)
        self.action = _text_edit("action", "Omedelbar åtgärd", 3)
        form = QFormLayout()
        form.addRow("&Enhet:", self.errors.wrap(self.unit, "unit_id"))
        form.addRow("&Kategori:", self.errors.wrap(self.category, "category"))
        form.addRow("T&yp:", self.errors.wrap(self.type, "type_code"))
        form.addRow(
            "&Tidpunkt:",
            self.errors.wrap(row(self.day, self.time), "occurred_at", focus=self.day),
        )
        form.addRow("&Plats:", self.errors.wrap(self.place, "place"))
        form.addRow("&Vad hände:", self.errors.wrap(self.description, "description"))
        form.addRow("&Omedelbar åtgärd:", self.errors.wrap(self.action, "action"))
        buttons, self.ok_button = ok_cancel(self, "&Spara")
        self.ok_button.setObjectName("save_button")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(TITLE, scale=1.2))
        layout.addWidget(
            muted_label(
                f"Avvikelsen gäller {person_text}. Ansvarig chef för enheten får ett "
                "meddelande och ansvarar för analys och återkoppling."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.type.setFocus()

    def _choose_category(self, _index: int) -> None:
        self._category_chosen = True

    def _propose_category(self, _index: int) -> None:
        proposed = deviation_rules.SUGGESTED_CATEGORY.get(str(self.type.currentData() or ""))
        if proposed is not None and not self._category_chosen:
            self.category.setCurrentIndex(self.category.findData(proposed.value))

    def occurred_at(self) -> datetime:
        chosen = self.time.time()
        return datetime.combine(self.day.value(), time(chosen.hour(), chosen.minute())).astimezone()

    def build(self) -> RegisterDeviation:
        unit_id = self.unit.currentData()
        if unit_id is None:
            raise ValidationError("Välj den enhet där händelsen inträffade.", field="unit_id")
        code = str(self.type.currentData() or "")
        if not code:
            raise ValidationError("Välj en typ av avvikelse i listan.", field="type_code")
        occurred_at = self.occurred_at()
        description = self.description.toPlainText().strip()
        action = self.action.toPlainText().strip()
        place = self.place.text().strip()
        deviation_rules.check_registration(
            description=description,
            occurred_at=occurred_at,
            now=self.now(),
            place=place,
            immediate_action=action,
        )
        return RegisterDeviation(
            unit_id=int(unit_id),
            person_id=self.person_id,
            category=DeviationCategory(self.category.currentData()),
            type_code=code,
            occurred_at=occurred_at,
            place=place,
            description=description,
            immediate_action=action,
        )

    def has_typed(self) -> bool:
        return any(
            (
                self.description.toPlainText().strip(),
                self.action.toPlainText().strip(),
                self.place.text().strip(),
            )
        )

    def reject(self) -> None:
        """Avbryt or Escape: a report being written is not thrown away without asking."""
        if self.has_typed() and not messages.confirm(
            self,
            "Vill du stänga utan att registrera avvikelsen? Det du har skrivit sparas inte.",
            title="Registrera avvikelse",
            default_yes=False,
        ):
            return
        super().reject()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        units: Sequence[RegistrationUnit],
        unit_id: int | None,
        person_id: int | None,
        person_text: str,
        types: Sequence[DeviationTypeView],
        now: Callable[[], datetime],
        submit: RegisterSubmit,
    ) -> Submitted[RegisterDeviation, DeviationResult] | None:
        return ask_modal(
            cls(
                parent,
                units=units,
                unit_id=unit_id,
                person_id=person_id,
                person_text=person_text,
                types=types,
                now=now,
                submit=submit,
            )
        )
