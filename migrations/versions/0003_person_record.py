"""Person record: contact, addresses, settings, relation flags and the person change log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 19:05:00.000000

On SQLite the new columns are added with plain ALTER TABLE ... ADD COLUMN (their foreign keys
and checks written inline), never by copying the table: `persons` is referenced by most other
tables, and dropping it for a copy fails with foreign keys on once it holds data.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_GENDER_CHECK = "gender IN ('female', 'male')"
_TEMP_PERIOD_CHECK = (
    "temp_valid_to IS NULL OR temp_valid_from IS NULL OR temp_valid_to >= temp_valid_from"
)
_ONE_INVOICE_RECIPIENT = "is_invoice_recipient AND active"
_APPEND_ONLY_MESSAGE = "person_changes is append-only"


def _plain_person_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("language", sa.String(length=60), nullable=False, server_default=""),
        sa.Column("needs_interpreter", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("mobile_phone", sa.String(length=40), nullable=False, server_default=""),
        sa.Column("email", sa.String(length=254), nullable=False, server_default=""),
        sa.Column("door_code", sa.String(length=40), nullable=False, server_default=""),
        sa.Column("key_info", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("temp_street", sa.String(length=120), nullable=False, server_default=""),
        sa.Column("temp_postal_code", sa.String(length=10), nullable=False, server_default=""),
        sa.Column("temp_city", sa.String(length=80), nullable=False, server_default=""),
        sa.Column("temp_valid_from", sa.Date(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
    ]


def _relation_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("relation_type", sa.String(length=60), nullable=False, server_default=""),
        sa.Column("email", sa.String(length=254), nullable=False, server_default=""),
        sa.Column("notify_on_events", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("ended_on", sa.Date(), nullable=True),
    ]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for column in _plain_person_columns():
        op.add_column("persons", column)
    if sqlite:
        for ddl in (
            "gender VARCHAR(32) CONSTRAINT ck_persons_gender CHECK (" + _GENDER_CHECK + ")",
            "temp_valid_to DATE CONSTRAINT ck_persons_temp_address_period CHECK ("
            + _TEMP_PERIOD_CHECK
            + ")",
            "contact_user_id INTEGER CONSTRAINT fk_persons_contact_user_id_users "
            "REFERENCES users (id)",
            "changed_by_user_id INTEGER CONSTRAINT fk_persons_changed_by_user_id_users "
            "REFERENCES users (id)",
        ):
            op.execute(f"ALTER TABLE persons ADD COLUMN {ddl}")
    else:
        op.add_column("persons", sa.Column("gender", sa.String(length=32), nullable=True))
        op.add_column("persons", sa.Column("temp_valid_to", sa.Date(), nullable=True))
        op.add_column("persons", sa.Column("contact_user_id", sa.Integer(), nullable=True))
        op.add_column("persons", sa.Column("changed_by_user_id", sa.Integer(), nullable=True))
        op.create_check_constraint(op.f("ck_persons_gender"), "persons", _GENDER_CHECK)
        op.create_check_constraint(
            op.f("ck_persons_temp_address_period"), "persons", _TEMP_PERIOD_CHECK
        )
        op.create_foreign_key(
            op.f("fk_persons_contact_user_id_users"),
            "persons",
            "users",
            ["contact_user_id"],
            ["id"],
        )
        op.create_foreign_key(
            op.f("fk_persons_changed_by_user_id_users"),
            "persons",
            "users",
            ["changed_by_user_id"],
            ["id"],
        )

    for column in _relation_columns():
        op.add_column("relations", column)
    op.create_index(
        "ix_relations_one_invoice_recipient",
        "relations",
        ["person_id"],
        unique=True,
        sqlite_where=sa.text(_ONE_INVOICE_RECIPIENT),
        postgresql_where=sa.text(_ONE_INVOICE_RECIPIENT),
    )

    op.create_table(
        "person_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("relation_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_changes_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["relation_id"], ["relations.id"], name=op.f("fk_person_changes_relation_id_relations")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_person_changes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_changes")),
    )
    op.create_index(
        op.f("ix_person_changes_person_id"), "person_changes", ["person_id"], unique=False
    )
    _protect_person_changes()


def downgrade() -> None:
    _unprotect_person_changes()
    op.drop_index(op.f("ix_person_changes_person_id"), table_name="person_changes")
    op.drop_table("person_changes")
    op.drop_index("ix_relations_one_invoice_recipient", table_name="relations")

    if op.get_bind().dialect.name == "sqlite":
        # DROP COLUMN works for every column except the two with a foreign key; those need
        # the table copied, which SQLite only allows while no other table points at a row
        # (for a populated file, restore the backup taken before the upgrade instead).
        for name in [c.name for c in _relation_columns()]:
            op.execute(f"ALTER TABLE relations DROP COLUMN {name}")
        for name in ("temp_valid_to", "gender", *[c.name for c in _plain_person_columns()]):
            op.execute(f"ALTER TABLE persons DROP COLUMN {name}")
        with op.batch_alter_table("persons", recreate="always") as batch_op:
            batch_op.drop_column("changed_by_user_id")
            batch_op.drop_column("contact_user_id")
        return

    for column in _relation_columns():
        op.drop_column("relations", column.name)
    for name in (
        "changed_by_user_id",
        "contact_user_id",
        "temp_valid_to",
        "gender",
        *[c.name for c in _plain_person_columns()],
    ):
        op.drop_column("persons", name)


def _protect_person_changes() -> None:
    """Like the audit trail: the database refuses UPDATE and DELETE on the change log."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION person_changes_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{_APPEND_ONLY_MESSAGE}';
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER person_changes_no_change BEFORE UPDATE OR DELETE ON person_changes "
            "FOR EACH ROW EXECUTE FUNCTION person_changes_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER person_changes_no_{verb.lower()} BEFORE {verb} "
                f"ON person_changes BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY_MESSAGE}'); END"
            )


def _unprotect_person_changes() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS person_changes_no_change ON person_changes")
        op.execute("DROP FUNCTION IF EXISTS person_changes_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS person_changes_no_update")
        op.execute("DROP TRIGGER IF EXISTS person_changes_no_delete")
