"""A user's Inkorg newest first from one index (issue 8).

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-04 05:20:00.000000

Inkorg lists a user's 500 newest messages. They were ordered by the message's sent_at, a
column of messages, so every message the user had ever received was read and sorted to find
them: a cost that grew with the user's messages, year after year. message_recipients now
keeps the message's sent_at too (a message is never changed, so the copy never goes stale),
and the index (user_id, sent_at, message_id) gives the newest first and stops at the limit.
A second index (user_id, read_at) answers the unread count from the unread rows alone. The
index on user_id alone is left to both.

On SQLite a column becomes NOT NULL only by rebuilding the table; the rebuild drops the
table's trigger against DELETE (migration 0008), which is created again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

_TABLE = "message_recipients"
_SENT_INDEX = "ix_message_recipients_user_sent"
_READ_INDEX = "ix_message_recipients_user_read"
_USER_INDEX = "ix_message_recipients_user_id"
# As migration 0008 created it on SQLite.
_SQLITE_NO_DELETE = (
    f"CREATE TRIGGER {_TABLE}_no_delete BEFORE DELETE ON {_TABLE} "
    f"BEGIN SELECT RAISE(ABORT, 'DELETE on {_TABLE} refused: "
    "official records are never deleted'); END"
)


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _require_sent_at() -> None:
    if _is_postgresql():
        op.alter_column(_TABLE, "sent_at", nullable=False)
        return
    with op.batch_alter_table(_TABLE, recreate="always") as batch:
        batch.alter_column("sent_at", existing_type=sa.DateTime(timezone=True), nullable=False)
    op.execute(_SQLITE_NO_DELETE)


def upgrade() -> None:
    op.add_column(_TABLE, sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        f"UPDATE {_TABLE} SET sent_at = "
        f"(SELECT messages.sent_at FROM messages WHERE messages.id = {_TABLE}.message_id)"
    )
    _require_sent_at()
    op.create_index(_SENT_INDEX, _TABLE, ["user_id", "sent_at", "message_id"])
    op.create_index(_READ_INDEX, _TABLE, ["user_id", "read_at"])
    op.drop_index(_USER_INDEX, table_name=_TABLE)


def downgrade() -> None:
    op.create_index(_USER_INDEX, _TABLE, ["user_id"])
    op.drop_index(_READ_INDEX, table_name=_TABLE)
    op.drop_index(_SENT_INDEX, table_name=_TABLE)
    if _is_postgresql():
        op.drop_column(_TABLE, "sent_at")
        return
    with op.batch_alter_table(_TABLE, recreate="always") as batch:
        batch.drop_column("sent_at")
    op.execute(_SQLITE_NO_DELETE)
