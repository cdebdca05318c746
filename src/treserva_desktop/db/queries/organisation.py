"""The organisation tree as the read side needs it: every unit, a unit's ancestors and the
path shown for it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db.models import OrgUnit
from treserva_desktop.domain.enums import OrgUnitKind

_PATH_KINDS = frozenset({OrgUnitKind.BRANCH, OrgUnitKind.UNIT, OrgUnitKind.SUBUNIT})


def all_units(session: Session) -> dict[int, OrgUnit]:
    """Every unit by id: the tree is small, one query beats walking it row by row."""
    return {unit.id: unit for unit in session.scalars(select(OrgUnit)).all()}


class UnitLink(NamedTuple):
    """A unit's place and name in the tree, without the rest of it."""

    id: int
    parent_id: int | None
    kind: OrgUnitKind
    name: str


def unit_links(session: Session) -> dict[int, UnitLink]:
    """Every unit's id, parent, kind and name, as plain rows: for a walk up or down the tree
    or a unit's path on a hot path, where loading every unit as an ORM object (all_units)
    costs more than the walk."""
    return {
        row.id: UnitLink(row.id, row.parent_id, row.kind, row.name)
        for row in session.execute(
            select(OrgUnit.id, OrgUnit.parent_id, OrgUnit.kind, OrgUnit.name)
        )
    }


class _InTree(Protocol):
    @property
    def parent_id(self) -> int | None: ...


class _Named(_InTree, Protocol):
    @property
    def kind(self) -> OrgUnitKind: ...

    @property
    def name(self) -> str: ...


_Unit = TypeVar("_Unit", bound=_InTree)


def unit_and_ancestors(units: Mapping[int, _Unit], unit_id: int) -> list[_Unit]:
    """The unit and its ancestors, the unit first (of all_units or unit_links)."""
    chain: list[_Unit] = []
    current = units.get(unit_id)
    while current is not None and current not in chain:
        chain.append(current)
        current = units.get(current.parent_id) if current.parent_id is not None else None
    return chain


def unit_path(units: Mapping[int, _Named], unit_id: int) -> str:
    """E.g. "ÄO Hemtjänst › Hemtjänst Norr › Norr grupp 1" (municipality and department left
    out: every user shares them)."""
    chain = [unit for unit in unit_and_ancestors(units, unit_id) if unit.kind in _PATH_KINDS]
    return " › ".join(unit.name for unit in reversed(chain)) or units[unit_id].name
