"""Inkorg lists every unread message and the newest INBOX_LIMIT ones; when older read messages
are left out it says so, as the last line of the folder and in the folder's summary pane."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from treserva_desktop.db.models import Message, MessageRecipient
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


def mark_oldest_read(ctx: AppContext) -> None:
    """The user's oldest message is read: the one left out when all but one are listed."""
    with ctx.database.transaction() as session:
        oldest = session.execute(
            select(MessageRecipient)
            .join(Message, Message.id == MessageRecipient.message_id)
            .where(MessageRecipient.user_id == ctx.actor.user_id)
            .order_by(Message.sent_at, Message.id)
            .limit(1)
        ).scalar_one()
        oldest.read_at = oldest.read_at or ctx.clock.now()


def test_an_unread_message_is_never_left_out_alone(
    make_ctx: Callable[[str], AppContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only unread messages beyond the limit: all are listed and no note says otherwise."""
    ctx = make_ctx(USERNAME)
    total = message_count(ctx)
    with ctx.database.transaction() as session:
        for recipient in session.scalars(
            select(MessageRecipient).where(MessageRecipient.user_id == ctx.actor.user_id)
        ):
            recipient.read_at = None
    monkeypatch.setattr(tree_queries, "INBOX_LIMIT", 1)
    folder = inbox_with_children(ctx)
    assert [node.kind for node in folder.children] == [NodeKind.MESSAGE] * total


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
    mark_oldest_read(ctx)
    monkeypatch.setattr(tree_queries, "INBOX_LIMIT", total - 1)
    folder = inbox_with_children(ctx)
    *messages, last = folder.children
    assert [node.kind for node in messages] == [NodeKind.MESSAGE] * (total - 1)
    assert last.kind is NodeKind.NOTICE
    assert last.label == f"Visar alla olästa och de {total - 1} senaste meddelandena"
    assert last.label in summary_text(ctx, folder)
    # The line itself, selected, says what it means rather than repeating its heading.
    assert summary_text(ctx, last) == "<p>Äldre lästa meddelanden visas inte i Inkorgen.</p>"


def test_all_messages_shown_without_a_note(
    make_ctx: Callable[[str], AppContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = make_ctx(USERNAME)
    total = message_count(ctx)
    monkeypatch.setattr(tree_queries, "INBOX_LIMIT", total)
    folder = inbox_with_children(ctx)
    assert [node.kind for node in folder.children] == [NodeKind.MESSAGE] * total
    assert "senaste" not in summary_text(ctx, folder)


def test_every_unread_message_is_listed_beyond_the_limit(
    make_ctx: Callable[[str], AppContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder label and the status bar count every unread message; each of them must be
    in the list, so reading them all brings the count to zero."""
    ctx = make_ctx(USERNAME)
    with ctx.database.read() as session:
        all_unread = tree_queries.unread_count(session, ctx.actor)
    assert all_unread >= 2, "the demo user needs unread messages"
    monkeypatch.setattr(tree_queries, "INBOX_LIMIT", 1)
    folder = inbox_with_children(ctx)
    TreeLoader(ctx).update_counts({Folder.INBOX: folder})
    messages = [node for node in folder.children if node.kind is NodeKind.MESSAGE]
    assert sum(1 for node in messages if node.unread) == all_unread
    times = [node.payload.sent_at for node in messages]
    assert times == sorted(times, reverse=True), "newest first, the unread older ones after"
    assert f"varav {all_unread} olästa" in summary_text(ctx, folder)
