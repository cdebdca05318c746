"""Indexes on persons' first and last name for the name search.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 22:30:00.000000

The search narrows candidates by a range of first letters on these columns; without an index
that range reads every person (the EXPLAIN QUERY PLAN test in tests/db/test_query_plans.py).
Plain CREATE INDEX on both backends, no table copy.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_persons_last_name", "persons", ["last_name"])
    op.create_index("ix_persons_first_name", "persons", ["first_name"])


def downgrade() -> None:
    op.drop_index("ix_persons_first_name", table_name="persons")
    op.drop_index("ix_persons_last_name", table_name="persons")
