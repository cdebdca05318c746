"""End reasons (avslutsorsaker) as a code list for Rätta/Avsluta of an execution row.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 06:00:00.000000

An execution row ended with Rätta/Avsluta stores the code of its reason in
`executions.end_reason` (a plain string column since 0001: older rows keep whatever text they
hold, and the application shows a code's name where it knows the code).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_end_reasons = sa.table(
    "end_reasons",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("sort_order", sa.Integer),
    sa.column("active", sa.Boolean),
)

# (code, Swedish text) in the order the dialog offers them.
END_REASONS: tuple[tuple[str, str], ...] = (
    ("decision_ended", "Insatsen upphör enligt beslut"),
    ("deceased", "Avliden"),
    ("moved_special_housing", "Flyttat till särskilt boende"),
    ("moved_away", "Flyttat från kommunen"),
    ("provider_change", "Byte av utförare"),
    ("own_wish", "Eget önskemål"),
    ("hospital_stay", "Långvarig sjukhusvistelse"),
    ("registered_wrongly", "Felregistrering"),
    ("other", "Övrigt"),
)


def upgrade() -> None:
    op.create_table(
        "end_reasons",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_end_reasons")),
    )
    op.bulk_insert(
        _end_reasons,
        [
            {"code": code, "name": name, "sort_order": index, "active": True}
            for index, (code, name) in enumerate(END_REASONS)
        ],
    )


def downgrade() -> None:
    op.drop_table("end_reasons")
