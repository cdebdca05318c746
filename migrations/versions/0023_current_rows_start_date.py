"""The start date in the index of a unit's current rows (issue 14).

Revision ID: 0023
Revises: 0020
Create Date: 2026-12-02 13:30:00.000000

Mitt skrivbord counts the persons whose care at a unit began before the implementation
plan's deadline without a plan there. It reads the unit's current rows from
ix_executions_unit_end; without the start date in the index every one of them (some 43,000
for a verksamhetschef in the municipal demo) was a table lookup. With it the count is read
from the index alone. The columns before it are unchanged, so every query that used the
index still does.
"""

from __future__ import annotations

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

_OLD = ["unit_id", "end_date", "status", "person_id"]


def upgrade() -> None:
    op.drop_index("ix_executions_unit_end", table_name="executions")
    op.create_index("ix_executions_unit_end", "executions", [*_OLD, "start_date"])


def downgrade() -> None:
    op.drop_index("ix_executions_unit_end", table_name="executions")
    op.create_index("ix_executions_unit_end", "executions", _OLD)
