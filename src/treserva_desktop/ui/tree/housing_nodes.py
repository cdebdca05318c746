"""Boende under a person: shown where the unit lets apartments, rooms or short-term places
(a vårdboende or korttidsboende) and the user manages housing there."""

from __future__ import annotations

from treserva_desktop.domain.enums import BusinessArea, Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views import UnitView
from treserva_desktop.ui.tree.nodes import BOENDE_LABEL, Node, NodeKind, PersonRef

_HOUSING_AREAS = (BusinessArea.NURSING_HOME, BusinessArea.SHORT_TERM)


def _keeps_housing(person: Node) -> bool:
    """Whether the unit the person is listed under is a vårdboende or korttidsboende."""
    unit = person.ancestor_of_kind(NodeKind.UNIT)
    payload = unit.payload if unit is not None else None
    return isinstance(payload, UnitView) and payload.business_area in _HOUSING_AREAS


def boende_nodes(person: Node, actor: Actor) -> list[Node]:
    """[Boende] for a person under Mina enheter › housing unit, else nothing."""
    ref = person.ref
    if not isinstance(ref, PersonRef) or ref.unit_id is None:
        return []
    if not _keeps_housing(person) or not actor.can(Permission.MANAGE_HOUSING, ref.unit_id):
        return []
    return [
        Node(
            kind=NodeKind.BOENDE,
            label=BOENDE_LABEL,
            ref=PersonRef(ref.person_id, ref.unit_id),
            tooltip="Boendekontrakt och korttidsplatser: skapa, byt objekt, avsluta",
            loaded=True,
        )
    ]
