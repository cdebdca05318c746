"""Inkorg: mark a shown message read, reply, write a new message, open the assignment."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow, QWidget

from treserva_desktop.db.queries import inbox as inbox_queries
from treserva_desktop.domain import inbox_rules
from treserva_desktop.domain.commands import MarkMessageRead
from treserva_desktop.services import inbox as inbox_services
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.action_ids import ActionId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.compose_message_dialog import ComposeMessageDialog
from treserva_desktop.ui.dialogs.reply_dialog import ReplyDialog
from treserva_desktop.ui.handlers import reading
from treserva_desktop.ui.tree.nodes import NodeKind

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext

log = logging.getLogger(__name__)

NOT_REPLYABLE = inbox_rules.NOT_REPLYABLE


def _status(parent: QWidget | None, text: str) -> None:
    """A short confirmation in the window's status bar, without a box to click away."""
    window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, 6000)


def is_message(actx: ActionContext) -> bool:
    return actx.node is not None and actx.node.message_id is not None


def mark_message_read(ctx: AppContext, parent: QWidget | None, message_id: int) -> bool:
    """Opening a message marks it read; the Inkorg count follows through the change event.

    A refusal is only logged: the message is on screen already and a box would interrupt
    someone moving through the inbox.
    """
    outcome = runner.attempt(
        ctx,
        parent,
        inbox_services.mark_read,
        MarkMessageRead(message_id=message_id),
    )
    return outcome.ok


def reply(actx: ActionContext) -> None:
    """Svara… on a message node."""
    if actx.node is not None and actx.node.message_id is not None:
        reply_to_message(actx.ctx, actx.parent, actx.node.message_id)


def reply_to_message(ctx: AppContext, parent: QWidget | None, message_id: int) -> int | None:
    """Ask (reply dialog) → run (inbox.reply) → done. Returns the new message id."""
    detail = runner.read(ctx, inbox_queries.message_detail, message_id, parent=parent)
    if detail is None:
        return None
    if not detail.can_reply:
        messages.info(parent, NOT_REPLYABLE)
        return None
    command = ReplyDialog.ask(parent, detail)
    if command is None:
        return None
    sent = runner.run(ctx, parent, inbox_services.reply, command)
    if sent is not None:
        _status(parent, f"Svaret har skickats till {detail.sender_name}.")
    return sent


def new_message(actx: ActionContext) -> None:
    """Nytt meddelande… on Inkorg: ask (compose) → run (inbox.send_message) → done."""
    ctx, parent = actx.ctx, actx.parent
    # Every active user but the actor can be chosen.
    everyone = runner.fetch(ctx, inbox_queries.recipient_choices)
    command = ComposeMessageDialog.ask(
        parent, everyone.value or [], load_error=everyone.error or ""
    )
    if command is None:
        return
    sent = runner.run(ctx, parent, inbox_services.send_message, command)
    if sent is not None:
        count = len(set(command.recipient_ids))
        _status(
            parent,
            "Meddelandet har skickats."
            if count == 1
            else f"Meddelandet har skickats till {count} mottagare.",
        )


def show_assignment(ctx: AppContext, parent: QWidget | None, assignment_id: int) -> None:
    """Visa uppdrag from a message: the same audited Läs uppdrag as in the tree."""
    reading.open_assignment(ctx, parent, assignment_id)


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.REPLY_MESSAGE,
        "Svara…",
        reply,
        applies_to=frozenset({NodeKind.MESSAGE}),
        section=Section.MESSAGE,
        enabled=is_message,
        icon="reply",
        opens_dialog=True,
        status_tip="Svara avsändaren på meddelandet",
    ),
    ActionSpec(
        ActionId.NEW_MESSAGE,
        "Nytt meddelande…",
        new_message,
        applies_to=frozenset({NodeKind.FOLDER_INBOX, NodeKind.MESSAGE}),
        section=Section.MESSAGE,
        icon="message",
        opens_dialog=True,
        status_tip="Skriv ett meddelande till en eller flera användare",
    ),
)
