"""Code lists: intervention types (insatser) and billing areas (debiteringsområden).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 18:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Lightweight table stubs: a migration must not depend on the current ORM models.
_intervention_types = sa.table(
    "intervention_types",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("business_area", sa.String),
    sa.column("requires_time", sa.Boolean),
)
_billing_areas = sa.table(
    "billing_areas",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
)

# (code, name, business area value, whether time is allotted)
INTERVENTION_TYPES: tuple[tuple[str, str, str, bool], ...] = (
    ("personal_care", "Personlig omvårdnad", "home_care", True),
    ("service", "Service", "home_care", True),
    ("safety_alarm", "Trygghetslarm", "home_care", False),
    ("meal_delivery", "Matdistribution", "home_care", False),
    ("escort", "Ledsagning", "home_care", True),
    ("relief", "Avlösning", "home_care", True),
    ("day_activity", "Dagverksamhet", "home_care", False),
    ("special_housing", "Särskilt boende", "nursing_home", False),
    ("short_term_stay", "Korttidsvistelse", "short_term", False),
    ("respite_care", "Växelvård", "short_term", False),
)

BILLING_AREAS: tuple[tuple[str, str], ...] = (
    ("HT-N", "Hemtjänst Norr"),
    ("HT-S", "Hemtjänst Söder"),
    ("HT-C", "Hemtjänst Centrum"),
    ("SÄBO", "Särskilt boende"),
    ("KORT", "Korttidsboende"),
)


def upgrade() -> None:
    op.bulk_insert(
        _intervention_types,
        [
            {"code": code, "name": name, "business_area": area, "requires_time": requires_time}
            for code, name, area, requires_time in INTERVENTION_TYPES
        ],
    )
    op.bulk_insert(
        _billing_areas,
        [{"code": code, "name": name} for code, name in BILLING_AREAS],
    )


def downgrade() -> None:
    # Rows still referred to (demo or real data) stay; 0001's downgrade drops the tables anyway.
    interventions = sa.table("interventions", sa.column("type_code", sa.String))
    persons = sa.table("persons", sa.column("billing_area_code", sa.String))
    op.execute(
        _billing_areas.delete().where(
            _billing_areas.c.code.in_([code for code, _ in BILLING_AREAS]),
            ~sa.exists().where(persons.c.billing_area_code == _billing_areas.c.code),
        )
    )
    op.execute(
        _intervention_types.delete().where(
            _intervention_types.c.code.in_([code for code, _, _, _ in INTERVENTION_TYPES]),
            ~sa.exists().where(interventions.c.type_code == _intervention_types.c.code),
        )
    )
