"""Housing: boendeobjekt, boendekontrakt and korttidsplatser (issue 13).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 10:00:00.000000

Objects and contracts are official records: DELETE is refused row by row on both backends
and TRUNCATE on PostgreSQL (official_record_refuse() exists since 0008), as in 0015. An object
holds at most one open-ended contract (a partial unique index on both backends); overlapping
dated contracts are refused by the service.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

# Kept here, not imported: db/app_role.OFFICIAL_RECORDS lists the same tables.
TABLES = ("housing_objects", "housing_contracts")
_MESSAGE = "official records are never deleted"

_reasons = sa.table(
    "contract_end_reasons",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("sort_order", sa.Integer),
    sa.column("active", sa.Boolean),
)
# (code, Swedish text) in the order the dialog offers them.
CONTRACT_END_REASONS: tuple[tuple[str, str], ...] = (
    ("object_change", "Byte av objekt"),
    ("moved_other_housing", "Flyttat till annat boende"),
    ("moved_home", "Flyttat hem"),
    ("short_term_ended", "Korttidsvistelsen avslutad"),
    ("deceased", "Avliden"),
    ("own_wish", "Eget önskemål"),
    ("other", "Övrigt"),
)


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        "contract_end_reasons",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_contract_end_reasons")),
    )
    op.bulk_insert(
        _reasons,
        [
            {"code": code, "name": name, "sort_order": order, "active": True}
            for order, (code, name) in enumerate(CONTRACT_END_REASONS)
        ],
    )
    op.create_table(
        "housing_objects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column(
            "kind", _enum("housing_kind", "apartment", "room", "short_term_place"), nullable=False
        ),
        sa.Column("retired_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["org_units.id"], name=op.f("fk_housing_objects_unit_id_org_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_objects")),
        sa.UniqueConstraint("unit_id", "label", name=op.f("uq_housing_objects_unit_id")),
    )
    op.create_index(op.f("ix_housing_objects_unit_id"), "housing_objects", ["unit_id"])
    op.create_table(
        "housing_contracts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("contract_kind", "rental", "short_term"), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("notice_on", sa.Date(), nullable=True),
        sa.Column("move_out_on", sa.Date(), nullable=True),
        sa.Column("end_reason_code", sa.String(length=32), nullable=False),
        sa.Column("replaces_contract_id", sa.Integer(), nullable=True),
        sa.Column("created_by_user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_by_user_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "move_out_on IS NULL OR move_out_on >= start_date",
            name=op.f("ck_housing_contracts_period"),
        ),
        sa.CheckConstraint(
            "notice_on IS NULL OR move_out_on IS NULL OR move_out_on >= notice_on",
            name=op.f("ck_housing_contracts_notice_first"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_housing_contracts_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["object_id"],
            ["housing_objects.id"],
            name=op.f("fk_housing_contracts_object_id_housing_objects"),
        ),
        sa.ForeignKeyConstraint(
            ["replaces_contract_id"],
            ["housing_contracts.id"],
            name=op.f("fk_housing_contracts_replaces_contract_id_housing_contracts"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_housing_contracts_created_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["ended_by_user_id"],
            ["users.id"],
            name=op.f("fk_housing_contracts_ended_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_contracts")),
    )
    op.create_index(
        "uq_housing_contracts_open_object",
        "housing_contracts",
        ["object_id"],
        unique=True,
        sqlite_where=sa.text("move_out_on IS NULL"),
        postgresql_where=sa.text("move_out_on IS NULL"),
    )
    op.create_index("ix_housing_contracts_person", "housing_contracts", ["person_id", "start_date"])
    op.create_index("ix_housing_contracts_object", "housing_contracts", ["object_id", "start_date"])
    postgresql = _is_postgresql()
    for table in TABLES:
        if postgresql:
            op.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION official_record_refuse()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION official_record_refuse()"
            )
        else:
            op.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'DELETE on {table} refused: {_MESSAGE}'); END"
            )


def downgrade() -> None:
    # Dropping a table drops its triggers with it.
    op.drop_table("housing_contracts")
    op.drop_table("housing_objects")
    op.drop_table("contract_end_reasons")
