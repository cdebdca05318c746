"""The start date in the index of a person's rows at a unit (issue 14).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02 15:40:00.000000

Mitt skrivbord counts the open implementation plans whose follow-up day has passed for
persons still cared for at the plan's unit. The probe for a current row goes through
ix_executions_person_reach (person, unit, end date, status); the start date was missing, so
every row it met was a table lookup. With the start date the probe reads the index alone.
The columns before it are unchanged, so every query that used the index still does.
"""

from __future__ import annotations

from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

_OLD = ["person_id", "unit_id", "end_date", "status"]


def upgrade() -> None:
    op.drop_index("ix_executions_person_reach", table_name="executions")
    op.create_index("ix_executions_person_reach", "executions", [*_OLD, "start_date"])


def downgrade() -> None:
    op.drop_index("ix_executions_person_reach", table_name="executions")
    op.create_index("ix_executions_person_reach", "executions", _OLD)
