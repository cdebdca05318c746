"""When a row's end was registered (Rätta/Avsluta, Återkalla, a provider change, a closed
boservice case), beside the end date itself (issue 10).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 07:30:00.000000

A manager usually ends a row ahead of time (T.o.m. next Friday) and tells the handläggare at
once; the ending checklist asks whether the handläggare was told after the ending was
registered, which the end date alone cannot say. NULL for rows ended before this revision and
for rows that simply ran to the end of their period. Additive: a plain ADD COLUMN on an
official table (no table copy on SQLite, so its triggers stay).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("executions", sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN on both backends (SQLite >= 3.35), as in 0009: no table copy.
    op.execute("ALTER TABLE executions DROP COLUMN ended_at")
