"""Inkorg lists the newest INBOX_LIMIT messages; when there are more it says so, as the last
line of the folder and in the folder's summary pane."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from treserva_desktop.db.models import MessageRecipient
from treserva_desktop.db.queries import tree as tree_queries
from treserva_desktop.domain.enums import Folder
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.panes.folder_summary import FolderSummaryPane
from treserva_desktop.ui.tree.loader import TreeLoader, folder_node
from treserva_desktop.ui.tree.nodes import Node, NodeKind

USERNAME = "samordnare"


def message_count(ctx: AppContext) -> int:
    with ctx.database.read() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(MessageRecipient)
                .where(MessageRecipient.user_id == ctx.actor.user_id)
            )
            or 0
        )


def inbox_with_children(ctx: AppContext) -> Node:
    folder = folder_node(Folder.INBOX)
    folder.set_children(TreeLoader(ctx).inbox(folder))
    return folder


def summary_text(ctx: AppContext, folder: Node) -> str:
    pane = FolderSummaryPane(ctx, lambda node: node.children)
    pane.show_node(folder)
    return pane.text.text()


def test_more_messages_than_shown_end_in_a_note(
    make_ctx: Callable[[str], AppContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = make_ctx(USERNAME)
    total = message_count(ctx)
    assert total >= 2, "the demo user needs messages"
    monkeypatch.setattr(tree_queries, "INBOX_LIMIT", total - 1)
    folder = inbox_with_children(ctx)
    *messages, last = folder.children
    assert [node.kind for node in messages] == [NodeKind.MESSAGE] * (total - 1)
    assert last.kind is NodeKind.NOTICE
    assert last.label == f"Visar de {total - 1} senaste meddelandena"
    assert f"Visar de {total - 1} senaste meddelandena" in summary_text(ctx, folder)
    # The line itself, selected, says what it means rather than repeating its heading.
    assert summary_text(ctx, last) == "<p>Äldre meddelanden visas inte i Inkorgen.</p>"


def test_all_messages_shown_without_a_note(
    make_ctx: Callable[[str], AppContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = make_ctx(USERNAME)
    total = message_count(ctx)
    monkeypatch.setattr(tree_queries, "INBOX_LIMIT", total)
    folder = inbox_with_children(ctx)
    assert [node.kind for node in folder.children] == [NodeKind.MESSAGE] * total
    assert "senaste" not in summary_text(ctx, folder)


def test_the_note_gives_the_unread_count_of_the_whole_inbox(
    make_ctx: Callable[[str], AppContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder label and the status bar count every unread message; the pane must not say
    fewer only because the older ones are not listed."""
    ctx = make_ctx(USERNAME)
    with ctx.database.read() as session:
        all_unread = tree_queries.unread_count(session, ctx.actor)
    assert all_unread >= 2, "the demo user needs unread messages"
    monkeypatch.setattr(tree_queries, "INBOX_LIMIT", 1)
    folder = inbox_with_children(ctx)
    TreeLoader(ctx).update_counts({Folder.INBOX: folder})
    listed_unread = sum(1 for node in folder.children if node.unread)
    assert listed_unread < all_unread
    text = summary_text(ctx, folder)
    assert f"Visar de 1 senaste meddelandena, varav {listed_unread} " in text
    assert f"Du har {all_unread} olästa meddelanden i alla." in text
