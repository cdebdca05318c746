"""The organisation tree as the read side needs it: every unit, a unit's ancestors and the
path shown for it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db.models import OrgUnit
from treserva_desktop.domain.enums import OrgUnitKind

_PATH_KINDS = frozenset({OrgUnitKind.BRANCH, OrgUnitKind.UNIT, OrgUnitKind.SUBUNIT})


def all_units(session: Session) -> dict[int, OrgUnit]:
    """Every unit by id: the tree is small, one query beats walking it row by row."""
    return {unit.id: unit for unit in session.scalars(select(OrgUnit)).all()}


def unit_and_ancestors(units: dict[int, OrgUnit], unit_id: int) -> list[OrgUnit]:
    """The unit and its ancestors, the unit first."""
    chain: list[OrgUnit] = []
    current = units.get(unit_id)
    while current is not None and current not in chain:
        chain.append(current)
        current = units.get(current.parent_id) if current.parent_id is not None else None
    return chain


def unit_path(units: dict[int, OrgUnit], unit_id: int) -> str:
    """E.g. "ÄO Hemtjänst › Hemtjänst Norr › Norr grupp 1" (municipality and department left
    out: every user shares them)."""
    chain = [unit for unit in unit_and_ancestors(units, unit_id) if unit.kind in _PATH_KINDS]
    return " › ".join(unit.name for unit in reversed(chain)) or units[unit_id].name
