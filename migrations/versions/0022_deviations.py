"""Avvikelser (W18, issue 14): deviations, their append-only history and the deviation types.

Revision ID: 0022
Revises: 0020
Create Date: 2026-12-02 13:00:00.000000

Deviations are official records: DELETE is refused row by row on both backends and TRUNCATE on
PostgreSQL (official_record_refuse() exists since 0008). Their history, deviation_events, is
append-only like the audit trail: UPDATE and DELETE refused too, so every earlier value stays.
The deviation types are a code list seeded here; installations may add their own.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

_MESSAGE = "official records are never deleted"
_EVENTS_MESSAGE = "deviation_events is append-only"

_types = sa.table(
    "deviation_types",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("sort_order", sa.Integer),
    sa.column("active", sa.Boolean),
)
# (code, Swedish name) in the order the registration dialog offers them.
DEVIATION_TYPES: tuple[tuple[str, str], ...] = (
    ("fall", "Fall"),
    ("medication", "Läkemedel"),
    ("missed_intervention", "Utebliven insats"),
    ("conduct", "Bemötande"),
    ("pressure_ulcer", "Trycksår"),
    ("nutrition", "Nutrition"),
    ("safety_alarm", "Trygghetslarm"),
    ("documentation", "Dokumentation och information"),
    ("abuse", "Våld eller övergrepp"),
    ("other", "Övrigt"),
)


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


_STATES = ("registered", "under_analysis", "actions_decided", "feedback_given", "closed")


def upgrade() -> None:
    op.create_table(
        "deviation_types",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_deviation_types")),
    )
    op.bulk_insert(
        _types,
        [
            {"code": code, "name": name, "sort_order": order, "active": True}
            for order, (code, name) in enumerate(DEVIATION_TYPES)
        ],
    )
    op.create_table(
        "deviations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("category", _enum("deviation_category", "sol", "hsl", "other"), nullable=False),
        sa.Column("type_code", sa.String(length=32), nullable=False),
        sa.Column("reported_by_user_id", sa.Integer(), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("occurred_month", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("immediate_action", sa.Text(), nullable=False),
        sa.Column("state", _enum("deviation_state", *_STATES), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("consequence", sa.Text(), nullable=False),
        sa.Column(
            "risk", _enum("deviation_risk", "low", "moderate", "high", "very_high"), nullable=True
        ),
        sa.Column("decided_actions", sa.Text(), nullable=False),
        sa.Column("feedback", sa.Text(), nullable=False),
        sa.Column("escalation", _enum("deviation_escalation", "lex_sarah", "mas"), nullable=True),
        sa.Column("investigation_started_on", sa.Date(), nullable=True),
        sa.Column("investigation_ended_on", sa.Date(), nullable=True),
        sa.Column("mas_assessed_on", sa.Date(), nullable=True),
        sa.Column("ivo_reported_on", sa.Date(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_units.id"], name=op.f("fk_deviations_unit_id_org_units")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_deviations_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["type_code"],
            ["deviation_types.code"],
            name=op.f("fk_deviations_type_code_deviation_types"),
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_user_id"],
            ["users.id"],
            name=op.f("fk_deviations_reported_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deviations")),
    )
    op.create_index("ix_deviations_unit_month", "deviations", ["unit_id", "occurred_month"])
    op.create_index("ix_deviations_unit_state", "deviations", ["unit_id", "state", "occurred_at"])
    op.create_index(
        "ix_deviations_reporter", "deviations", ["reported_by_user_id", "state", "occurred_at"]
    )
    op.create_index("ix_deviations_person", "deviations", ["person_id", "occurred_at"])
    op.create_table(
        "deviation_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deviation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("state", _enum("deviation_state", *_STATES), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deviation_id"],
            ["deviations.id"],
            name=op.f("fk_deviation_events_deviation_id_deviations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_deviation_events_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deviation_events")),
    )
    op.create_index("ix_deviation_events_deviation", "deviation_events", ["deviation_id", "id"])
    if _is_postgresql():
        op.execute(
            "CREATE TRIGGER deviations_no_delete BEFORE DELETE ON deviations "
            "FOR EACH ROW EXECUTE FUNCTION official_record_refuse()"
        )
        op.execute(
            f"""
            CREATE FUNCTION deviation_events_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{_EVENTS_MESSAGE}';
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER deviation_events_no_change BEFORE UPDATE OR DELETE ON "
            "deviation_events FOR EACH ROW EXECUTE FUNCTION deviation_events_append_only()"
        )
        for table in ("deviations", "deviation_events"):
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION official_record_refuse()"
            )
        return
    op.execute(
        "CREATE TRIGGER deviations_no_delete BEFORE DELETE ON deviations "
        f"BEGIN SELECT RAISE(ABORT, 'DELETE on deviations refused: {_MESSAGE}'); END"
    )
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER deviation_events_no_{verb.lower()} BEFORE {verb} "
            f"ON deviation_events BEGIN SELECT RAISE(ABORT, '{_EVENTS_MESSAGE}'); END"
        )


def downgrade() -> None:
    # Dropping a table drops its triggers with it.
    op.drop_table("deviation_events")
    op.drop_table("deviations")
    op.drop_table("deviation_types")
    if _is_postgresql():
        op.execute("DROP FUNCTION IF EXISTS deviation_events_append_only()")
