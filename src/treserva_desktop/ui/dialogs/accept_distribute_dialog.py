"""Acceptera och fördela: the assignment's interventions with their status; Registrera one at
a time until all are distributed, then Stäng."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.enums import AssignmentKind, ExecutionStatus
from treserva_desktop.domain.views import ExecutionRowView, period_text
from treserva_desktop.domain.views.distribution import (
    AssignmentDistributionView,
    DistributionIntervention,
)
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.widgets.change_banner import ChangeBanner
from treserva_desktop.ui.widgets.common import (
    fit_columns,
    icon_heading,
    muted_label,
    read_only_table,
    section_title,
    value_label,
)
from treserva_desktop.ui.widgets.common import (
    person_row as make_person_row,
)
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

NOT_DISTRIBUTED = "Ej fördelad"
HINT = "Markera en insats och klicka på Registrera (eller dubbelklicka på raden)."
ALL_DONE = (
    "Alla insatser är fördelade. Uppdraget har flyttats från Nya uppdrag och personen finns "
    "under Mina enheter hos utförarenheten."
)
KIND_TEXT = {AssignmentKind.NEW: "Nytt uppdrag", AssignmentKind.PROVIDER_CHANGE: "Byte av utförare"}

# Registrera: given the dialog (as parent) and the chosen intervention, run the flow and
# return the assignment as it is now, or None when nothing changed.
RegisterFn = Callable[[QWidget, DistributionIntervention], AssignmentDistributionView | None]
# Stäng: given the dialog and the assignment as shown, whatever is left to do before it closes
# (the message to berörda about rows sent in this session).
CloseFn = Callable[[QWidget, AssignmentDistributionView], None]
# While open: given the dialog and how to say a change made elsewhere, keep it told (the
# handler's live-update watch; the dialog itself reads nothing).
WatchFn = Callable[[QWidget, Callable[[str], None]], object]


def live_rows(item: DistributionIntervention) -> list[ExecutionRowView]:
    return [row for row in item.rows if row.status is not ExecutionStatus.REVOKED]


def _units(item: DistributionIntervention) -> str:
    return ", ".join(dict.fromkeys(row.unit_name for row in live_rows(item)))


def _periods(item: DistributionIntervention) -> str:
    return "; ".join(period_text(row.start_date, row.end_date) for row in live_rows(item))


# Room for a unit and a period before any row has one (the last column stretches).
MIN_WIDTHS = {0: 180, 1: 110, 2: 190, 3: 200}

INTERVENTION_COLUMNS: list[Column[DistributionIntervention]] = [
    Column("Insats", lambda i: i.name),
    Column("Beviljat", lambda i: i.granted_text or "–"),
    Column("Utförarenhet", _units),
    Column("Period", _periods),
    Column("Status", lambda i: i.status_text),
]


class InterventionsModel(RowTableModel[DistributionIntervention]):
    """Interventions not yet distributed are bold; a row Under fördelning is red."""

    def __init__(self) -> None:
        super().__init__(
            INTERVENTION_COLUMNS,
            bold=lambda i: i.status_text == NOT_DISTRIBUTED,
            alert=lambda i: i.status_text == ExecutionStatus.UNDER_DISTRIBUTION.label,
        )


class AcceptDistributeDialog(QDialog):
    """The list stays open across Registrera; `register` does the work (see RegisterFn)."""

    def __init__(
        self,
        view: AssignmentDistributionView,
        register: RegisterFn,
        parent: QWidget | None = None,
        *,
        on_close: CloseFn | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self._register = register
        self._on_close = on_close
        self.setObjectName("accept_distribute_dialog")
        self.setWindowTitle("Acceptera och fördela")
        self.setWindowIcon(icon("assignment"))

        header, _icon_label, self.title = icon_heading(icon("assignment"), view.title)
        self.title.setObjectName("assignment_title")

        person_row, self.person, self.protected = make_person_row("person")
        self.receiver = value_label()
        self.decision = value_label()
        self.billing = value_label()
        self.billing.setObjectName("billing_area")
        self.status = value_label()
        self.status.setObjectName("assignment_status")
        facts = QFormLayout()
        facts.setHorizontalSpacing(14)
        facts.setVerticalSpacing(4)
        facts.addRow("Person:", person_row)
        facts.addRow("Mottagare:", self.receiver)
        facts.addRow("Beslut:", self.decision)
        facts.addRow("Debiteringsområde:", self.billing)
        facts.addRow("Uppdragets status:", self.status)

        self.model = InterventionsModel()
        self.table = read_only_table("interventions")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Uppdragets insatser")
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.installEventFilter(self)
        self.hint = muted_label(HINT)
        self.hint.setObjectName("hint")
        # What the last Registrera did, instead of a box to click away.
        self.outcome = value_label()
        self.outcome.setObjectName("outcome")
        self.outcome.setStyleSheet("font-weight:600;")
        self.outcome.hide()

        buttons = QDialogButtonBox()
        self.register_button: QPushButton = buttons.addButton(
            "&Registrera…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.register_button.setObjectName("register_button")
        self.register_button.clicked.connect(self.register_selected)
        self.close_button: QPushButton = buttons.addButton(
            "&Stäng", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setObjectName("close_button")
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        # Another workstation's change of this assignment, said at once (Registrera still
        # checks the version).
        self.banner = ChangeBanner()
        layout.addWidget(header)
        layout.addWidget(self.banner)
        layout.addLayout(facts)
        layout.addWidget(section_title("Insatser"))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.outcome)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.resize(900, 440)

        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.set_view(view)
        self.register_button.setDefault(True)
        self.register_button.setAutoDefault(True)
        self.table.setFocus()

    # -- showing ----------------------------------------------------------------------------

    def set_view(self, view: AssignmentDistributionView, *, keep: int | None = None) -> None:
        """Show the assignment as it is now; select `keep`'s row, else the first one left."""
        self.view = view
        person = view.person
        self.title.setText(view.title)
        self.person.setText(f"{person.name}, {person.identity_display}")
        self.protected.setVisible(person.protected_identity)
        kind = KIND_TEXT[view.kind]
        if view.change_date is not None:
            # A provider change: where from and from when (the old rows end the day before).
            source = f" från {view.previous_unit_name}" if view.previous_unit_name else ""
            kind += f"{source} fr.o.m. {view.change_date:%Y-%m-%d}"
        self.receiver.setText(f"{view.receiver_unit_name} · {kind}")
        self.decision.setText(
            f"{view.decided_on:%Y-%m-%d}, {view.legal_basis}, period "
            f"{period_text(view.decision_start, view.decision_end)}"
        )
        if person.has_billing_area:
            self.billing.setText(person.billing_area)
            self.billing.setStyleSheet("")
        elif any(item.needs_billing_area for item in view.interventions):
            self.billing.setText(
                "Saknas – hemtjänstinsatser kan inte skickas till genomförande förrän "
                "debiteringsområde är angivet."
            )
            self.billing.setStyleSheet("color:#a31515;")
        else:
            self.billing.setText("Saknas")
            self.billing.setStyleSheet("")
        self.status.setText(view.status.label)
        self.model.set_rows(view.interventions)
        fit_columns(self.table)
        header = self.table.horizontalHeader()
        for column, minimum in MIN_WIDTHS.items():
            header.resizeSection(column, max(header.sectionSize(column), minimum))
        self._select(keep)
        if not view.can_distribute:
            self.hint.setText(f"Uppdraget är {view.status.label.lower()} och kan inte fördelas.")
        elif view.all_distributed:
            self.hint.setText(ALL_DONE)
        else:
            self.hint.setText(HINT)
        self._update_buttons()

    def _select(self, keep: int | None) -> None:
        items = self.view.interventions
        if not items:
            return
        position = next(
            (n for n, item in enumerate(items) if item.status_text == NOT_DISTRIBUTED), None
        )
        if position is None:
            position = next((n for n, i in enumerate(items) if i.intervention_id == keep), 0)
        self.table.setCurrentIndex(self.model.index(position, 0))

    def status_texts(self) -> list[str]:
        return [item.status_text for item in self.view.interventions]

    def selected(self) -> DistributionIntervention | None:
        index = self.table.currentIndex()
        return self.model.row(index) if index.isValid() else None

    def select_intervention(self, name: str) -> None:
        """Select the row of the intervention with this name (as a click would)."""
        for position, item in enumerate(self.view.interventions):
            if item.name == name:
                self.table.setCurrentIndex(self.model.index(position, 0))
                return
        raise KeyError(name)

    def _update_buttons(self, *_args: object) -> None:
        self.register_button.setEnabled(self.view.can_distribute and self.selected() is not None)

    # -- Registrera -------------------------------------------------------------------------

    def register_selected(self) -> None:
        item = self.selected()
        if item is None or not self.view.can_distribute:
            return
        before = item.status_text
        updated = self._register(self, item)
        if updated is not None:
            self.set_view(updated, keep=item.intervention_id)
            now = next(
                (i for i in updated.interventions if i.intervention_id == item.intervention_id),
                None,
            )
            if now is not None and now.status_text != before:
                self.outcome.setText(f"{now.name}: {now.status_text}")
                self.outcome.show()
        self.table.setFocus()

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.register_selected()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter on the list registers the selected row, as a double-click does.
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.register_selected()
            return True
        return super().eventFilter(watched, event)

    def reject(self) -> None:
        # Stäng, Escape or the window's close button: the flow finishes first (once).
        on_close, self._on_close = self._on_close, None
        if on_close is not None:
            on_close(self, self.view)
        super().reject()

    @classmethod
    def show_for(
        cls,
        parent: QWidget | None,
        view: AssignmentDistributionView,
        register: RegisterFn,
        *,
        on_close: CloseFn | None = None,
        watch: WatchFn | None = None,
    ) -> None:
        """Run the list until Stäng."""
        dialog = cls(view, register, parent, on_close=on_close)
        if watch is not None:
            watch(dialog, dialog.banner.say)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
