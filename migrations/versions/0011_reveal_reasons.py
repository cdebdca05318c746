"""Reveal reasons as a code list, and the optional comment kept outside the audit events.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 03:20:00.000000

Opening a protected identity's address and contact data used to store the typed reason
verbatim in the audit event's details. The reason is now a code from `reveal_reasons`; a short
comment, when the user adds one, goes to `reveal_comments` (append-only, like the audit trail)
and the event names its id.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_reveal_reasons = sa.table(
    "reveal_reasons",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("sort_order", sa.Integer),
    sa.column("active", sa.Boolean),
)

# (code, Swedish text) in the order the dialog offers them.
REVEAL_REASONS: tuple[tuple[str, str], ...] = (
    ("care_visit", "Besök eller insats i hemmet"),
    ("care_planning", "Kallelse till vårdplanering eller möte"),
    ("contact_person", "Kontakt med personen eller närstående"),
    ("emergency", "Akut situation"),
    ("invoicing", "Avgift eller fakturering"),
    ("documentation", "Dokumentation eller utskrift av handling"),
    ("data_correction", "Rättelse av uppgifter"),
    ("other", "Annat skäl (ange kommentar)"),
)

_COMMENT_MESSAGE = "reveal_comments is append-only"


def upgrade() -> None:
    op.create_table(
        "reveal_reasons",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_reveal_reasons")),
    )
    op.bulk_insert(
        _reveal_reasons,
        [
            {"code": code, "name": name, "sort_order": index, "active": True}
            for index, (code, name) in enumerate(REVEAL_REASONS)
        ],
    )
    op.create_table(
        "reveal_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("reason_code", sa.String(length=32), nullable=False),
        sa.Column("comment", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_reveal_comments_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["reason_code"],
            ["reveal_reasons.code"],
            name=op.f("fk_reveal_comments_reason_code_reveal_reasons"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_reveal_comments_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reveal_comments")),
    )
    with op.batch_alter_table("reveal_comments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reveal_comments_person_id"), ["person_id"], unique=False
        )
    _protect_comments()


def downgrade() -> None:
    _unprotect_comments()
    with op.batch_alter_table("reveal_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reveal_comments_person_id"))
    op.drop_table("reveal_comments")
    op.drop_table("reveal_reasons")


def _protect_comments() -> None:
    """A comment an audit event refers to is as permanent as the event."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION reveal_comments_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{_COMMENT_MESSAGE}';
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER reveal_comments_no_change BEFORE UPDATE OR DELETE ON reveal_comments "
            "FOR EACH ROW EXECUTE FUNCTION reveal_comments_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER reveal_comments_no_{verb.lower()} BEFORE {verb} "
                f"ON reveal_comments BEGIN SELECT RAISE(ABORT, '{_COMMENT_MESSAGE}'); END"
            )


def _unprotect_comments() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS reveal_comments_no_change ON reveal_comments")
        op.execute("DROP FUNCTION IF EXISTS reveal_comments_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS reveal_comments_no_update")
        op.execute("DROP TRIGGER IF EXISTS reveal_comments_no_delete")
