"""The deviation window: the report and, for the unit's managers, Analys (orsak, konsekvens,
risk), Beslutade åtgärder, Återkoppling till rapportören, Eskalering (lex Sarah-utredning or
MAS-bedömning with dates, IVO-anmälan) and Avsluta; the history read-only. A button is enabled
when the deviation's state allows its step (the service refuses regardless)."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import deviation_rules
from treserva_desktop.domain.commands.deviations import (
    AnalyseDeviation,
    CloseDeviation,
    DecideDeviationActions,
    EscalateDeviation,
    GiveDeviationFeedback,
)
from treserva_desktop.domain.deviation_rules import (
    DeviationState,
    DeviationStep,
    Escalation,
    RiskLevel,
)
from treserva_desktop.domain.errors import DomainError, ValidationError
from treserva_desktop.domain.views.deviations import DeviationResult, DeviationView
from treserva_desktop.ui import messages
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Attempt
from treserva_desktop.ui.widgets.common import heading, muted_label
from treserva_desktop.ui.widgets.date_field import DateField
from treserva_desktop.ui.widgets.deviation_text import history_text, report_html
from treserva_desktop.ui.widgets.field_errors import FieldErrors

DeviationCommand = (
    AnalyseDeviation
    | DecideDeviationActions
    | GiveDeviationFeedback
    | EscalateDeviation
    | CloseDeviation
)


class DeviationSteps(Protocol):
    """What the window asks of its handler: read the deviation again, and run one step."""

    def load(self, parent: QWidget) -> DeviationView | None: ...

    def submit(self, parent: QWidget, command: DeviationCommand) -> Attempt[DeviationResult]: ...


def _text(object_name: str, accessible_name: str, lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(object_name)
    edit.setAccessibleName(accessible_name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


class _OptionalDate(QWidget):
    """A date that may be left out: a check box with the label and a date field."""

    def __init__(self, object_name: str, label: str, today: date, text: str) -> None:
        super().__init__()
        self.check = QCheckBox(text)
        self.check.setObjectName(f"{object_name}_set")
        self.field = DateField(object_name, label, today, maximum=today)
        self.field.setEnabled(False)
        self.check.toggled.connect(self.field.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.field)
        layout.addStretch(1)

    def value(self) -> date | None:
        return self.field.value() if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.field.set_value(value)


class DeviationWindow(QDialog):
    """One deviation; `view` is re-read after every step."""

    def __init__(
        self, parent: QWidget | None, view: DeviationView, steps: DeviationSteps, today: date
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deviation_window")
        self.setWindowTitle("Avvikelse")
        self.setWindowIcon(icon("deviation"))
        self.steps = steps
        self.view = view
        self.changed = False
        self.errors = FieldErrors("error_general")
        self.title = heading(scale=1.2)
        self.state_label = muted_label()
        self.state_label.setObjectName("state_label")
        self.report = QLabel()
        self.report.setObjectName("report")
        self.report.setWordWrap(True)
        self.history = QPlainTextEdit()
        self.history.setObjectName("history")
        self.history.setAccessibleName("Historik")
        self.history.setReadOnly(True)
        self.history.setMinimumHeight(140)

        self.cause = _text("cause", "Orsak")
        self.consequence = _text("consequence", "Konsekvens")
        self.risk = QComboBox()
        self.risk.setObjectName("risk")
        self.risk.setAccessibleName("Risk")
        for level in RiskLevel:
            self.risk.addItem(level.label, level.value)
        self.analyse_button = self._button("Spara &analys", "analyse_button", self._analyse)
        self.decided = _text("actions", "Beslutade åtgärder")
        self.actions_button = self._button("Spara å&tgärder", "actions_button", self._decide)
        self.feedback = _text("feedback", "Återkoppling till rapportören")
        self.feedback_button = self._button("&Ge återkoppling", "feedback_button", self._feedback)
        self.escalation = QComboBox()
        self.escalation.setObjectName("escalation")
        self.escalation.setAccessibleName("Eskalering")
        for kind in Escalation:
            self.escalation.addItem(kind.label, kind.value)
        self.started = _OptionalDate(
            "investigation_started_on", "Utredning påbörjad", today, "Utredning &påbörjad"
        )
        self.ended = _OptionalDate(
            "investigation_ended_on", "Utredning avslutad", today, "Utredning avsl&utad"
        )
        self.mas = _OptionalDate("mas_assessed_on", "MAS-bedömning", today, "&MAS-bedömning")
        self.ivo = _OptionalDate("ivo_reported_on", "IVO-anmälan", today, "IVO-a&nmälan")
        self.escalate_button = self._button("Spara &eskalering", "escalate_button", self._escalate)
        self.close_button = self._button(
            "A&vsluta avvikelse…", "close_deviation_button", self._close
        )

        left = QVBoxLayout()
        left.addWidget(self._group("Rapport", self.report))
        left.addWidget(self._group("&Historik", self.history))
        right = QVBoxLayout()
        right.addWidget(
            self._form_group(
                "Analys",
                [
                    ("O&rsak:", self.cause, "cause"),
                    ("&Konsekvens:", self.consequence, "consequence"),
                    ("R&isk:", self.risk, "risk"),
                ],
                self.analyse_button,
            )
        )
        right.addWidget(
            self._form_group(
                "Beslutade åtgärder",
                [("Åtgär&der:", self.decided, "actions")],
                self.actions_button,
            )
        )
        right.addWidget(
            self._form_group(
                "Återkoppling till rapportören",
                [("Återkopp&ling:", self.feedback, "feedback")],
                self.feedback_button,
            )
        )
        right.addWidget(
            self._form_group(
                "Eskalering",
                [
                    ("T&yp:", self.escalation, "escalation"),
                    ("", self.started, "investigation_started_on"),
                    ("", self.ended, "investigation_ended_on"),
                    ("", self.mas, "mas_assessed_on"),
                    ("", self.ivo, "ivo_reported_on"),
                ],
                self.escalate_button,
            )
        )
        # The handling side scrolls, so the window fits a 768-pixel laptop screen with its
        # Avsluta and Stäng buttons in view.
        handling = QWidget()
        handling.setObjectName("handling")
        right.setContentsMargins(0, 0, 0, 0)
        handling.setLayout(right)
        scroll = QScrollArea()
        scroll.setObjectName("handling_scroll")
        scroll.setWidget(handling)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addWidget(scroll, 1)
        bottom = QDialogButtonBox()
        bottom.addButton(self.close_button, QDialogButtonBox.ButtonRole.ActionRole)
        done = bottom.addButton("&Stäng", QDialogButtonBox.ButtonRole.RejectRole)
        done.setObjectName("done_button")
        # Enter in Risk, Eskalering or a date must not close the window and drop the analysis
        # being typed: each step is its own button, and Stäng a click or Escape.
        done.setAutoDefault(False)
        bottom.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.state_label)
        layout.addLayout(columns)
        layout.addWidget(self.errors.general)
        layout.addWidget(bottom)
        self.resize(980, 660)
        self.show_view(view)

    # -- building ------------------------------------------------------------------------------

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    @staticmethod
    def _group(title: str, content: QWidget) -> QGroupBox:
        group = QGroupBox(title.replace("&", ""))
        layout = QVBoxLayout(group)
        layout.addWidget(content)
        return group

    def _form_group(
        self, title: str, rows: list[tuple[str, QWidget, str]], button: QPushButton
    ) -> QGroupBox:
        group = QGroupBox(title)
        form = QFormLayout(group)
        for label, widget, key in rows:
            wrapped = self.errors.wrap(widget, key)
            if label:
                form.addRow(label, wrapped)
            else:
                form.addRow(wrapped)
        form.addRow("", button)
        return group

    # -- showing -------------------------------------------------------------------------------

    def show_view(self, view: DeviationView) -> None:
        self.view = view
        who = view.person_name or view.unit_name
        self.title.setText(f"Avvikelse – {view.type_name} ({view.category.label}), {who}")
        escalated = f" · {view.escalation.label}" if view.escalation else ""
        role = "" if view.may_handle else " · Du kan följa avvikelsen men inte handlägga den."
        self.state_label.setText(f"Status: {view.state.label}{escalated}{role}")
        self.report.setText(report_html(view))
        self.history.setPlainText(history_text(view))
        self.cause.setPlainText(view.cause)
        self.consequence.setPlainText(view.consequence)
        if view.risk is not None:
            self.risk.setCurrentIndex(self.risk.findData(view.risk.value))
        self.decided.setPlainText(view.decided_actions)
        self.feedback.setPlainText(view.feedback)
        # The kind the category allows first: lex Sarah for SoL, MAS for HSL (the rules
        # refuse the other), and none chosen for övrigt until the manager chooses.
        kind = view.escalation or deviation_rules.ESCALATION_OF.get(view.category)
        self.escalation.setCurrentIndex(self.escalation.findData(kind.value) if kind else -1)
        kinds = self.escalation.model()
        assert isinstance(kinds, QStandardItemModel)  # a QComboBox's own model
        for index in range(self.escalation.count()):
            allowed = Escalation(self.escalation.itemData(index)) in (
                deviation_rules.allowed_escalations(view.category)
            )
            item = kinds.item(index)
            item.setEnabled(allowed)
        self.started.set_value(view.investigation_started_on)
        self.ended.set_value(view.investigation_ended_on)
        self.mas.set_value(view.mas_assessed_on)
        self.ivo.set_value(view.ivo_reported_on)
        self._enable()

    def _enable(self) -> None:
        view = self.view
        state = view.state

        def may(step: DeviationStep) -> bool:
            return view.may_handle and deviation_rules.allowed(step, state)

        for widgets, step, button in (
            ((self.cause, self.consequence, self.risk), DeviationStep.ANALYSE, self.analyse_button),
            ((self.decided,), DeviationStep.DECIDE_ACTIONS, self.actions_button),
            ((self.feedback,), DeviationStep.GIVE_FEEDBACK, self.feedback_button),
            (
                (self.escalation, self.started, self.ended, self.mas, self.ivo),
                DeviationStep.ESCALATE,
                self.escalate_button,
            ),
        ):
            allowed = may(step)
            button.setEnabled(allowed)
            for widget in widgets:
                if isinstance(widget, QPlainTextEdit):
                    widget.setReadOnly(not allowed)
                else:
                    widget.setEnabled(allowed)
        self.close_button.setEnabled(may(DeviationStep.CLOSE))
        self.close_button.setVisible(view.may_handle and state is not DeviationState.CLOSED)

    # -- the steps -----------------------------------------------------------------------------

    def _run(self, make: Any) -> bool:
        self.errors.clear()
        try:
            command = make()
        except DomainError as error:
            self.errors.show(error.field, error.message)
            return False
        outcome = self.steps.submit(self, command)
        if outcome.refused is not None:
            self.errors.show(outcome.refused.field, outcome.refused.message)
            return False
        if not outcome.ok:
            return False
        self.changed = True
        fresh = self.steps.load(self)
        if fresh is not None:
            self.show_view(fresh)
        return True

    def _ids(self) -> dict[str, int]:
        return {"deviation_id": self.view.id, "expected_version": self.view.version}

    def _analyse(self) -> None:
        def make() -> AnalyseDeviation:
            cause = self.cause.toPlainText().strip()
            consequence = self.consequence.toPlainText().strip()
            deviation_rules.check_analysis(cause, consequence)
            return AnalyseDeviation(
                **self._ids(),
                cause=cause,
                consequence=consequence,
                risk=RiskLevel(self.risk.currentData()),
            )

        self._run(make)

    def _decide(self) -> None:
        def make() -> DecideDeviationActions:
            actions = self.decided.toPlainText().strip()
            deviation_rules.check_actions(actions)
            return DecideDeviationActions(**self._ids(), actions=actions)

        self._run(make)

    def _feedback(self) -> None:
        def make() -> GiveDeviationFeedback:
            feedback = self.feedback.toPlainText().strip()
            deviation_rules.check_feedback(feedback)
            return GiveDeviationFeedback(**self._ids(), feedback=feedback)

        self._run(make)

    def _escalate(self) -> None:
        def make() -> EscalateDeviation:
            if self.escalation.currentData() is None:
                raise ValidationError("Välj typ av eskalering.", field="escalation")
            return EscalateDeviation(
                **self._ids(),
                escalation=Escalation(self.escalation.currentData()),
                investigation_started_on=self.started.value(),
                investigation_ended_on=self.ended.value(),
                mas_assessed_on=self.mas.value(),
                ivo_reported_on=self.ivo.value(),
            )

        self._run(make)

    def _close(self) -> None:
        if self.view.state is not DeviationState.FEEDBACK_GIVEN:
            self.errors.show(None, "Ge återkoppling till rapportören innan avvikelsen avslutas.")
            return
        # Ask only when closing will go through (the service checks again).
        try:
            deviation_rules.check_close(
                self.view.escalation,
                deviation_rules.EscalationDates(
                    investigation_started_on=self.view.investigation_started_on,
                    investigation_ended_on=self.view.investigation_ended_on,
                ),
            )
        except DomainError as error:
            self.errors.show(error.field, error.message)
            return
        if not messages.confirm(
            self,
            "Vill du avsluta avvikelsen? En avslutad avvikelse kan inte ändras.",
            title="Avsluta avvikelse",
            default_yes=False,
        ):
            return
        self._run(lambda: CloseDeviation(**self._ids()))

    @classmethod
    def ask(
        cls, parent: QWidget | None, view: DeviationView, steps: DeviationSteps, today: date
    ) -> bool:
        """Shows the window until Stäng; True when a step was saved."""
        window = cls(parent, view, steps, today)
        window.exec()
        return window.changed
