"""Ej aktuella – att avsluta per user, and boservice cases the provider opens and closes.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 06:00:00.000000

- `not_current_removals`: Ta bort ur mapp and Visa i mapp igen as an append-only log per user
  and person; the newest entry decides, and a removal covers only the engagement that had
  ended when it was made (`ended_on`), so a person who ends again later shows again.
- `intervention_types` gains `is_service_case` (boservice: förenklad handläggning, opened by
  the provider) and `is_personal_care` (a boservice case cannot close while it is ongoing);
  Städning, Tvätt and Inköp are added as boservice.
- `case_close_reasons`: the avslutsorsaker of a boservice case.
- `cases.version`: closing a case checks that nobody changed it meanwhile.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_intervention_types = sa.table(
    "intervention_types",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("business_area", sa.String),
    sa.column("requires_time", sa.Boolean),
    sa.column("is_service_case", sa.Boolean),
    sa.column("is_personal_care", sa.Boolean),
)
_case_close_reasons = sa.table(
    "case_close_reasons",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("sort_order", sa.Integer),
    sa.column("active", sa.Boolean),
)

# Boservice interventions (code, name): home care, time in hours when the unit plans it.
SERVICE_TYPES: tuple[tuple[str, str], ...] = (
    ("cleaning", "Städning"),
    ("laundry", "Tvätt"),
    ("shopping", "Inköp"),
)

# (code, Swedish text) in the order the dialog offers them.
CASE_CLOSE_REASONS: tuple[tuple[str, str], ...] = (
    ("deceased", "Avliden"),
    ("moved", "Flyttat"),
    ("own_wish", "Eget önskemål"),
    ("need_ended", "Behovet upphört"),
    ("other", "Övrigt"),
)

_REMOVALS_MESSAGE = "not_current_removals is append-only"


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    # Plain ADD COLUMN: a batch rebuild would drop the triggers that keep cases from being
    # deleted (migration 0008).
    op.add_column(
        "intervention_types",
        sa.Column("is_service_case", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "intervention_types",
        sa.Column("is_personal_care", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.execute(
        _intervention_types.update()
        .where(_intervention_types.c.code == "personal_care")
        .values(is_personal_care=True)
    )
    op.bulk_insert(
        _intervention_types,
        [
            {
                "code": code,
                "name": name,
                "business_area": "home_care",
                "requires_time": True,
                "is_service_case": True,
                "is_personal_care": False,
            }
            for code, name in SERVICE_TYPES
        ],
    )
    op.add_column(
        "cases", sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
    )
    op.create_table(
        "case_close_reasons",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_case_close_reasons")),
    )
    op.bulk_insert(
        _case_close_reasons,
        [
            {"code": code, "name": name, "sort_order": index, "active": True}
            for index, (code, name) in enumerate(CASE_CLOSE_REASONS)
        ],
    )
    op.create_table(
        "not_current_removals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_not_current_removals_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_units.id"], name=op.f("fk_not_current_removals_unit_id_org_units")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_not_current_removals_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_not_current_removals")),
    )
    op.create_index(
        "ix_not_current_removals_user_person",
        "not_current_removals",
        ["user_id", "person_id", "id"],
        unique=False,
    )
    _protect_removals()


def downgrade() -> None:
    _unprotect_removals()
    op.drop_index("ix_not_current_removals_user_person", table_name="not_current_removals")
    op.drop_table("not_current_removals")
    op.drop_table("case_close_reasons")
    op.drop_column("cases", "version")
    interventions = sa.table("interventions", sa.column("type_code", sa.String))
    op.execute(
        _intervention_types.delete().where(
            _intervention_types.c.code.in_([code for code, _ in SERVICE_TYPES]),
            ~sa.exists().where(interventions.c.type_code == _intervention_types.c.code),
        )
    )
    op.drop_column("intervention_types", "is_personal_care")
    op.drop_column("intervention_types", "is_service_case")


def _protect_removals() -> None:
    """Who removed whom from the folder, and when, stays as it was written."""
    if not _is_sqlite():
        op.execute(
            f"""
            CREATE FUNCTION not_current_removals_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{_REMOVALS_MESSAGE}';
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER not_current_removals_no_change BEFORE UPDATE OR DELETE "
            "ON not_current_removals FOR EACH ROW "
            "EXECUTE FUNCTION not_current_removals_append_only()"
        )
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER not_current_removals_no_{verb.lower()} BEFORE {verb} "
            f"ON not_current_removals BEGIN SELECT RAISE(ABORT, '{_REMOVALS_MESSAGE}'); END"
        )


def _unprotect_removals() -> None:
    if not _is_sqlite():
        op.execute("DROP TRIGGER IF EXISTS not_current_removals_no_change ON not_current_removals")
        op.execute("DROP FUNCTION IF EXISTS not_current_removals_append_only()")
        return
    op.execute("DROP TRIGGER IF EXISTS not_current_removals_no_update")
    op.execute("DROP TRIGGER IF EXISTS not_current_removals_no_delete")
