"""Ärenden (boservice): a person's boservice cases; Välj one, set the end of its decision period
(Spara) and close it (Avsluta › Sammanställ), as the manual describes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.commands.service_case import SetServiceDecisionEnd
from treserva_desktop.domain.views import end_text
from treserva_desktop.domain.views.service_case import ServiceCaseView
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Attempt, Fetched
from treserva_desktop.ui.widgets.common import heading, muted_label, value_label
from treserva_desktop.ui.widgets.date_field import DateField
from treserva_desktop.ui.widgets.field_errors import FieldErrors, fit_to_contents


@dataclass(frozen=True, slots=True)
class ServiceCaseOps:
    """What the window may do, each through the runner: read the cases, save the period end,
    and close a case (Sammanställ › Avsluta ärendet, which returns whether it closed)."""

    load: Callable[[], Fetched[list[ServiceCaseView]]]
    save_end: Callable[[QWidget, SetServiceDecisionEnd], Attempt[int]]
    close: Callable[[QWidget, ServiceCaseView, date], bool]
    today: date


def case_text(case: ServiceCaseView) -> str:
    state = (
        "pågående"
        if case.is_open
        else f"avslutat {case.closed_on:%Y-%m-%d}"
        if case.closed_on
        else ""
    )
    return f"{case.title} ({state})"


class ServiceCaseDialog(QDialog):
    """The case window: a list of the person's boservice cases and the chosen one below."""

    def __init__(
        self, person_text: str, ops: ServiceCaseOps, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.cases: list[ServiceCaseView] = []
        self.case: ServiceCaseView | None = None
        self.setObjectName("service_case_dialog")
        self.setWindowTitle("Ärenden (boservice)")
        self.setWindowIcon(icon("intervention"))
        self.errors = FieldErrors("error_general")

        self.list = QListWidget()
        self.list.setObjectName("cases")
        self.list.setAccessibleName("Boserviceärenden")
        # A person has a few cases: room for about five rows, the decision below in view.
        self.list.setMaximumHeight(120)
        self.list.itemDoubleClicked.connect(lambda _item: self.choose())
        self.choose_button = QPushButton("&Välj")
        self.choose_button.setObjectName("choose_button")
        self.choose_button.clicked.connect(self.choose)

        self.details = QGroupBox("Beslut")
        self.period = value_label()
        self.period.setObjectName("period")
        self.rows_text = value_label()
        self.rows_text.setObjectName("rows")
        self.has_end = QCheckBox("Beslutsperiodens &slut:")
        self.has_end.setObjectName("has_end")
        self.period_end = DateField("period_end", "Beslutsperiodens slut", ops.today)
        self.has_end.toggled.connect(self.period_end.setEnabled)
        self.save_button = QPushButton("S&para")
        self.save_button.setObjectName("save_button")
        self.save_button.clicked.connect(self.save_end)
        end_row = QHBoxLayout()
        end_row.addWidget(self.errors.wrap(self.period_end, "period_end"))
        end_row.addWidget(self.save_button)
        end_row.addStretch(1)
        form = QFormLayout(self.details)
        form.addRow("Beslutsperiod:", self.period)
        form.addRow("Insatser:", self.rows_text)
        form.addRow(self.has_end, end_row)

        self.case_box = QGroupBox("Ärende")
        self.state = value_label()
        self.state.setObjectName("state")
        self.end_button = QPushButton("&Avsluta")
        self.end_button.setObjectName("end_button")
        self.end_button.clicked.connect(self.start_closing)
        self.summarise_button = QPushButton("Sa&mmanställ")
        self.summarise_button.setObjectName("summarise_button")
        self.summarise_button.clicked.connect(self.summarise)
        self.summarise_button.setVisible(False)
        case_row = QHBoxLayout(self.case_box)
        case_row.addWidget(self.state, 1)
        case_row.addWidget(self.end_button)
        case_row.addWidget(self.summarise_button)

        buttons = QDialogButtonBox()
        close = buttons.addButton("S&täng", QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("close_button")
        buttons.rejected.connect(self.reject)
        # Enter in the end date or the list must neither close the dialog nor start one of
        # the case's steps: each step is a click (or its Alt key).
        for button in (
            self.choose_button,
            self.save_button,
            self.end_button,
            self.summarise_button,
            close,
        ):
            button.setAutoDefault(False)

        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Ärenden (boservice)", scale=1.2))
        layout.addWidget(muted_label(person_text))
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(self.case_box)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)
        self.reload()

    def reload(self, keep: int | None = None) -> None:
        fetched = self.ops.load()
        self.cases = list(fetched.value or [])
        self.list.clear()
        for case in self.cases:
            self.list.addItem(QListWidgetItem(case_text(case)))
        if fetched.error:
            self.errors.show(None, fetched.error)
        if not self.cases and not fetched.error:
            self.errors.show(None, "Personen har inga boserviceärenden vid dina enheter.")
        index = next((i for i, case in enumerate(self.cases) if case.id == keep), 0)
        if self.cases:
            self.list.setCurrentRow(index)
        self.case = None
        if keep is not None:
            self.choose()
        self._show_case()

    def choose(self) -> None:
        """Välj: show the marked case below."""
        row = self.list.currentRow()
        self.case = self.cases[row] if 0 <= row < len(self.cases) else None
        self.summarise_button.setVisible(False)
        self._show_case()

    def _show_case(self) -> None:
        case = self.case
        self.details.setEnabled(case is not None and case.is_open)
        self.case_box.setEnabled(case is not None and case.is_open)
        if case is None:
            self.period.setText("Markera ett ärende och klicka på Välj.")
            self.rows_text.setText("")
            self.state.setText("")
            return
        self.period.setText(f"{case.period_start:%Y-%m-%d} – {end_text(case.period_end)}")
        self.rows_text.setText(
            "\n".join(
                f"{row.type_name} {row.start_date:%Y-%m-%d} – {end_text(row.end_date)}"
                + (f", {row.time_text}" if row.time_text else "")
                for row in case.rows
            )
        )
        self.has_end.setChecked(case.period_end is not None)
        self.period_end.setEnabled(case.period_end is not None)
        self.period_end.set_value(case.period_end or self.ops.today)
        if case.is_open:
            self.state.setText(f"Öppnat {case.opened_on:%Y-%m-%d} vid {case.unit_name}")
        else:
            self.state.setText(f"Avslutat {case.closed_on:%Y-%m-%d}")
        fit_to_contents(self)

    def save_end(self) -> None:
        """Spara: the end of the decision period (or none)."""
        case = self.case
        if case is None:
            return
        self.errors.clear()
        command = SetServiceDecisionEnd(
            case_id=case.id,
            period_end=self.period_end.value() if self.has_end.isChecked() else None,
            expected_version=case.version,
        )
        outcome = self.ops.save_end(self, command)
        if outcome.refused is not None:
            self.errors.show(outcome.refused.field, outcome.refused.message)
            return
        if outcome.ok:
            self.reload(keep=case.id)

    def start_closing(self) -> None:
        """Avsluta under Ärende: Sammanställ comes next."""
        self.summarise_button.setVisible(True)
        self.summarise_button.setFocus()

    def summarise(self) -> None:
        """Sammanställ: the closing dialog with what ends, the date and avslutsorsak."""
        case = self.case
        if case is None:
            return
        # A period end typed but not saved is what the manager means: propose it rather than
        # silently falling back to the saved end or today (closing cannot be undone).
        typed = self.period_end.value() if self.has_end.isChecked() else None
        closing_on = typed or case.period_end or self.ops.today
        if self.ops.close(self, case, closing_on):
            self.reload(keep=case.id)

    @classmethod
    def show_for(cls, parent: QWidget | None, person_text: str, ops: ServiceCaseOps) -> None:
        dialog = cls(person_text, ops, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
