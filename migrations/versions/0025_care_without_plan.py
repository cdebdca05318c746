"""Care without a plan, kept by the database (issue 14).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-02 19:40:00.000000

Mitt skrivbord counts the persons cared for today at the user's units who have no
implementation plan there past its deadline. Found from the rows, that was one probe of the
plans per current row (about 43,000 for a verksamhetschef of the municipal demo). The new
table care_without_plan holds one row per (person, unit) with care and no plan there: how many
of the pair's rows (revoked ones aside) are open-ended and the latest end date of the others.
Its index gives a unit's pairs still current today, a few per unit.

The database keeps it, whoever writes: a trigger on executions refreshes the pair of a row
inserted, or whose person, unit, status or end date changes; a trigger on implementation_plans
removes the pair when a plan is established there (plans are never deleted). On PostgreSQL
the refresh locks the pair's row before it counts, so two workstations changing one person's
rows at one unit count one after the other. The table is derived, not an official record:
the application's role may delete from it (db/app_role.py).

The count of overdue open plans reads a unit's open plans by follow-up day
(ix_implementation_plans_unit_follow_up) and needs each plan's person and established day:
they join the index, so it no longer reads each plan's row. Likewise the count of decisions
not executed reads a unit's rows planned to start later (ix_executions_unit_dates) for their
intervention, which now joins that index, and the rows of care without a plan are read
through ix_executions_person_reach with their intervention, which joins that one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

_FOLLOW_UP = ["unit_id", "ended_on", "next_follow_up_on"]
_UNIT_DATES = ["unit_id", "start_date", "end_date"]
_PERSON_REACH = ["person_id", "unit_id", "end_date", "status", "start_date"]

# The pair's row and figures; {p} and {u} stand for the person and the unit.
_REVOKED = "'revoked'"
_PLAN_AT = "SELECT 1 FROM implementation_plans WHERE person_id = {p} AND unit_id = {u}"
_ENSURE = (
    "INSERT INTO care_without_plan (person_id, unit_id, open_rows) "
    "SELECT {p}, {u}, 0 WHERE NOT EXISTS (" + _PLAN_AT + ") "
    "ON CONFLICT (person_id, unit_id) DO NOTHING"
)
_COUNT = (
    "UPDATE care_without_plan SET "
    "open_rows = (SELECT count(*) FROM executions WHERE person_id = {p} AND unit_id = {u} "
    f"AND status <> {_REVOKED} AND end_date IS NULL), "
    "last_end = (SELECT max(end_date) FROM executions WHERE person_id = {p} AND unit_id = {u} "
    f"AND status <> {_REVOKED}) "
    "WHERE person_id = {p} AND unit_id = {u}"
)
_BACKFILL = f"""
INSERT INTO care_without_plan (person_id, unit_id, open_rows, last_end)
SELECT e.person_id, e.unit_id,
       SUM(CASE WHEN e.end_date IS NULL THEN 1 ELSE 0 END), MAX(e.end_date)
FROM executions e
WHERE e.status <> {_REVOKED}
  AND NOT EXISTS (SELECT 1 FROM implementation_plans p
                  WHERE p.person_id = e.person_id AND p.unit_id = e.unit_id)
GROUP BY e.person_id, e.unit_id
"""


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.create_table(
        "care_without_plan",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("open_rows", sa.Integer(), nullable=False),
        sa.Column("last_end", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_care_without_plan_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_units.id"], name=op.f("fk_care_without_plan_unit_id_org_units")
        ),
        sa.PrimaryKeyConstraint("person_id", "unit_id", name=op.f("pk_care_without_plan")),
    )
    op.create_index(
        "ix_care_without_plan_current",
        "care_without_plan",
        ["unit_id", "open_rows", "last_end", "person_id"],
    )
    op.execute(_BACKFILL)
    op.drop_index("ix_implementation_plans_unit_follow_up", table_name="implementation_plans")
    op.create_index(
        "ix_implementation_plans_unit_follow_up",
        "implementation_plans",
        [*_FOLLOW_UP, "person_id", "established_on"],
    )
    op.drop_index("ix_executions_unit_dates", table_name="executions")
    op.create_index("ix_executions_unit_dates", "executions", [*_UNIT_DATES, "intervention_id"])
    op.drop_index("ix_executions_person_reach", table_name="executions")
    op.create_index("ix_executions_person_reach", "executions", [*_PERSON_REACH, "intervention_id"])
    if _is_postgresql():
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def _sqlite_triggers() -> None:
    def refresh(row: str) -> str:
        pair = {"p": f"{row}.person_id", "u": f"{row}.unit_id"}
        return f"{_ENSURE.format(**pair)}; {_COUNT.format(**pair)};"

    op.execute(
        "CREATE TRIGGER care_without_plan_row_added AFTER INSERT ON executions "
        f"BEGIN {refresh('NEW')} END"
    )
    op.execute(
        "CREATE TRIGGER care_without_plan_row_changed "
        "AFTER UPDATE OF person_id, unit_id, status, end_date ON executions "
        f"BEGIN {refresh('NEW')} {refresh('OLD')} END"
    )
    op.execute(
        "CREATE TRIGGER care_without_plan_plan_added AFTER INSERT ON implementation_plans "
        "BEGIN DELETE FROM care_without_plan "
        "WHERE person_id = NEW.person_id AND unit_id = NEW.unit_id; END"
    )


def _postgresql_triggers() -> None:
    pair = {"p": "p_person", "u": "p_unit"}
    op.execute(
        f"""
        CREATE FUNCTION care_without_plan_refresh(p_person integer, p_unit integer)
        RETURNS void AS $$
        BEGIN
            {_ENSURE.format(**pair)};
            -- Wait for another transaction changing the same pair, then count what it
            -- committed: each statement here sees the rows committed before it started.
            PERFORM 1 FROM care_without_plan
                WHERE person_id = p_person AND unit_id = p_unit FOR UPDATE;
            {_COUNT.format(**pair)};
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        """
        CREATE FUNCTION care_without_plan_row() RETURNS trigger AS $$
        BEGIN
            PERFORM care_without_plan_refresh(NEW.person_id, NEW.unit_id);
            IF TG_OP = 'UPDATE' AND (OLD.person_id, OLD.unit_id)
                    IS DISTINCT FROM (NEW.person_id, NEW.unit_id) THEN
                PERFORM care_without_plan_refresh(OLD.person_id, OLD.unit_id);
            END IF;
            RETURN NULL;
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        """
        CREATE FUNCTION care_without_plan_plan() RETURNS trigger AS $$
        BEGIN
            DELETE FROM care_without_plan
                WHERE person_id = NEW.person_id AND unit_id = NEW.unit_id;
            RETURN NULL;
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        "CREATE TRIGGER care_without_plan_row_changed "
        "AFTER INSERT OR UPDATE OF person_id, unit_id, status, end_date ON executions "
        "FOR EACH ROW EXECUTE FUNCTION care_without_plan_row()"
    )
    op.execute(
        "CREATE TRIGGER care_without_plan_plan_added AFTER INSERT ON implementation_plans "
        "FOR EACH ROW EXECUTE FUNCTION care_without_plan_plan()"
    )


def downgrade() -> None:
    if _is_postgresql():
        op.execute("DROP TRIGGER IF EXISTS care_without_plan_row_changed ON executions")
        op.execute("DROP TRIGGER IF EXISTS care_without_plan_plan_added ON implementation_plans")
        op.execute("DROP FUNCTION IF EXISTS care_without_plan_row()")
        op.execute("DROP FUNCTION IF EXISTS care_without_plan_plan()")
        op.execute("DROP FUNCTION IF EXISTS care_without_plan_refresh(integer, integer)")
    else:
        for trigger in (
            "care_without_plan_row_added",
            "care_without_plan_row_changed",
            "care_without_plan_plan_added",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.drop_index("ix_care_without_plan_current", table_name="care_without_plan")
    op.drop_table("care_without_plan")
    op.drop_index("ix_implementation_plans_unit_follow_up", table_name="implementation_plans")
    op.create_index("ix_implementation_plans_unit_follow_up", "implementation_plans", _FOLLOW_UP)
    op.drop_index("ix_executions_unit_dates", table_name="executions")
    op.create_index("ix_executions_unit_dates", "executions", _UNIT_DATES)
    op.drop_index("ix_executions_person_reach", table_name="executions")
    op.create_index("ix_executions_person_reach", "executions", _PERSON_REACH)
