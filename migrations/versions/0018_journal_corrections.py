"""Corrections of locked journal notes (W7), openings of HSL journals (W13) and the recorded
basis for disclosing a journal (consent or menprövning), all append-only (issue 11).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 10:10:00.000000

A correction never changes the note: it names a character range of the locked body, keeps the
original text beside the replacement, and says who, when and why. Like the HSL openings and the
disclosures it is an official record that the database refuses to UPDATE, DELETE or TRUNCATE,
on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

# Kept here, not imported: db/app_role.OFFICIAL_RECORDS lists the same tables.
TABLES = ("journal_corrections", "hsl_openings", "journal_disclosures")
_MESSAGE = "journal corrections, HSL openings and disclosures are append-only"


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _user(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"))


def _journal(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["journal_id"], ["journals.id"], name=op.f(f"fk_{table}_journal_id_journals")
    )


def _create_tables() -> None:
    op.create_table(
        "journal_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("original_text", sa.Text(), nullable=False),
        sa.Column("replacement_text", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("corrected_by", sa.Integer(), nullable=False),
        sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "start_offset >= 0 AND end_offset > start_offset",
            name=op.f("ck_journal_corrections_range"),
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["journal_entries.id"],
            name=op.f("fk_journal_corrections_entry_id_journal_entries"),
        ),
        _user("corrected_by", "journal_corrections"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_corrections")),
    )
    op.create_index(op.f("ix_journal_corrections_entry_id"), "journal_corrections", ["entry_id"])
    op.create_table(
        "hsl_openings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journal_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("licensed_colleague", sa.String(length=200), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        _journal("hsl_openings"),
        _user("user_id", "hsl_openings"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hsl_openings")),
    )
    op.create_index(
        "ix_hsl_openings_journal_user", "hsl_openings", ["journal_id", "user_id", "opened_at"]
    )
    op.create_table(
        "journal_disclosures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journal_id", sa.Integer(), nullable=False),
        sa.Column(
            "basis",
            sa.Enum(
                "consent",
                "harm_assessment",
                name="disclosure_basis",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        _journal("journal_disclosures"),
        _user("decided_by", "journal_disclosures"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_disclosures")),
    )
    op.create_index(
        op.f("ix_journal_disclosures_journal_id"), "journal_disclosures", ["journal_id"]
    )


def _protect() -> None:
    for table in TABLES:
        if _is_postgresql():
            for event in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION official_record_refuse()"
                )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION official_record_refuse()"
            )
            continue
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{event} on {table} refused: {_MESSAGE}'); END"
            )


def upgrade() -> None:
    _create_tables()
    _protect()


def downgrade() -> None:
    # Dropping a table drops its triggers with it (an official record's data goes only with
    # a downgrade, which the owner runs deliberately).
    for table in reversed(TABLES):
        op.drop_table(table)
