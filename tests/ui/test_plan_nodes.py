"""Dokument GF's plan rows: an overdue follow-up and a missing plan past its deadline are
marked; an ended plan is muted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from treserva_desktop.domain.plan_rules import PlanState
from treserva_desktop.domain.views.plans import PersonPlans, PlanListItem, PlanStatusView
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.tree.kinds import KINDS
from treserva_desktop.ui.tree.loader import NO_UNIT_PLANS, TreeLoader
from treserva_desktop.ui.tree.nodes import Node, NodeKind, PersonRef
from treserva_desktop.ui.tree.plan_nodes import plan_nodes


def item(**changes: object) -> PlanListItem:
    values: dict[str, object] = {
        "id": 1,
        "person_id": 7,
        "unit_id": 3,
        "established_on": date(2026, 5, 4),
        "next_follow_up_on": date(2026, 11, 4),
        "ended_on": None,
        "state": PlanState.FOLLOW_UP_OVERDUE,
        "version": 1,
    }
    values.update(changes)
    return PlanListItem(**values)  # type: ignore[arg-type]


def test_an_overdue_follow_up_is_marked() -> None:
    status = PlanStatusView(PlanState.FOLLOW_UP_OVERDUE, plan_id=1, overdue=True)
    (node,) = plan_nodes(PersonPlans((item(),), status))
    assert node.kind is NodeKind.PLAN
    assert node.label == "Genomförandeplan 2026-05-04"
    assert node.overdue
    assert node.tooltip == "Uppföljning försenad sedan 2026-11-04"
    assert KINDS[NodeKind.PLAN].icon_name(node) == "plan_overdue"
    assert node.plan_id == 1
    assert (node.person_id, node.unit_id) == (7, 3)


def test_an_ended_plan_is_muted_and_not_overdue() -> None:
    ended = item(ended_on=date(2026, 10, 1), next_follow_up_on=None, state=PlanState.ENDED)
    (node,) = plan_nodes(PersonPlans((ended,), PlanStatusView(PlanState.ENDED, plan_id=1)))
    assert node.muted
    assert not node.overdue
    assert node.label == "Genomförandeplan 2026-05-04 (avslutad)"
    assert node.title == "Genomförandeplan 2026-05-04"
    assert KINDS[NodeKind.PLAN].icon_name(node) == "plan_ended"


def test_a_missing_plan_past_its_deadline_is_a_marked_notice() -> None:
    late = PlanStatusView(PlanState.MISSING, due_on=date(2026, 11, 17), overdue=True)
    (notice,) = plan_nodes(PersonPlans((), late))
    assert notice.kind is NodeKind.NOTICE
    assert notice.overdue
    assert notice.label == "Genomförandeplan saknas (senast 2026-11-17)"
    in_time = PlanStatusView(PlanState.MISSING, due_on=date(2026, 12, 17), overdue=False)
    assert plan_nodes(PersonPlans((), in_time)) == []


def test_dokument_gf_outside_a_unit_says_where_plans_are(
    make_ctx: Callable[[str], AppContext],
) -> None:
    loader = TreeLoader(make_ctx("personal"))
    node = Node(kind=NodeKind.DOKUMENT_GF, label="Dokument GF", ref=PersonRef(1, None))
    (notice,) = loader.dokument_gf(node)
    assert notice.kind is NodeKind.NOTICE
    assert notice.label == NO_UNIT_PLANS


def test_dokument_gf_outside_reach_is_a_refusal_row(make_ctx: Callable[[str], AppContext]) -> None:
    """A unit the user does not work at: the refusal shows in the tree, no box."""
    loader = TreeLoader(make_ctx("handlaggare"))
    node = Node(kind=NodeKind.DOKUMENT_GF, label="Dokument GF", ref=PersonRef(1, 1))
    (notice,) = loader.dokument_gf(node)
    assert notice.kind is NodeKind.NOTICE
    assert "behörighet" in notice.label
