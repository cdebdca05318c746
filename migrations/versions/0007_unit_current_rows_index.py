"""A covering index for a unit's current rows (issue 8).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 02:00:00.000000

Expanding a unit, its person count and Ej aktuella – att avsluta ask for the unit's rows whose
end date is open, not yet passed, or passed within the look-back. (unit_id, start_date,
end_date) cannot answer an end-date range, so both dialects read every row the unit ever had
(about 73,000 for the largest unit of the municipal demo) to find its ~5,000 current ones.
(unit_id, end_date, status, person_id) answers those ranges from the index alone.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_executions_unit_end", "executions", ["unit_id", "end_date", "status", "person_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_executions_unit_end", table_name="executions")
