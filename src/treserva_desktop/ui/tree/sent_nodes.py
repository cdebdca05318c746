"""Mitt skrivbord › Skickade uppdrag (handläggare): the assignments the user sent in the last
DESK_DAYS days, one row each, from the same query as the dialog Myndighet › Skickade uppdrag…"""

from __future__ import annotations

from typing import TYPE_CHECKING

from treserva_desktop.db.queries import sent_assignments as sent_queries
from treserva_desktop.domain.enums import AssignmentStatus
from treserva_desktop.domain.views.sent_assignments import SentAssignmentRow
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.tree.nodes import AssignmentRef, Node, NodeKind, notice_node
from treserva_desktop.ui.tree.paged_folders import PROTECTED_MARK

if TYPE_CHECKING:
    from treserva_desktop.ui.context import AppContext


def period_text() -> str:
    return f"de senaste {sent_queries.DESK_DAYS} dagarna"


def sent_assignment_children(ctx: AppContext) -> list[Node]:
    """The folder's rows, newest first (each person listed is audited by the query); a notice
    when the read failed or nothing was sent."""
    since, until = sent_queries.desk_period(ctx.clock.today())
    fetched = fetch(ctx, sent_queries.sent_assignments, since=since, until=until)
    rows = fetched.value
    if rows is None:
        return [notice_node(fetched.error or "")]
    if not rows:
        return [notice_node(f"Inga uppdrag skickade {period_text()}.")]
    return [sent_assignment_node(row) for row in rows]


def sent_assignment_node(row: SentAssignmentRow) -> Node:
    """'2026-11-30 Efternamn, Förnamn → Hemtjänst Norr' (the interventions in the tool tip):
    stopped ones alert, those the provider has not read yet bold."""
    label = f"{row.sent_on:%Y-%m-%d} {row.person_name} → {row.receiver_unit_name}"
    if row.protected_identity:
        label += f" – {PROTECTED_MARK}"
    stopped = row.status is AssignmentStatus.STOPPED
    return Node(
        kind=NodeKind.SENT_ASSIGNMENT,
        label=label,
        title=row.title,
        ref=AssignmentRef(row.person_id, row.assignment_id),
        overdue=stopped,
        bold=row.read_at is None,
        protected=row.protected_identity,
        tooltip=_tooltip(row),
        loaded=True,
        payload=row,
    )


def _tooltip(row: SentAssignmentRow) -> str:
    lines = [row.title, f"Skickat {row.sent_on:%Y-%m-%d} till {row.receiver_unit_name}"]
    if row.read_at is None:
        lines.append("Inte läst av utföraren ännu")
    else:
        lines.append(f"Läst {row.read_at:%Y-%m-%d} av {row.read_by}")
    if row.status is AssignmentStatus.STOPPED:
        lines.append(f"Stoppat: {row.stopped_reason}" if row.stopped_reason else "Stoppat")
    elif row.accepted_at is not None:
        lines.append(f"Accepterat {row.accepted_at:%Y-%m-%d} av {row.accepted_by}")
    lines.append(f"Fördelade rader: {row.rows_text}")
    return "\n".join(lines)


def update_sent_count(ctx: AppContext, node: Node) -> None:
    """The folder's label counts what it lists; bold while some wait for the provider."""
    since, until = sent_queries.desk_period(ctx.clock.today())
    fetched = fetch(ctx, sent_queries.sent_assignment_counts, since=since, until=until)
    counts = fetched.value or sent_queries.SentAssignmentCounts(0, 0, 0)
    node.count = counts.total
    node.label = f"{node.title} ({counts.total})" if counts.total else node.title
    node.bold = counts.waiting > 0
    if fetched.error:
        node.tooltip = fetched.error
        return
    node.tooltip = (
        f"{counts.total} uppdrag som du har skickat {period_text()}: {counts.waiting} väntar "
        f"på utföraren, {counts.stopped} stoppade."
    )
