"""Cases belong to an authority unit; access follows engagement (issue 9, items 2 and 3).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 03:00:00.000000

A needs assessor sees the persons their own authority unit has cases for, so a case records
the unit it was opened at. Existing cases take the unit where their responsible assessor holds
the needs-assessor role (the lowest unit id when several); cases with no such assessor keep no
unit and are seen by no assessor until the authority reassigns them.

Unit staff see a person while a row at their unit is not revoked and has not ended before the
follow-up cutoff, so the per-person probe of rows (0006's (person_id, unit_id)) gains the end
date and status to answer that from the index alone.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ALTER TABLE … ADD COLUMN on every backend: a batch rebuild of the table would drop the
    # triggers that keep cases from being deleted (migration 0008). SQLite takes a foreign key
    # only inside the column's definition.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE cases ADD COLUMN authority_unit_id INTEGER "
            "CONSTRAINT fk_cases_authority_unit_id_org_units REFERENCES org_units (id)"
        )
    else:
        op.add_column(
            "cases",
            sa.Column(
                "authority_unit_id",
                sa.Integer(),
                sa.ForeignKey("org_units.id", name="fk_cases_authority_unit_id_org_units"),
                nullable=True,
            ),
        )
    op.execute(
        """
        UPDATE cases SET authority_unit_id = (
            SELECT MIN(role_assignments.unit_id) FROM role_assignments
            WHERE role_assignments.user_id = cases.responsible_user_id
              AND role_assignments.role = 'needs_assessor'
        )
        """
    )
    op.create_index(
        "ix_cases_authority_person", "cases", ["authority_unit_id", "closed_on", "person_id"]
    )
    op.create_index("ix_cases_person_authority", "cases", ["person_id", "authority_unit_id"])
    op.create_index(
        "ix_executions_person_reach",
        "executions",
        ["person_id", "unit_id", "end_date", "status"],
    )
    op.drop_index("ix_executions_person_unit", table_name="executions")


def downgrade() -> None:
    op.create_index("ix_executions_person_unit", "executions", ["person_id", "unit_id"])
    op.drop_index("ix_executions_person_reach", table_name="executions")
    op.drop_index("ix_cases_person_authority", table_name="cases")
    op.drop_index("ix_cases_authority_person", table_name="cases")
    # Dropping a column rebuilds the table on SQLite; the downgrade of 0008 that follows
    # removes the triggers it would have dropped anyway.
    with op.batch_alter_table("cases", schema=None) as batch_op:
        if op.get_bind().dialect.name != "sqlite":  # SQLite's goes with its column
            batch_op.drop_constraint("fk_cases_authority_unit_id_org_units", type_="foreignkey")
        batch_op.drop_column("authority_unit_id")
