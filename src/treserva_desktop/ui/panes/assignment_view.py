"""When an assignment is selected: what it asks for, whether it has been read, and its actions."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.db.queries.distribution import assignment_distribution
from treserva_desktop.domain.views import AssignmentListItem, PersonListItem
from treserva_desktop.domain.views.distribution import (
    AssignmentDistributionView,
    DistributionIntervention,
)
from treserva_desktop.ui import actions
from treserva_desktop.ui.actions import ActionContext, ActionHost, ActionId
from treserva_desktop.ui.formatting import date_time_text
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.live_notices import AssignmentWatch
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.tree.nodes import Node, NodeKind
from treserva_desktop.ui.tree.paged_folders import overdue_text
from treserva_desktop.ui.widgets.change_banner import ChangeBanner
from treserva_desktop.ui.widgets.common import (
    fit_columns,
    fit_height,
    icon_heading,
    muted_label,
    protected_badge,
    read_only_table,
    section_title,
    value_label,
)
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

INTERVENTION_COLUMNS: list[Column[DistributionIntervention]] = [
    Column("Insats", lambda i: i.name),
    Column("Beviljad omfattning", lambda i: i.granted_text or "–"),
    Column("Fördelning", lambda i: i.status_text),
]

# The pane's buttons run the same registry actions as the context menu (one code path).
BUTTONS: tuple[tuple[ActionId, str], ...] = (
    (ActionId.READ_ASSIGNMENT, "read_button"),
    (ActionId.ACCEPT_AND_DISTRIBUTE, "distribute_button"),
    (ActionId.STOP_ASSIGNMENT, "stop_button"),
)

ALERT_STYLE = "color:#a31515; font-weight:bold;"


class AssignmentPane(QWidget):
    """One assignment: person, received and read, interventions, goals, and the actions."""

    def __init__(self, host: ActionHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assignment_pane")
        self.host = host
        self.node: Node | None = None
        self.view: AssignmentDistributionView | None = None

        header, _icon, self.title = icon_heading(icon("assignment"), "")
        self.title.setObjectName("assignment_title")
        self.protected_badge = protected_badge()
        self.protected_badge.setObjectName("protected_badge")
        header_layout = header.layout()
        assert isinstance(header_layout, QHBoxLayout)
        header_layout.addWidget(self.protected_badge)

        self.person = value_label()
        self.person.setObjectName("assignment_person")
        self.received = value_label()
        self.received.setObjectName("assignment_received")
        self.overdue = QLabel()
        self.overdue.setObjectName("assignment_overdue")
        self.overdue.setStyleSheet(ALERT_STYLE)
        received_row = QHBoxLayout()
        received_row.setContentsMargins(0, 0, 0, 0)
        received_row.addWidget(self.received)
        received_row.addWidget(self.overdue, 1)
        self.read_state = value_label()
        self.read_state.setObjectName("assignment_read")
        self.status = value_label()
        self.status.setObjectName("assignment_status")
        self.receiver = value_label()
        self.receiver.setObjectName("assignment_receiver")
        self.decision = value_label()
        self.decision.setObjectName("assignment_decision")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Person:", self.person)
        form.addRow("Mottaget:", received_row)
        form.addRow("Läst:", self.read_state)
        form.addRow("Status:", self.status)
        form.addRow("Mottagare:", self.receiver)
        form.addRow("Beslut:", self.decision)

        self.error = muted_label()
        self.error.setObjectName("assignment_error")
        self.error.hide()

        self.interventions_title = section_title("Insatser")
        self.interventions: RowTableModel[DistributionIntervention] = RowTableModel(
            INTERVENTION_COLUMNS,
            muted=lambda i: i.distributed,
        )
        self.table = read_only_table("assignment_interventions")
        self.table.setModel(self.interventions)
        self.goals_title = section_title("Mål")
        self.goals = value_label()
        self.goals.setObjectName("assignment_goals")

        self.buttons: dict[ActionId, QPushButton] = {}
        button_row = QHBoxLayout()
        for action_id, object_name in BUTTONS:
            action_spec = actions.spec(action_id)
            button = QPushButton(action_spec.text)
            if action_spec.icon:
                button.setIcon(icon(action_spec.icon))
            button.setObjectName(object_name)
            button.setToolTip(action_spec.status_tip)
            button.clicked.connect(lambda _checked=False, a=action_id: self.trigger(a))
            button_row.addWidget(button)
            self.buttons[action_id] = button
        button_row.addStretch(1)

        # Another workstation's change of the assignment shown, until another is shown.
        self.banner = ChangeBanner()
        self._banner_for: int | None = None
        self.watch = AssignmentWatch(host.ctx, self, self._shown_assignment, self._changed)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.error)
        layout.addLayout(form)
        layout.addLayout(button_row)
        layout.addWidget(self.interventions_title)
        layout.addWidget(self.table)
        layout.addWidget(self.goals_title)
        layout.addWidget(self.goals)
        layout.addStretch(1)

    # -- showing ------------------------------------------------------------------------------

    def _shown_assignment(self) -> int | None:
        return self.node.assignment_id if self.node is not None else None

    def _changed(self, text: str) -> None:
        self._banner_for = self._shown_assignment()
        self.banner.say(text)

    def show_node(self, node: Node) -> None:
        """Show the assignment of an ASSIGNMENT node; a refusal is shown inline."""
        if node.assignment_id != self._banner_for:
            self._banner_for = None
            self.banner.clear_notice()
        self.node = node
        item = node.payload if isinstance(node.payload, AssignmentListItem) else None
        self.title.setText(node.title)
        self._show_list_item(node, item)
        fetched = (
            fetch(self.host.ctx, assignment_distribution, node.assignment_id)
            if node.assignment_id is not None
            else None
        )
        self.view = fetched.value if fetched is not None else None
        if self.view is not None:
            self.error.hide()
            self._show_view(self.view)
        else:
            self.error.setText((fetched.error or "") if fetched is not None else "")
            self.error.setVisible(bool(self.error.text()))
            for label in (self.receiver, self.decision):
                label.setText("–")
            self._set_interventions([])
            self.goals_title.hide()
            self.goals.hide()
        self.update_buttons()

    def _show_list_item(self, node: Node, item: AssignmentListItem | None) -> None:
        """What the tree row already knows (also shown when the details are refused)."""
        person = node.ancestor_of_kind(NodeKind.PERSON)
        payload = person.payload if person is not None else None
        if isinstance(payload, PersonListItem):
            self.person.setText(f"{payload.name} ({payload.identity_display})")
            self.protected_badge.setVisible(payload.protected_identity)
        else:
            self.person.setText(person.title if person is not None else "–")
            self.protected_badge.hide()
        self.received.setText(f"{item.received_on:%Y-%m-%d}" if item is not None else "–")
        days = self.host.ctx.settings.overdue_working_days
        self.overdue.setText(overdue_text(days) if node.overdue else "")
        self.overdue.setVisible(node.overdue)
        self.read_state.setText("Oläst" if item is not None and not item.read else "–")
        self.status.setText(item.status.label if item is not None else "–")

    def _show_view(self, view: AssignmentDistributionView) -> None:
        self.title.setText(view.title)
        self.person.setText(f"{view.person.name} ({view.person.identity_display})")
        self.protected_badge.setVisible(view.person.protected_identity)
        if view.received_at is not None:
            self.received.setText(date_time_text(view.received_at))
        if view.first_read_at is not None:
            who = view.first_read_by or "okänd användare"
            self.read_state.setText(f"Läst av {who} {date_time_text(view.first_read_at)}")
            self.read_state.setStyleSheet("")
        else:
            self.read_state.setText("Oläst")
            self.read_state.setStyleSheet("font-weight:bold;")
        self.status.setText(view.status.label)
        self.receiver.setText(view.receiver_unit_name)
        end = f"{view.decision_end:%Y-%m-%d}" if view.decision_end else "tills vidare"
        basis = f" · {view.legal_basis}" if view.legal_basis else ""
        self.decision.setText(
            f"Beslutat {view.decided_on:%Y-%m-%d}, gäller {view.decision_start:%Y-%m-%d} – "
            f"{end}{basis}"
        )
        self._set_interventions(list(view.interventions))
        self.goals.setText(view.goals or "Inga mål angivna.")
        self.goals_title.show()
        self.goals.show()

    def _set_interventions(self, rows: list[DistributionIntervention]) -> None:
        self.interventions.set_rows(rows)
        self.interventions_title.setVisible(bool(rows))
        self.table.setVisible(bool(rows))
        if rows:
            fit_columns(self.table)
            fit_height(self.table, len(rows))

    # -- actions ------------------------------------------------------------------------------

    def _context(self) -> ActionContext:
        return ActionContext(self.host, self.node)

    def update_buttons(self) -> None:
        """Hidden for roles that never hold the action; enabled as the registry says now."""
        actx = self._context()
        for action_id, button in self.buttons.items():
            action_spec = actions.spec(action_id)
            button.setVisible(action_spec.visible_for(actx.actor))
            button.setEnabled(action_spec.is_enabled(actx))

    def trigger(self, action_id: ActionId) -> None:
        actions.trigger(actions.spec(action_id), self._context())
