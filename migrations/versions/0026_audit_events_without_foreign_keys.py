"""The audit trail records ids as facts, without foreign keys (issue 8).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-03 09:10:00.000000

Every person shown in a list is audited, one event each: a search writes up to 200, a page of
a unit 250. Each event's user, unit and person were foreign keys, so the database checked
three references per event. On PostgreSQL a check is a trigger that looks up and share-locks
the referenced row: 600 lookups and row locks for one search, 80 % of the INSERT (measured on
the municipal demo: 200 events in 5.6 ms with the keys, 1.1 ms without), and every search by
one user share-locked that user's row.

The keys protected nothing the database does not already guarantee:
- persons and users are official records, never deleted (migration 0008: a trigger refuses
  DELETE, and the application's role has no DELETE privilege);
- org_units is read-only to the application's role (db/app_role.py);
- the application writes an event with ids it has just read in the same transaction.
The columns stay, and the index on person_id, which the log extract reads.

SQLite cannot drop a constraint: the table is rebuilt from its own definition with the three
keys left out (a copy of the rows: 37 s for the municipal demo's 2 million events), and
its indexes and append-only triggers are made again as 0001 made them.
"""

from __future__ import annotations

import re

from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

_TABLE = "audit_events"
# (constraint, column, referenced table), as 0001 named them.
_KEYS = (
    ("fk_audit_events_person_id_persons", "person_id", "persons"),
    ("fk_audit_events_unit_id_org_units", "unit_id", "org_units"),
    ("fk_audit_events_user_id_users", "user_id", "users"),
)
_INDEXES = (
    "CREATE INDEX ix_audit_events_occurred_at ON audit_events (occurred_at)",
    "CREATE INDEX ix_audit_events_person_id ON audit_events (person_id)",
)
_AUDIT_MESSAGE = "audit_events is append-only"
_TRIGGERS = tuple(
    f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{_AUDIT_MESSAGE}'); END"
    for verb in ("UPDATE", "DELETE")
)
# One foreign key clause of SQLite's stored definition, with the comma before it.
_KEY_CLAUSE = re.compile(
    r",\s*CONSTRAINT\s+\"?(fk_audit_events_\w+)\"?\s+FOREIGN\s+KEY\s*\(\s*\"?\w+\"?\s*\)\s*"
    r"REFERENCES\s+\"?\w+\"?\s*\(\s*\"?id\"?\s*\)",
    re.IGNORECASE,
)


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _sqlite_definition() -> str:
    found = op.get_bind().exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (_TABLE,)
    )
    definition = found.scalar_one()
    assert isinstance(definition, str)
    return definition


def _sqlite_rebuild(definition: str) -> None:
    """Replace the table by one of `definition` (its name aside), rows, indexes and
    triggers included."""
    body = definition[definition.index("(") :]
    op.execute(f"CREATE TABLE audit_events_rebuilt {body}")
    op.execute("INSERT INTO audit_events_rebuilt SELECT * FROM audit_events")
    # Dropping the table drops its indexes and triggers; DROP TABLE fires no DELETE trigger.
    op.execute("DROP TABLE audit_events")
    op.execute("ALTER TABLE audit_events_rebuilt RENAME TO audit_events")
    for statement in (*_INDEXES, *_TRIGGERS):
        op.execute(statement)


def upgrade() -> None:
    if _is_postgresql():
        for name, _column, _referred in _KEYS:
            op.drop_constraint(name, _TABLE, type_="foreignkey")
        return
    definition = _sqlite_definition()
    without_keys, removed = _KEY_CLAUSE.subn("", definition)
    if removed != len(_KEYS):
        raise RuntimeError(f"audit_events has {removed} of its 3 foreign keys; not rebuilt")
    _sqlite_rebuild(without_keys)


def downgrade() -> None:
    if _is_postgresql():
        for name, column, referred in _KEYS:
            op.create_foreign_key(name, _TABLE, referred, [column], ["id"])
        return
    definition = _sqlite_definition()
    keys = "".join(
        f", CONSTRAINT {name} FOREIGN KEY({column}) REFERENCES {referred} (id)"
        for name, column, referred in _KEYS
    )
    primary_key = re.search(
        r"CONSTRAINT\s+\"?pk_audit_events\"?\s+PRIMARY\s+KEY\s*\([^)]*\)", definition
    )
    if primary_key is None:
        raise RuntimeError("audit_events has no primary key clause; not rebuilt")
    end = primary_key.end()
    _sqlite_rebuild(definition[:end] + keys + definition[end:])
