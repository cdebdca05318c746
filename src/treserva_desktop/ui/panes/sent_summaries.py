"""What the summary pane says about Mitt skrivbord › Skickade uppdrag and about one assignment
in it: the dialog's columns (Myndighet › Skickade uppdrag…) over the folder's rows."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from treserva_desktop.domain.enums import AssignmentStatus
from treserva_desktop.domain.views.sent_assignments import SentAssignmentRow
from treserva_desktop.ui.dialogs.sent_assignments_dialog import (
    COLUMNS,
    outcome_text,
    person_text,
    read_text,
    summary_text,
    when_text,
)
from treserva_desktop.ui.tree.nodes import Node
from treserva_desktop.ui.tree.sent_nodes import period_text
from treserva_desktop.ui.widgets.table_model import Column

if TYPE_CHECKING:
    from treserva_desktop.ui.panes.folder_summary import FolderSummaryPane

FILTER_HINT = (
    "Högerklicka på mappen och välj <b>Skickade uppdrag…</b> (Ctrl+Shift+U) för att välja en "
    "annan period eller en status."
)


def _row(node: Node) -> SentAssignmentRow | None:
    return node.payload if isinstance(node.payload, SentAssignmentRow) else None


def _over_nodes(column: Column[SentAssignmentRow]) -> Column[Node]:
    def value(node: Node) -> str:
        row = _row(node)
        return column.value(row) if row is not None else ""

    return Column(column.title, value)


NODE_COLUMNS: list[Column[Node]] = [_over_nodes(column) for column in COLUMNS]


def sent_assignments(pane: FolderSummaryPane, node: Node) -> None:
    nodes = pane.child_rows(node)
    rows = [row for n in nodes if (row := _row(n)) is not None]
    pane.paragraphs(
        f"Uppdrag som du har skickat {period_text()}, det senaste först.",
        html.escape(summary_text(rows)) if rows else pane.notices(node),
        FILTER_HINT,
    )
    pane.show_list(NODE_COLUMNS, nodes, "Dubbelklicka på en rad för att gå till den i trädet.")


def sent_assignment(pane: FolderSummaryPane, node: Node) -> None:
    row = _row(node)
    if row is None:
        pane.paragraphs(html.escape(node.tooltip))
        pane.show_list(NODE_COLUMNS, [])
        return
    stopped = row.status is AssignmentStatus.STOPPED
    outcome = html.escape(outcome_text(row))
    if stopped:
        outcome = f"<span style='color:#a31515'><b>{outcome}</b></span>"
    lines = [
        f"<b>Person:</b> {html.escape(person_text(row))}",
        f"<b>Mottagare:</b> {html.escape(row.receiver_unit_name)}",
        html.escape(when_text(row)).replace("\n", "<br>"),
        f"<b>Läst av utföraren:</b> {html.escape(read_text(row))}",
        f"<b>Status:</b> {outcome}",
        f"<b>Fördelade rader:</b> {html.escape(row.rows_text)}",
        "Dubbelklicka eller tryck Enter för att läsa uppdraget (PDF).",
    ]
    pane.paragraphs(*lines)
    pane.show_list(NODE_COLUMNS, [])
