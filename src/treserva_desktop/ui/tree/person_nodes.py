"""A person's branch under a unit: Insats GF, Dokument GF, Boende (where the unit lets
apartments or places) and Checklistor; and an intervention's node under Insats GF."""

from __future__ import annotations

from treserva_desktop.domain.enums import ExecutionPhase, Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views import InterventionGroupView
from treserva_desktop.domain.views.not_current import NotCurrentPerson
from treserva_desktop.ui.tree.housing_nodes import boende_nodes
from treserva_desktop.ui.tree.nodes import (
    CHECKLISTS_LABEL,
    DOKUMENT_GF_LABEL,
    INSATS_GF_LABEL,
    InterventionRef,
    Node,
    NodeKind,
    PersonRef,
    notice_node,
)

NO_UNIT_PLANS = (
    "Genomförandeplaner visas under personen i Mina enheter, eller i Ej aktuella – att "
    "avsluta när personen inte längre har några pågående insatser."
)
FOLLOW_UP_OVER_MARK = "uppföljningstiden har gått ut"
FOLLOW_UP_OVER = (
    "Uppföljningstiden efter den sista insatsen har gått ut: personens uppgifter kan inte "
    "längre visas. Personen kan bara tas bort ur mappen."
)


def person_children(node: Node, actor: Actor) -> list[Node]:
    assert isinstance(node.ref, PersonRef)
    if isinstance(node.payload, NotCurrentPerson) and not node.payload.in_follow_up:
        # Past the follow-up time every read is refused: say so instead of offering it.
        return [notice_node(FOLLOW_UP_OVER)]
    person_id, unit_id = node.ref.person_id, node.ref.unit_id
    children = [
        Node(
            kind=NodeKind.INSATS_GF,
            label=INSATS_GF_LABEL,
            ref=InterventionRef(person_id, unit_id),
            tooltip="Personens insatser och verkställigheter",
        ),
        Node(
            kind=NodeKind.DOKUMENT_GF,
            label=DOKUMENT_GF_LABEL,
            ref=PersonRef(person_id, unit_id),
            tooltip="Genomförandejournaler, genomförandeplaner och dokument",
        ),
    ]
    # Boende: the person's contracts, where the unit lets apartments or places.
    children.extend(boende_nodes(node, actor))
    if actor.can(Permission.VIEW_PERSONS):
        # The manual's checklists are the provider's; computed when the node is shown.
        children.append(
            Node(
                kind=NodeKind.CHECKLISTS,
                label=CHECKLISTS_LABEL,
                ref=PersonRef(person_id, unit_id),
                tooltip="Checklistor för mottagande och avslut, med vad som är gjort",
                loaded=True,
            )
        )
    return children


def intervention_node(parent: InterventionRef, group: InterventionGroupView) -> Node:
    current = [row for row in group.rows if row.phase is not ExecutionPhase.ENDED]
    if current:
        row = current[-1]
        parts = [row.phase.label, row.unit_name, row.time_text, row.status.label]
        tooltip = " · ".join(part for part in parts if part)
    else:
        tooltip = "Avslutad"
    return Node(
        kind=NodeKind.INTERVENTION,
        label=group.name,
        ref=InterventionRef(parent.person_id, parent.unit_id, group.intervention_id),
        muted=not current,
        tooltip=tooltip,
        loaded=True,
        payload=group,
    )
