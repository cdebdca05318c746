"""The authority system's id of an imported assignment, stored and unique (issue 9).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 03:00:00.000000

Importing the same file twice duplicated every assignment. Each record of the import file now
carries the authority system's id of the assignment (`uppdrag_id`), stored in
assignments.external_id; a re-import finds the ids already present and skips those records.
NULL for assignments sent from the Myndighet dialog (a unique index allows any number of NULLs
on both SQLite and PostgreSQL). Additive: a nullable column and a unique index.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_EXTERNAL_ID_LENGTH = 64


def upgrade() -> None:
    op.add_column(
        "assignments", sa.Column("external_id", sa.String(_EXTERNAL_ID_LENGTH), nullable=True)
    )
    op.create_index("uq_assignments_external_id", "assignments", ["external_id"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_assignments_external_id", table_name="assignments")
    # Plain DROP COLUMN on both backends (SQLite >= 3.35), as in 0005: no table copy.
    op.execute("ALTER TABLE assignments DROP COLUMN external_id")
