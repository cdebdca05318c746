"""Insats GF / one intervention selected: the execution rows with period, time and status."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from treserva_desktop.db.queries.interventions import person_interventions
from treserva_desktop.domain.enums import ExecutionPhase, ExecutionStatus, Permission
from treserva_desktop.domain.views import ExecutionRowView
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.tree.nodes import INSATS_GF_LABEL, Node, NodeKind
from treserva_desktop.ui.widgets.common import (
    fit_columns_sharing,
    fit_height_with_scroll_bar,
    icon_heading,
    muted_label,
    read_only_table,
)
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel


def _until(row: ExecutionRowView) -> str:
    return f"{row.end_date:%Y-%m-%d}" if row.end_date else "Tills vidare"


EXECUTION_COLUMNS: list[Column[ExecutionRowView]] = [
    Column("Insats", lambda r: r.intervention_name),
    Column("Utförarenhet", lambda r: r.unit_name),
    Column("Fr.o.m.", lambda r: f"{r.start_date:%Y-%m-%d}"),
    Column("T.o.m.", _until),
    Column("Tidsåtgång", lambda r: r.time_text or "–"),
    Column("Fas", lambda r: r.phase.label),
    Column("Status", lambda r: r.status.label),
]


class ExecutionRowsModel(RowTableModel[ExecutionRowView]):
    """Ended and revoked rows are greyed out; history stays visible."""

    def __init__(self) -> None:
        super().__init__(
            EXECUTION_COLUMNS,
            muted=lambda r: r.phase is ExecutionPhase.ENDED or r.status is ExecutionStatus.REVOKED,
            bold=lambda r: r.status is ExecutionStatus.UNDER_DISTRIBUTION,
        )


def summary_text(rows: list[ExecutionRowView]) -> str:
    """E.g. '3 verkställigheter: 2 pågående, 1 avslutad eller återkallad.'"""
    ongoing = sum(1 for r in rows if r.phase is ExecutionPhase.ONGOING and _live(r))
    planned = sum(1 for r in rows if r.phase is ExecutionPhase.PLANNED and _live(r))
    ended = len(rows) - ongoing - planned
    parts = [
        f"{ongoing} pågående" if ongoing else "",
        f"{planned} {'planerad' if planned == 1 else 'planerade'}" if planned else "",
        f"{ended} {'avslutad eller återkallad' if ended == 1 else 'avslutade eller återkallade'}"
        if ended
        else "",
    ]
    noun = "verkställighet" if len(rows) == 1 else "verkställigheter"
    return f"{len(rows)} {noun}: " + ", ".join(part for part in parts if part) + "."


def _live(row: ExecutionRowView) -> bool:
    return row.status is not ExecutionStatus.REVOKED


class ExecutionTablePane(QWidget):
    """Rows of a person's interventions at one unit (or everywhere the actor may see).

    Välj (and Enter or a double-click on a row) opens the execution window for the selected
    row, as the manual says: "markera verkställigheten till höger och klicka Välj"."""

    # Välj: (person id, unit id or None, the selected row's id or None).
    choose_requested = Signal(int, object, object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("execution_table")
        self.ctx = ctx
        self.node: Node | None = None
        header, self.icon_label, self.title = icon_heading(icon("interventions"), INSATS_GF_LABEL)
        self.title.setObjectName("execution_title")
        self.subtitle = muted_label()
        self.subtitle.setObjectName("execution_subtitle")
        self.model = ExecutionRowsModel()
        self.table = read_only_table("execution_rows")
        self.table.setAccessibleName("Insatsens rader")
        self.table.setModel(self.model)
        self.table.doubleClicked.connect(lambda _index: self.choose())
        self.table.installEventFilter(self)
        self.summary = muted_label()
        self.summary.setObjectName("execution_summary")
        self.choose_button = QPushButton("&Välj")
        self.choose_button.setObjectName("choose_execution")
        self.choose_button.setToolTip(
            "Öppna verkställigheterna för den markerade raden: Rätta/Avsluta, Återkalla, Registrera"
        )
        self.choose_button.clicked.connect(self.choose)
        self.choose_button.setVisible(ctx.actor.can(Permission.END_EXECUTION))
        footer = QHBoxLayout()
        footer.addWidget(self.summary, 1)
        footer.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        layout.addStretch(1)

    def eventFilter(self, watched: object, event: object) -> bool:
        # Enter on a row is Välj (the table would only move the cursor).
        if (
            watched is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.choose()
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def selected_row(self) -> ExecutionRowView | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.row(index) if index.isValid() else None

    def choose(self) -> None:
        """Välj: the window for the person at the unit, the selected row (or the first)."""
        node = self.node
        if node is None or node.person_id is None:
            return
        if not self.ctx.actor.can(Permission.END_EXECUTION) or not self.model.rows:
            return
        row = self.selected_row() or self.model.rows[0]
        self.choose_requested.emit(node.person_id, node.unit_id, row.id if row else None)

    def show_node(self, node: Node) -> None:
        assert node.person_id is not None
        self.node = node
        person = node.ancestor_of_kind(NodeKind.PERSON)
        unit = node.ancestor_of_kind(NodeKind.UNIT)
        is_one = node.kind is NodeKind.INTERVENTION
        self.icon_label.setPixmap(
            icon("intervention" if is_one else "interventions").pixmap(32, 32)
        )
        self.title.setText(node.title if is_one else INSATS_GF_LABEL)
        where = unit.title if unit is not None else "alla enheter"
        who = person.title if person is not None else ""
        self.subtitle.setText(f"{who} · {where}" if who else where)
        fetched = fetch(self.ctx, person_interventions, node.person_id, unit_id=node.unit_id)
        if fetched.value is None:
            # Refused (e.g. the follow-up time has run out): nothing to choose.
            self.model.set_rows([])
            self.choose_button.setEnabled(False)
            self.summary.setText(fetched.error or "")
            return
        rows = [row for group in fetched.value for row in group.rows]
        if is_one:
            rows = [row for row in rows if row.intervention_id == node.intervention_id]
        if unit is None and node.unit_id is not None:
            # Under Ej aktuella the node carries the unit where the rows ended.
            named = next((r.unit_name for r in rows if r.unit_id == node.unit_id), None)
            if named:
                self.subtitle.setText(f"{who} · {named}" if who else named)
        self.model.set_rows(rows)
        current = next((i for i, r in enumerate(rows) if r.phase is not ExecutionPhase.ENDED), 0)
        if rows:
            self.table.selectRow(current)
        self.choose_button.setEnabled(bool(rows))
        # Insats and Utförarenhet are capped and elide; Fas and Status are never cut.
        fit_columns_sharing(self.table, (0, 1))
        fit_height_with_scroll_bar(self.table, max(len(rows), 1))
        self.summary.setText(
            summary_text(rows) if rows else "Personen har inga verkställigheter här."
        )

    def rows(self) -> list[ExecutionRowView]:
        return list(self.model.rows)
