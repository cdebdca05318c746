"""Logguttag…: the period, and the person — chosen in the tree by a verksamhetschef, or found by
identity number by a systemadministratör (who sees no person records, only the log)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QFormLayout, QVBoxLayout, QWidget

from treserva_desktop.domain.commands.log_extract import ProduceLogExtract
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.field_lengths import IDENTITY_INPUT_LENGTH
from treserva_desktop.domain.views.log_extract import LogExtractView
from treserva_desktop.ui.dialogs.plan_form import PlanDialog, ask_modal, ok_cancel
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Submit, Submitted
from treserva_desktop.ui.widgets.common import heading, muted_label
from treserva_desktop.ui.widgets.date_field import DateField
from treserva_desktop.ui.widgets.forms import line_edit

ExtractSubmit = Submit[ProduceLogExtract, LogExtractView]
TITLE = "Logguttag"
EXPLAINED = (
    "Logguttaget visar vem som har tagit del av eller ändrat personens uppgifter under "
    "perioden: när, användare och roll, från vilken enhet, vad och varför. Uttaget loggas."
)
BY_NUMBER = (
    "Ange personens person- eller samordningsnummer. Du ser bara loggen, inte personens "
    "uppgifter i övrigt."
)
NO_NUMBER = "Ange personens personnummer eller samordningsnummer."


class LogExtractDialog(PlanDialog[ProduceLogExtract, LogExtractView]):
    """`submitted` holds the produced extract after Ta fram."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        today: date,
        person_id: int | None = None,
        person_text: str = "",
        submit: ExtractSubmit | None = None,
    ) -> None:
        super().__init__(parent, title=TITLE, submit=submit)
        self.setObjectName("log_extract_dialog")
        self.setWindowIcon(icon("print"))
        self.person_id = person_id
        errors = self.errors
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.identity_number = line_edit("identity_number", "Personnummer", "ÅÅÅÅMMDD-NNNN")
        self.identity_number.setMaxLength(IDENTITY_INPUT_LENGTH)
        if person_id is None:
            form.addRow("&Personnummer:", errors.wrap(self.identity_number, "identity_number"))
        self.period_start = DateField(
            "period_start", "Från och med", today - timedelta(days=365), maximum=today
        )
        self.period_end = DateField("period_end", "Till och med", today, maximum=today)
        form.addRow("&Fr.o.m.:", errors.wrap(self.period_start, "period_start"))
        form.addRow("&T.o.m.:", errors.wrap(self.period_end, "period_end"))
        buttons, self.ok_button = ok_cancel(self, "Ta &fram")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(TITLE, scale=1.2))
        self.person_label = muted_label(person_text)
        self.person_label.setObjectName("person_label")
        if person_id is not None:
            layout.addWidget(self.person_label)
        layout.addWidget(muted_label(EXPLAINED if person_id is not None else BY_NUMBER))
        layout.addLayout(form)
        layout.addWidget(errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        (self.identity_number if person_id is None else self.period_start).setFocus()

    def build(self) -> ProduceLogExtract:
        number = self.identity_number.text().strip()
        if self.person_id is None and not number:
            raise ValidationError(NO_NUMBER, field="identity_number")
        return ProduceLogExtract(
            person_id=self.person_id,
            identity_number=number if self.person_id is None else "",
            period_start=self.period_start.value(),
            period_end=self.period_end.value(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        today: date,
        submit: ExtractSubmit,
        person_id: int | None = None,
        person_text: str = "",
    ) -> Submitted[ProduceLogExtract, LogExtractView] | None:
        return ask_modal(
            cls(parent, today=today, person_id=person_id, person_text=person_text, submit=submit)
        )
