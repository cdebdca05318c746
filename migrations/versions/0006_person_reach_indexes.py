"""Covering indexes for "does one of these units reach this person" (issue 8, round 2).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 03:00:00.000000

The name search checks, for each candidate person, whether an execution row or an assignment
ties them to one of the actor's units; so does every access check. With only person_id
indexed, each check read the table rows of the person's executions and assignments, and with
a single unit SQLite preferred the (unit, ...) indexes and read all of that unit's rows per
candidate. (person_id, unit_id) and (person_id, receiver_unit_id) answer the check from the
index alone. They replace the plain person_id indexes, which are their prefixes.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_executions_person_unit", "executions", ["person_id", "unit_id"])
    op.drop_index("ix_executions_person_id", table_name="executions")
    op.create_index(
        "ix_assignments_person_receiver", "assignments", ["person_id", "receiver_unit_id"]
    )
    op.drop_index("ix_assignments_person_id", table_name="assignments")


def downgrade() -> None:
    op.create_index("ix_assignments_person_id", "assignments", ["person_id"])
    op.drop_index("ix_assignments_person_receiver", table_name="assignments")
    op.create_index("ix_executions_person_id", "executions", ["person_id"])
    op.drop_index("ix_executions_person_unit", table_name="executions")
