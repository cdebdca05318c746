"""Live updates: the change log other workstations poll on SQLite (issue 16).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 13:00:00.000000

A technical table, not an official record: each row is one committed action's change kinds
and ids (no names, no free text), written in the action's own transaction and pruned by the
writers to a bounded window, so it does not grow with the database. No DELETE trigger: the
pruning deletes. On PostgreSQL the clients are told by NOTIFY; the table exists there too
(one schema) and stays empty.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("change_log")
