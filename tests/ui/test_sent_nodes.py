"""Mitt skrivbord › Skickade uppdrag rows: what the tree row and its tool tip say."""

from __future__ import annotations

from datetime import datetime

from treserva_desktop.domain.enums import AssignmentStatus, ExecutionStatus
from treserva_desktop.domain.views.sent_assignments import SentAssignmentRow
from treserva_desktop.ui.tree.kinds import node_icon
from treserva_desktop.ui.tree.nodes import NodeKind
from treserva_desktop.ui.tree.sent_nodes import sent_assignment_node


def _row(**changes: object) -> SentAssignmentRow:
    values: dict[str, object] = {
        "assignment_id": 5,
        "person_id": 9,
        "person_name": "Lindqvist, Greta",
        "identity_display": "19380715-4521",
        "protected_identity": False,
        "title": "Uppdrag 2026-11-30: Personlig omvårdnad",
        "receiver_unit_name": "Hemtjänst Norr",
        "sent_at": datetime(2026, 11, 30, 9, 15),
        "status": AssignmentStatus.RECEIVED,
        "read_at": None,
        "read_by": "",
        "accepted_at": None,
        "accepted_by": "",
        "stopped_reason": "",
        "rows_by_status": (),
        **changes,
    }
    return SentAssignmentRow(**values)  # type: ignore[arg-type]


def test_an_unread_one_is_bold_and_names_person_and_unit(qapp) -> None:
    node = sent_assignment_node(_row())
    assert node.kind is NodeKind.SENT_ASSIGNMENT
    assert node.label == "2026-11-30 Lindqvist, Greta → Hemtjänst Norr"
    assert node.title == "Uppdrag 2026-11-30: Personlig omvårdnad"
    assert (node.person_id, node.assignment_id) == (9, 5)
    assert node.bold
    assert not node.overdue
    assert node.tooltip.splitlines() == [
        "Uppdrag 2026-11-30: Personlig omvårdnad",
        "Skickat 2026-11-30 till Hemtjänst Norr",
        "Inte läst av utföraren ännu",
        "Fördelade rader: –",
    ]
    assert node_icon(node) is not None


def test_accepted_stopped_and_protected(qapp) -> None:
    accepted = sent_assignment_node(
        _row(
            status=AssignmentStatus.ACCEPTED,
            read_at=datetime(2026, 11, 30, 10, 0),
            read_by="Anders Holmgren",
            accepted_at=datetime(2026, 12, 1, 8, 0),
            accepted_by="Anders Holmgren",
            rows_by_status=((ExecutionStatus.SENT_TO_EXECUTION, 2),),
        )
    )
    assert not accepted.bold
    assert "Accepterat 2026-12-01 av Anders Holmgren" in accepted.tooltip
    assert "Fördelade rader: 2 Skickad till genomförande" in accepted.tooltip
    stopped = sent_assignment_node(
        _row(status=AssignmentStatus.STOPPED, stopped_reason="Fel enhet.", protected_identity=True)
    )
    assert stopped.overdue  # shown in red, with the alert icon
    assert "Stoppat: Fel enhet." in stopped.tooltip
    assert stopped.label.endswith("– skyddad identitet")
