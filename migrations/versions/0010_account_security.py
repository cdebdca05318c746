"""Account security (issue 9): a lockout time per user and the account events in the audit trail.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 03:00:00.000000

users.locked_until: after 5 failed logins in a row the account is locked until this moment.
unknown_login_names: the same count for user names that do not exist, so they lock alike; keyed
by a 16-bit bucket of the name's hash, never the name itself.
The audit trail's action check gains the account events: logout, lockout, the idle lock and its
unlock, password changes and the administrator's user and role changes.

SQLite cannot alter a CHECK constraint, so audit_events is rebuilt there (rows copied as they
are) and its indexes and triggers (the append-only guards, whatever migrations made them) are
created again from their own stored SQL. PostgreSQL swaps the constraint in place.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_CHECK = "ck_audit_events_audit_action"

_ACTIONS_BEFORE = (
    "login",
    "login_failed",
    "read_person",
    "read_assignment",
    "read_journal",
    "create",
    "update",
    "print",
    "export",
)
_ACCOUNT_ACTIONS = (
    "logout",
    "account_locked",
    "session_locked",
    "session_unlocked",
    "password_changed",
    "grant_role",
    "revoke_role",
    "deactivate_user",
    "reactivate_user",
)


def upgrade() -> None:
    # ALTER TABLE … ADD COLUMN: a batch rebuild of users would drop the triggers that keep
    # accounts from being deleted (migration 0008).
    op.add_column("users", sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "unknown_login_names",
        sa.Column("name_key", sa.String(length=4), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name_key", name=op.f("pk_unknown_login_names")),
    )
    _set_audit_actions(_ACTIONS_BEFORE + _ACCOUNT_ACTIONS)


def downgrade() -> None:
    # Fails (check violation) once account events exist: the trail is never cut to fit.
    _set_audit_actions(_ACTIONS_BEFORE)
    op.drop_table("unknown_login_names")
    # Plain DROP COLUMN on both backends (SQLite >= 3.35), as in 0005: no table copy.
    op.execute("ALTER TABLE users DROP COLUMN locked_until")


def _in_list(actions: tuple[str, ...]) -> str:
    return "action IN (" + ", ".join(f"'{action}'" for action in actions) + ")"


def _set_audit_actions(actions: tuple[str, ...]) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.execute(f"ALTER TABLE audit_events DROP CONSTRAINT {_CHECK}")
        op.execute(f"ALTER TABLE audit_events ADD CONSTRAINT {_CHECK} CHECK ({_in_list(actions)})")
        return
    rows = bind.exec_driver_sql(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'audit_events'"
    ).all()
    table_sql = next(sql for kind, _name, sql in rows if kind == "table")
    others = [sql for kind, _name, sql in rows if kind in ("index", "trigger") and sql]
    new_sql, replaced = re.subn(
        rf"CONSTRAINT {_CHECK} CHECK \(action IN \([^)]*\)\)",
        f"CONSTRAINT {_CHECK} CHECK ({_in_list(actions)})",
        table_sql,
    )
    if replaced != 1:
        raise RuntimeError("audit_events has no action check to replace")
    # After an earlier rebuild SQLite keeps the name quoted: CREATE TABLE "audit_events".
    new_sql = re.sub(
        r'^CREATE TABLE "?audit_events"?', "CREATE TABLE audit_events_rebuilt", new_sql, count=1
    )
    op.execute(new_sql)
    op.execute("INSERT INTO audit_events_rebuilt SELECT * FROM audit_events")
    op.execute("DROP TABLE audit_events")
    op.execute("ALTER TABLE audit_events_rebuilt RENAME TO audit_events")
    for sql in others:
        op.execute(sql)
