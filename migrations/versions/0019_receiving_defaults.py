"""Safe defaults in Acceptera och fördela: a unit's default billing area, and the user's own
distributions found by index (issue 12).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 10:00:00.000000

Registrera preselects the Debiteringsområde of a person who has none from the performing
unit's default area (org_units.default_billing_area_code, NULL where the unit has none), and
the Utförarenhet this user last distributed to from the same receiving unit, which reads the
user's own rows newest first (ix_executions_creator) instead of scanning the unit's history.
Mitt skrivbord's Skickade uppdrag lists what a handläggare sent, newest first, by the
sender's own index (ix_assignments_sender). All additive: a plain ADD COLUMN and new indexes
(no table copy, so 0008's triggers stay).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite takes a foreign key only inside the column's definition (as in 0012).
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE org_units ADD COLUMN default_billing_area_code VARCHAR(16) "
            "CONSTRAINT fk_org_units_default_billing_area_code_billing_areas "
            "REFERENCES billing_areas (code)"
        )
    else:
        op.add_column(
            "org_units",
            sa.Column(
                "default_billing_area_code",
                sa.String(16),
                sa.ForeignKey(
                    "billing_areas.code",
                    name="fk_org_units_default_billing_area_code_billing_areas",
                ),
                nullable=True,
            ),
        )
    op.create_index("ix_executions_creator", "executions", ["created_by_user_id", "created_at"])
    op.create_index("ix_assignments_sender", "assignments", ["sender_user_id", "sent_at"])


def downgrade() -> None:
    op.drop_index("ix_assignments_sender", table_name="assignments")
    op.drop_index("ix_executions_creator", table_name="executions")
    with op.batch_alter_table("org_units", schema=None) as batch_op:
        if op.get_bind().dialect.name != "sqlite":  # SQLite's goes with its column
            batch_op.drop_constraint(
                "fk_org_units_default_billing_area_code_billing_areas", type_="foreignkey"
            )
        batch_op.drop_column("default_billing_area_code")
