"""Dokument GF's rows for journals: one per journal the user may read, opening the journal
window."""

from __future__ import annotations

from treserva_desktop.domain.views.journals import JournalListItem, PersonDocuments
from treserva_desktop.ui.formatting import date_time_text
from treserva_desktop.ui.tree.nodes import JournalRef, Node, NodeKind


def journal_tooltip(item: JournalListItem) -> str:
    notes = "1 anteckning" if item.note_count == 1 else f"{item.note_count} anteckningar"
    latest = f", senast {date_time_text(item.last_event_at)}" if item.last_event_at else ""
    return f"{item.status_text} · {notes}{latest}"


def journal_node(item: JournalListItem) -> Node:
    label = item.title + (" (avslutad)" if item.closed else "")
    return Node(
        kind=NodeKind.JOURNAL,
        label=label,
        title=item.title,
        ref=JournalRef(item.person_id, item.unit_id, item.id),
        muted=item.closed,
        tooltip=journal_tooltip(item),
        loaded=True,
        payload=item,
    )


def journal_nodes(documents: PersonDocuments) -> list[Node]:
    return [journal_node(item) for item in documents.journals]
