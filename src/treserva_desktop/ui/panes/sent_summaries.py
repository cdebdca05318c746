"""What the summary pane says about Mitt skrivbord › Skickade uppdrag and about one assignment
in it: the dialog's texts (Myndighet › Skickade uppdrag…) over the folder's rows."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from treserva_desktop.domain.enums import AssignmentStatus
from treserva_desktop.domain.views.sent_assignments import SentAssignmentRow
from treserva_desktop.ui.dialogs.sent_assignments_dialog import (
    outcome_text,
    person_text,
    summary_text,
)
from treserva_desktop.ui.formatting import date_time_text
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


def _text(text: Callable[[SentAssignmentRow], str]) -> Callable[[Node], str]:
    def value(node: Node) -> str:
        row = _row(node)
        return text(row) if row is not None else ""

    return value


# The dialog's columns but Uppdrag (the row's tool tip and own pane name it), to fit the pane.
NODE_COLUMNS: list[Column[Node]] = [
    Column("Skickat", _text(lambda r: f"{r.sent_on:%Y-%m-%d}")),
    Column("Person", _text(lambda r: r.person_name)),
    Column("Mottagare", _text(lambda r: r.receiver_unit_name)),
    # Who read it is in the assignment's own pane; the date keeps the list within the pane.
    Column("Läst", _text(lambda r: f"{r.read_at:%Y-%m-%d}" if r.read_at else "Nej")),
    Column("Accepterat / stoppat", _text(outcome_text)),
    Column("Fördelade rader", _text(lambda r: r.rows_text)),
]
# Accepterat / stoppat takes the room left, Person and Mottagare give way in a narrow pane
# (elided, the tool tip holds them); the dates and Fördelade rader are never cut.
NODE_STRETCH = 4
NODE_LONG_TEXTS = (1, 2)


def sent_assignments(pane: FolderSummaryPane, node: Node) -> None:
    nodes = pane.child_rows(node)
    rows = [row for n in nodes if (row := _row(n)) is not None]
    pane.paragraphs(
        f"Uppdrag som du har skickat {period_text()}, det senaste först.",
        html.escape(summary_text(rows)) if rows else pane.notices(node),
        FILTER_HINT,
    )
    pane.show_list(
        NODE_COLUMNS,
        nodes,
        "Dubbelklicka på en rad för att gå till den i trädet.",
        long_texts=NODE_LONG_TEXTS,
        stretch=NODE_STRETCH,
    )


def _read_line(row: SentAssignmentRow) -> str:
    if row.read_at is None:
        return "Nej, inte ännu"
    return f"{date_time_text(row.read_at)} av {row.read_by}"


def _status_line(row: SentAssignmentRow) -> str:
    if row.status is AssignmentStatus.STOPPED:
        text = html.escape(outcome_text(row))
        return f"<span style='color:#a31515'><b>{text}</b></span>"
    if row.accepted_at is not None:
        return html.escape(f"Accepterat {date_time_text(row.accepted_at)} av {row.accepted_by}")
    return html.escape(row.status.label)


def sent_assignment(pane: FolderSummaryPane, node: Node) -> None:
    row = _row(node)
    if row is None:
        pane.paragraphs(html.escape(node.tooltip))
        pane.show_list(NODE_COLUMNS, [])
        return
    pane.paragraphs(
        f"<b>Person:</b> {html.escape(person_text(row))}",
        f"<b>Mottagare:</b> {html.escape(row.receiver_unit_name)}",
        f"<b>Skickat:</b> {date_time_text(row.sent_at)}",
        f"<b>Läst av utföraren:</b> {html.escape(_read_line(row))}",
        f"<b>Status:</b> {_status_line(row)}",
        f"<b>Fördelade rader:</b> {html.escape(row.rows_text)}",
        "Dubbelklicka eller tryck Enter för att läsa uppdraget (PDF).",
    )
    pane.show_list(NODE_COLUMNS, [])
