"""Genomförandeplaner: plans, their goals, activities and follow-ups (issue 10).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 06:00:00.000000

A plan belongs to a person at one performing unit. Once established its content is not
edited: follow-ups are appended and a plan is closed with a stop date. All four tables are
official records, so they get 0008's protection: DELETE refused row by row on both backends,
TRUNCATE refused on PostgreSQL (official_record_refuse() exists since 0008).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# Kept here, not imported: db/app_role.OFFICIAL_RECORDS lists the same tables.
TABLES = (
    "implementation_plans",
    "implementation_plan_goals",
    "implementation_plan_activities",
    "implementation_plan_follow_ups",
)
_MESSAGE = "official records are never deleted"


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        "implementation_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("established_on", sa.Date(), nullable=False),
        sa.Column("established_by_user_id", sa.Integer(), nullable=False),
        sa.Column("person_took_part", sa.Boolean(), nullable=False),
        sa.Column("participants", sa.String(length=500), nullable=False),
        sa.Column("next_follow_up_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("ended_by_user_id", sa.Integer(), nullable=True),
        sa.Column("end_reason", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "ended_on IS NULL OR ended_on >= established_on",
            name=op.f("ck_implementation_plans_period"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_implementation_plans_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_units.id"], name=op.f("fk_implementation_plans_unit_id_org_units")
        ),
        sa.ForeignKeyConstraint(
            ["established_by_user_id"],
            ["users.id"],
            name=op.f("fk_implementation_plans_established_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["ended_by_user_id"],
            ["users.id"],
            name=op.f("fk_implementation_plans_ended_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_implementation_plans")),
    )
    op.create_index(
        "ix_implementation_plans_person_unit",
        "implementation_plans",
        ["person_id", "unit_id", "established_on"],
    )
    op.create_index(
        "ix_implementation_plans_unit_follow_up",
        "implementation_plans",
        ["unit_id", "ended_on", "next_follow_up_on"],
    )
    op.create_table(
        "implementation_plan_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["implementation_plans.id"],
            name=op.f("fk_implementation_plan_goals_plan_id_implementation_plans"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_implementation_plan_goals")),
    )
    op.create_index(
        op.f("ix_implementation_plan_goals_plan_id"), "implementation_plan_goals", ["plan_id"]
    )
    op.create_table(
        "implementation_plan_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("what", sa.String(length=500), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("when_how", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["implementation_plans.id"],
            name=op.f("fk_implementation_plan_activities_plan_id_implementation_plans"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_implementation_plan_activities")),
    )
    op.create_index(
        op.f("ix_implementation_plan_activities_plan_id"),
        "implementation_plan_activities",
        ["plan_id"],
    )
    op.create_table(
        "implementation_plan_follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("followed_up_on", sa.Date(), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("next_follow_up_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["implementation_plans.id"],
            name=op.f("fk_implementation_plan_follow_ups_plan_id_implementation_plans"),
        ),
        sa.ForeignKeyConstraint(
            ["by_user_id"],
            ["users.id"],
            name=op.f("fk_implementation_plan_follow_ups_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_implementation_plan_follow_ups")),
    )
    op.create_index(
        op.f("ix_implementation_plan_follow_ups_plan_id"),
        "implementation_plan_follow_ups",
        ["plan_id"],
    )
    postgresql = _is_postgresql()
    for table in TABLES:
        if postgresql:
            op.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION official_record_refuse()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION official_record_refuse()"
            )
        else:
            op.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'DELETE on {table} refused: {_MESSAGE}'); END"
            )


def downgrade() -> None:
    # Dropping a table drops its triggers with it (an official record's data goes only with
    # a downgrade, which the owner runs deliberately).
    for table in reversed(TABLES):
        op.drop_table(table)
