"""PostgreSQL least privilege: the application connects as its own role, not as the owner.

The owner (who runs `db upgrade`) owns the schema, the tables and their triggers. The
application's role gets only what the workstations need, table by table (TABLE_RIGHTS):
SELECT everywhere, INSERT and UPDATE where the application writes, INSERT alone on the
append-only logs, DELETE only on the tables that are not official records, and the use of
the id sequences. It gets no TRUNCATE, no TRIGGER, no REFERENCES, no CREATE on the schema
and owns nothing, so it can neither delete official records nor disable, drop or replace the
triggers that refuse it (migration 0008), nor drop the schema.

`create_app_role_sql` is the SQL `treserva-desktop db create-app-role NAME` runs (or prints,
with --sql, for a database administrator); `db upgrade` re-applies the grants to every role
recorded in app_settings, so tables added by a new version are covered. docs/security.md
shows the SQL.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from sqlalchemy import Connection, text

from treserva_desktop.domain.errors import DomainError

log = logging.getLogger(__name__)

APP_ROLES_KEY = "app_roles"

# Official records: the database refuses DELETE (and TRUNCATE) on them (migration 0008),
# whichever role asks; the same list as in the migration.
OFFICIAL_RECORDS: tuple[str, ...] = (
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
    # Genomförandeplaner (migration 0015).
    "implementation_plans",
    "implementation_plan_goals",
    "implementation_plan_activities",
    "implementation_plan_follow_ups",
    # Genomförandejournaler (migration 0017); journal_entry_keywords is not listed: the
    # keywords of an unlocked note are replaced on each save (its triggers refuse it after).
    "journals",
    "journal_entries",
    "journal_entry_versions",
    # Corrections, HSL openings and disclosures (migration 0018): append-only.
    "journal_corrections",
    "hsl_openings",
    "journal_disclosures",
    # Housing objects and contracts (migration 0020).
    "housing_objects",
    "housing_contracts",
    # Avvikelser and their history (migration 0022).
    "deviations",
    "deviation_events",
)
# Refuse UPDATE too (migrations 0001, 0003 and 0022).
APPEND_ONLY: tuple[str, ...] = ("person_changes", "audit_events", "deviation_events")

READ = "SELECT"
APPEND = "SELECT, INSERT"
WRITE = "SELECT, INSERT, UPDATE"
WRITE_AND_REMOVE = "SELECT, INSERT, UPDATE, DELETE"

# Every table the application has, with what its role may do there. A new table gets an
# entry here (tests/db/test_app_role.py fails until it has one); tables of the database not
# listed get WRITE.
TABLE_RIGHTS: dict[str, str] = {
    # Set by `db upgrade` and `demo`, which run as the owner.
    "alembic_version": READ,
    "app_settings": READ,
    "billing_areas": READ,
    "intervention_types": READ,
    "org_units": READ,
    "reveal_reasons": READ,
    "end_reasons": READ,
    # Append-only logs.
    "audit_events": APPEND,
    "person_changes": APPEND,
    # Why a protected identity was shown: the comment a user wrote (migration 0011).
    "reveal_comments": APPEND,
    # Official records: written and updated (status, end date, read mark), never deleted.
    "cases": WRITE,
    "decisions": WRITE,
    "interventions": WRITE,
    "assignments": WRITE,
    "assignment_items": WRITE,
    "executions": WRITE,
    "messages": WRITE,
    "message_recipients": WRITE,
    "persons": WRITE,
    "relations": WRITE,
    "users": WRITE,
    # Genomförandeplaner (migration 0015): a plan is followed up and ended, never deleted; its
    # goals, activities and follow-ups are only ever added.
    "implementation_plans": WRITE,
    "implementation_plan_goals": APPEND,
    "implementation_plan_activities": APPEND,
    "implementation_plan_follow_ups": APPEND,
    # Genomförandejournaler (migration 0017): a journal is closed and a note saved, signed
    # and locked, never deleted; a note's versions are only ever added; its keywords are
    # replaced while it is unlocked (triggers refuse it once locked).
    "journals": WRITE,
    "journal_entries": WRITE,
    "journal_entry_versions": APPEND,
    "journal_entry_keywords": "SELECT, INSERT, DELETE",
    # Rättningar, HSL openings and disclosure bases (migration 0018): only ever added.
    "journal_corrections": APPEND,
    "hsl_openings": APPEND,
    "journal_disclosures": APPEND,
    # A user's own list and a user's grants: not records of care; a change of grants is
    # audited.
    "my_persons": WRITE_AND_REMOVE,
    # Failed logins per bucket of unknown user names (migration 0010): counters, not records.
    "unknown_login_names": WRITE,
    "role_assignments": WRITE_AND_REMOVE,
    # Care without a plan (migration 0025): derived, kept by the database's triggers on
    # executions and implementation_plans, which run as the writing role; a plan removes
    # the pair's row.
    "care_without_plan": WRITE_AND_REMOVE,
    # Avslutsorsaker of boservice cases: a code list (migration 0014).
    "case_close_reasons": READ,
    # Ta bort ur mapp / Visa i mapp igen: an append-only log per user (migration 0014).
    "not_current_removals": APPEND,
    # Housing (migration 0020): objects are retired and contracts ended, never deleted; the
    # reasons a contract ends are a code list.
    "housing_objects": WRITE,
    "housing_contracts": WRITE,
    # Avvikelser (migration 0022): handled step by step, never deleted; their history is
    # append-only; the deviation types are a code list.
    "deviation_types": READ,
    "deviations": WRITE,
    "deviation_events": APPEND,
    "contract_end_reasons": READ,
    # Live updates on SQLite (migration 0021): a technical log of change kinds and ids, not a
    # record; each writer prunes the rows older than its window.
    "change_log": "SELECT, INSERT, DELETE",
}

_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class AppRoleError(DomainError):
    """The application role cannot be created or granted its rights."""


def checked_role_name(name: str) -> str:
    """A role name safe to put in SQL unquoted: lower-case letters, digits and _."""
    if not _ROLE_NAME.fullmatch(name) or name.startswith("pg_"):
        raise AppRoleError(
            "Rollnamnet får bara innehålla små bokstäver a–z, siffror och _, börja med en "
            "bokstav eller _ och vara högst 63 tecken (inte pg_…)."
        )
    return name


def _quoted_database(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def grant_sql(role: str, tables: Iterable[str]) -> list[str]:
    """Statements giving `role` exactly its rights on `tables` (all earlier rights revoked)."""
    role = checked_role_name(role)
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}",
        f"REVOKE ALL ON SCHEMA public FROM {role}",
        f"GRANT USAGE ON SCHEMA public TO {role}",
    ]
    statements += [
        f"GRANT {TABLE_RIGHTS.get(table, WRITE)} ON {table} TO {role}" for table in sorted(tables)
    ]
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
    return statements


def create_app_role_sql(role: str, database: str, tables: Iterable[str]) -> list[str]:
    """Create the login role (without a password: set it with psql's \\password, which sends
    only a SCRAM verifier) and grant it its rights in `database`."""
    role = checked_role_name(role)
    return [
        f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS",
        # Before PostgreSQL 15 every role may create tables in public.
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {_quoted_database(database)} TO {role}",
        *grant_sql(role, tables),
    ]


def record_role_sql(role: str) -> str:
    """The INSERT that lets `db upgrade` find the role (for SQL run by hand)."""
    role = checked_role_name(role)
    return (
        f"INSERT INTO app_settings (key, value) VALUES ('{APP_ROLES_KEY}', '{role}') "
        "ON CONFLICT (key) DO UPDATE SET value = app_settings.value || ',' || EXCLUDED.value "
        f"WHERE position(',{role},' in ',' || app_settings.value || ',') = 0"
    )


def application_tables(connection: Connection) -> list[str]:
    """The tables of the public schema (the application's, alembic's included)."""
    return list(
        connection.scalars(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        )
    )


def recorded_roles(connection: Connection) -> list[str]:
    value = connection.scalar(
        text("SELECT value FROM app_settings WHERE key = :key"), {"key": APP_ROLES_KEY}
    )
    return [name for name in (value or "").split(",") if name]


def _record_role(connection: Connection, role: str) -> None:
    roles = recorded_roles(connection)
    if role in roles:
        return
    value = ",".join([*roles, role])
    if roles:
        connection.execute(
            text("UPDATE app_settings SET value = :value WHERE key = :key"),
            {"value": value, "key": APP_ROLES_KEY},
        )
    else:
        connection.execute(
            text("INSERT INTO app_settings (key, value) VALUES (:key, :value)"),
            {"value": value, "key": APP_ROLES_KEY},
        )


def role_exists(connection: Connection, role: str) -> bool:
    return bool(
        connection.scalar(text("SELECT count(*) FROM pg_roles WHERE rolname = :r"), {"r": role})
    )


def ensure_owner(connection: Connection) -> None:
    """Schema changes and grants are for the tables' owner; refuse the application's role with
    a Swedish explanation instead of a permission error half-way."""
    owner = connection.scalar(
        text(
            "SELECT tableowner FROM pg_tables "
            "WHERE schemaname = 'public' AND tablename = 'alembic_version'"
        )
    )
    if owner is None:
        return  # a new database: whoever may create tables in it becomes their owner
    is_owner = connection.scalar(
        text("SELECT pg_has_role(current_user, :owner, 'MEMBER')"), {"owner": owner}
    )
    if not is_owner:
        raise AppRoleError(
            "Schemat uppgraderas och behörigheter delas ut av databasens ägare "
            f"({owner}), inte av programmets egen roll. Kör kommandot med ägarens "
            "databasadress (se docs/security.md)."
        )


def create_app_role(connection: Connection, role: str) -> bool:
    """Create `role` (unless it exists) with the application's rights and record it, so
    `db upgrade` keeps its grants current. True when the role was created now."""
    role = checked_role_name(role)
    ensure_owner(connection)
    tables = application_tables(connection)
    if "app_settings" not in tables:
        raise AppRoleError(
            "Databasen har inget schema ännu. Kör treserva-desktop db upgrade först."
        )
    database = connection.scalar(text("SELECT current_database()"))
    created = not role_exists(connection, role)
    statements = create_app_role_sql(role, database, tables)
    if not created:
        statements = [s for s in statements if not s.startswith("CREATE ROLE")]
    for statement in statements:
        connection.exec_driver_sql(statement)
    _record_role(connection, role)
    log.info("application role granted its rights (created: %s)", created)
    return created


def regrant_app_roles(connection: Connection) -> list[str]:
    """After an upgrade: give every recorded application role exactly its rights on every
    table, new ones included. Returns the roles granted (recorded roles since dropped are
    skipped)."""
    tables = application_tables(connection)
    if "app_settings" not in tables:
        return []
    granted = []
    for role in recorded_roles(connection):
        if not role_exists(connection, role):
            log.warning("a recorded application role no longer exists; skipped")
            continue
        for statement in grant_sql(role, tables):
            connection.exec_driver_sql(statement)
        granted.append(role)
    return granted
