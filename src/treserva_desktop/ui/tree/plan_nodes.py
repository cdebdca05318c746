"""Dokument GF's rows for genomförandeplaner: one per plan, and a marked notice when the plan
is missing past its deadline."""

from __future__ import annotations

from treserva_desktop.domain.plan_rules import PlanState
from treserva_desktop.domain.views.plans import PersonPlans, PlanListItem
from treserva_desktop.ui.tree.nodes import Node, NodeKind, PlanRef


def overdue_text(item: PlanListItem) -> str:
    since = item.overdue_since
    return f"Uppföljning försenad sedan {since:%Y-%m-%d}" if since is not None else ""


def plan_tooltip(item: PlanListItem) -> str:
    if item.ended_on is not None:
        return f"Avslutad, stoppdatum {item.ended_on:%Y-%m-%d}"
    if item.state is PlanState.FOLLOW_UP_OVERDUE:
        return overdue_text(item)
    if item.next_follow_up_on is not None:
        return f"Aktuell · nästa uppföljning {item.next_follow_up_on:%Y-%m-%d}"
    return "Aktuell · ingen uppföljning planerad"


def plan_node(item: PlanListItem) -> Node:
    label = item.label
    if item.ended_on is not None:
        label += " (avslutad)"
    return Node(
        kind=NodeKind.PLAN,
        label=label,
        title=item.label,
        ref=PlanRef(item.person_id, item.unit_id, item.id),
        overdue=item.state is PlanState.FOLLOW_UP_OVERDUE,
        muted=item.ended_on is not None,
        tooltip=plan_tooltip(item),
        loaded=True,
        payload=item,
    )


def missing_text(plans: PersonPlans) -> str:
    due = plans.status.due_on
    return f"Genomförandeplan saknas (senast {due:%Y-%m-%d})" if due else "Genomförandeplan saknas"


def missing_tooltip(plans: PersonPlans) -> str:
    due = plans.status.due_on
    late = f" Den skulle ha upprättats senast {due:%Y-%m-%d}." if due else ""
    return (
        f"Personen har ingen genomförandeplan vid enheten.{late} Högerklicka på Dokument GF "
        "och välj Ny genomförandeplan…."
    )


def plan_nodes(plans: PersonPlans) -> list[Node]:
    nodes = [plan_node(item) for item in plans.items]
    status = plans.status
    if status.state is PlanState.MISSING and status.overdue:
        text = missing_text(plans)
        nodes.append(
            Node(
                kind=NodeKind.NOTICE,
                label=text,
                tooltip=missing_tooltip(plans),
                overdue=True,
                loaded=True,
            )
        )
    return nodes
