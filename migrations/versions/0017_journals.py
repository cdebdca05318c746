"""Genomförandejournaler: journals, their notes, every saved version of a note and the
keywords of its current version (issue 11).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 09:40:00.000000

A note is written and saved by its author until it is locked: when the author signs it, or
when its lock time (lock_due_at) has passed. After that nobody changes its text, place or time,
and the database itself refuses it, whatever SQL is sent:

- journals, journal_entries and journal_entry_versions are official records: DELETE refused
  row by row on both backends and TRUNCATE on PostgreSQL (0008's official_record_refuse());
- journal_entry_versions is append-only: UPDATE refused;
- a closed journal stays closed: closed_at goes only from NULL to a value;
- a locked note (locked_at set, or the update's saved_at at or past lock_due_at) keeps its
  heading, body, event_at and unit_id; its lock and signature stay as they are; what a note
  is (journal, author, role, creation, lock time, the note it answers) never changes;
- journal_entry_keywords may be replaced while the note is unlocked and not touched after.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# Kept here, not imported: db/app_role.OFFICIAL_RECORDS lists the same tables.
OFFICIAL = ("journals", "journal_entries", "journal_entry_versions")
TABLES = (*OFFICIAL, "journal_entry_keywords")
_DELETED = "official records are never deleted"
_VERSIONS = "journal_entry_versions is append-only"
_CLOSED = "a closed journal stays closed"
_LOCKED = "a locked journal note is never changed"
_FIXED = "what a journal note is never changes"
_KEYWORDS = "the keywords of a locked journal note are never changed"

_ROLES = (
    "care_staff",
    "coordinator",
    "group_manager",
    "operations_manager",
    "needs_assessor",
    "nurse",
    "administrator",
)


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _create_tables() -> None:
    op.create_table(
        "journals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "social",
                "hsl",
                name="journal_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("template_code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_journals_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_units.id"], name=op.f("fk_journals_unit_id_org_units")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_journals_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["closed_by"], ["users.id"], name=op.f("fk_journals_closed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journals")),
    )
    op.create_index("ix_journals_person_unit", "journals", ["person_id", "unit_id", "created_at"])
    op.create_table(
        "journal_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journal_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column(
            "author_role",
            sa.Enum(
                *_ROLES,
                name="role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("heading", sa.String(length=200), nullable=False),
        sa.Column("event_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lock_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed", sa.Boolean(), nullable=False),
        sa.Column("objection_to_entry_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["journal_id"], ["journals.id"], name=op.f("fk_journal_entries_journal_id_journals")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_journal_entries_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_units.id"], name=op.f("fk_journal_entries_unit_id_org_units")
        ),
        sa.ForeignKeyConstraint(
            ["objection_to_entry_id"],
            ["journal_entries.id"],
            name=op.f("fk_journal_entries_objection_to_entry_id_journal_entries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entries")),
    )
    op.create_index(
        "ix_journal_entries_journal_event", "journal_entries", ["journal_id", "event_at", "id"]
    )
    op.create_index(
        "ix_journal_entries_journal_author",
        "journal_entries",
        ["journal_id", "author_id", "event_at", "id"],
    )
    op.create_index(
        "ix_journal_entries_objection_to_entry_id", "journal_entries", ["objection_to_entry_id"]
    )
    op.create_table(
        "journal_entry_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("version_no", sa.Integer(), nullable=False),
        sa.Column("heading", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("event_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["journal_entries.id"],
            name=op.f("fk_journal_entry_versions_entry_id_journal_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["saved_by"], ["users.id"], name=op.f("fk_journal_entry_versions_saved_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entry_versions")),
        sa.UniqueConstraint(
            "entry_id", "version_no", name=op.f("uq_journal_entry_versions_entry_id")
        ),
    )
    op.create_table(
        "journal_entry_keywords",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("keyword", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["journal_entries.id"],
            name=op.f("fk_journal_entry_keywords_entry_id_journal_entries"),
        ),
        sa.PrimaryKeyConstraint("entry_id", "keyword", name=op.f("pk_journal_entry_keywords")),
    )
    op.create_index(
        "ix_journal_entry_keywords_keyword", "journal_entry_keywords", ["keyword", "entry_id"]
    )


# A change of a note's text, place or time (the columns a lock freezes).
_TEXT_CHANGED = (
    "NEW.heading {ne} OLD.heading OR NEW.body {ne} OLD.body "
    "OR NEW.event_at {ne} OLD.event_at OR NEW.unit_id {ne} OLD.unit_id"
)
_LOCKED_BEFORE = "OLD.locked_at IS NOT NULL OR NEW.saved_at >= OLD.lock_due_at"
_LOCK_CHANGED = (
    "OLD.locked_at IS NOT NULL AND (NEW.locked_at {ne} OLD.locked_at OR NEW.signed {ne} OLD.signed)"
)
_IDENTITY_CHANGED = (
    "NEW.journal_id {ne} OLD.journal_id OR NEW.author_id {ne} OLD.author_id "
    "OR NEW.author_role {ne} OLD.author_role OR NEW.created_at {ne} OLD.created_at "
    "OR NEW.lock_due_at {ne} OLD.lock_due_at "
    "OR NEW.objection_to_entry_id {ne} OLD.objection_to_entry_id"
)
_REOPENED = (
    "OLD.closed_at IS NOT NULL "
    "AND (NEW.closed_at {ne} OLD.closed_at OR NEW.closed_by {ne} OLD.closed_by)"
)
_ENTRY_LOCKED = "EXISTS (SELECT 1 FROM journal_entries e WHERE e.id = {row}.entry_id AND e.locked_at IS NOT NULL)"


def _protect_sqlite() -> None:
    def trigger(name: str, event: str, table: str, message: str, when: str = "") -> None:
        condition = f" WHEN {when}" if when else ""
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {event} ON {table}{condition} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )

    for table in OFFICIAL:
        trigger(f"{table}_no_delete", "DELETE", table, f"DELETE on {table} refused: {_DELETED}")
    trigger("journal_entry_versions_no_update", "UPDATE", "journal_entry_versions", _VERSIONS)
    trigger("journals_closed_kept", "UPDATE", "journals", _CLOSED, _REOPENED.format(ne="IS NOT"))
    text_changed = _TEXT_CHANGED.format(ne="IS NOT")
    trigger(
        "journal_entries_locked_text",
        "UPDATE",
        "journal_entries",
        _LOCKED,
        f"({text_changed}) AND ({_LOCKED_BEFORE})",
    )
    trigger(
        "journal_entries_lock_kept",
        "UPDATE",
        "journal_entries",
        _LOCKED,
        _LOCK_CHANGED.format(ne="IS NOT"),
    )
    trigger(
        "journal_entries_identity_kept",
        "UPDATE",
        "journal_entries",
        _FIXED,
        _IDENTITY_CHANGED.format(ne="IS NOT"),
    )
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        trigger(
            f"journal_entry_keywords_locked_{event.lower()}",
            event,
            "journal_entry_keywords",
            _KEYWORDS,
            _ENTRY_LOCKED.format(row=row),
        )
        if event == "UPDATE":
            # An update could also move a keyword onto a locked note.
            trigger(
                "journal_entry_keywords_locked_update_old",
                event,
                "journal_entry_keywords",
                _KEYWORDS,
                _ENTRY_LOCKED.format(row="OLD"),
            )


def _protect_postgresql() -> None:
    ne = "IS DISTINCT FROM"
    op.execute(
        f"""
        CREATE FUNCTION journal_entry_versions_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '{_VERSIONS}';
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION journals_closed_kept() RETURNS trigger AS $$
        BEGIN
            IF {_REOPENED.format(ne=ne)} THEN
                RAISE EXCEPTION '{_CLOSED}';
            END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION journal_entries_guard() RETURNS trigger AS $$
        BEGIN
            IF ({_TEXT_CHANGED.format(ne=ne)}) AND ({_LOCKED_BEFORE}) THEN
                RAISE EXCEPTION '{_LOCKED}';
            END IF;
            IF {_LOCK_CHANGED.format(ne=ne)} THEN
                RAISE EXCEPTION '{_LOCKED}';
            END IF;
            IF {_IDENTITY_CHANGED.format(ne=ne)} THEN
                RAISE EXCEPTION '{_FIXED}';
            END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        f"""
        CREATE FUNCTION journal_entry_keywords_guard() RETURNS trigger AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') AND {_ENTRY_LOCKED.format(row="OLD")} THEN
                RAISE EXCEPTION '{_KEYWORDS}';
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') AND {_ENTRY_LOCKED.format(row="NEW")} THEN
                RAISE EXCEPTION '{_KEYWORDS}';
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
        """
    )
    for table in OFFICIAL:
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION official_record_refuse()"
        )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION official_record_refuse()"
        )
    for name, table, function in (
        (
            "journal_entry_versions_no_update",
            "journal_entry_versions",
            "journal_entry_versions_append_only",
        ),
        ("journals_closed_kept", "journals", "journals_closed_kept"),
        ("journal_entries_guard", "journal_entries", "journal_entries_guard"),
    ):
        op.execute(
            f"CREATE TRIGGER {name} BEFORE UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()"
        )
    op.execute(
        "CREATE TRIGGER journal_entry_keywords_guard "
        "BEFORE INSERT OR UPDATE OR DELETE ON journal_entry_keywords "
        "FOR EACH ROW EXECUTE FUNCTION journal_entry_keywords_guard()"
    )


def upgrade() -> None:
    _create_tables()
    if _is_postgresql():
        _protect_postgresql()
    else:
        _protect_sqlite()


def downgrade() -> None:
    # Dropping a table drops its triggers with it (an official record's data goes only with
    # a downgrade, which the owner runs deliberately).
    for table in reversed(TABLES):
        op.drop_table(table)
    if _is_postgresql():
        for function in (
            "journal_entry_keywords_guard",
            "journal_entries_guard",
            "journals_closed_kept",
            "journal_entry_versions_append_only",
        ):
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
