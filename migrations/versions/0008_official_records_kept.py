"""Official records are never deleted, and the append-only logs are never truncated (issue 9).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 03:00:00.000000

0001 and 0003 made audit_events and person_changes refuse UPDATE and DELETE row by row. That
left PostgreSQL's TRUNCATE, which fires no row trigger, and every other official record
(cases, decisions, interventions, assignments and their items, executions, messages and their
recipients, persons, relations, users), which could be deleted. The database now refuses:

- DELETE on every official record (SQLite and PostgreSQL, a row trigger), and
- TRUNCATE on all of them, the append-only logs included (PostgreSQL, a statement trigger;
  SQLite has no TRUNCATE, and its DELETE without WHERE fires the row triggers).

Rows the application legitimately changes (a status, an end date, a read mark, an ended
relation, a deactivated user) stay updatable: only the two logs refuse UPDATE.

The application's own PostgreSQL role additionally lacks the DELETE and TRUNCATE privileges
and does not own the tables, so it can neither disable nor drop these triggers
(db/app_role.py, docs/security.md).
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Kept here, not imported: a migration states the schema of its own time.
# db/app_role.OFFICIAL_RECORDS must list the same tables (tests/db/test_official_records.py).
OFFICIAL_RECORDS = (
    "cases",
    "decisions",
    "interventions",
    "assignments",
    "assignment_items",
    "executions",
    "messages",
    "message_recipients",
    "persons",
    "relations",
    "users",
    "person_changes",
    "audit_events",
)
# Their row triggers against UPDATE and DELETE come from 0001 and 0003.
APPEND_ONLY = ("person_changes", "audit_events")

_MESSAGE = "official records are never deleted"


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if _is_postgresql():
        op.execute(
            f"""
            CREATE FUNCTION official_record_refuse() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '% on % refused: {_MESSAGE}', TG_OP, TG_TABLE_NAME;
            END;
            $$ LANGUAGE plpgsql
            """
        )
        for table in OFFICIAL_RECORDS:
            if table not in APPEND_ONLY:
                op.execute(
                    f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION official_record_refuse()"
                )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION official_record_refuse()"
            )
        return
    for table in OFFICIAL_RECORDS:
        if table not in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'DELETE on {table} refused: {_MESSAGE}'); END"
            )


def downgrade() -> None:
    postgresql = _is_postgresql()
    for table in OFFICIAL_RECORDS:
        on_table = f" ON {table}" if postgresql else ""
        if table not in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete{on_table}")
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate{on_table}")
    if postgresql:
        op.execute("DROP FUNCTION IF EXISTS official_record_refuse()")
