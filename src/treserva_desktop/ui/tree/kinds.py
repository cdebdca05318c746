"""The node types registry: one entry per NodeKind says everything the UI does by kind.

Adding a node kind is one NodeKind member plus one entry in KINDS (and, if new, its loader
method on TreeLoader, its summary in ui/panes/summaries.py or its pane).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon

from treserva_desktop.domain.changes import ChangeKind, ChangeSet
from treserva_desktop.domain.enums import Folder
from treserva_desktop.ui.action_ids import ActionId
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.panes import sent_summaries, summaries
from treserva_desktop.ui.tree.loader import TreeLoader
from treserva_desktop.ui.tree.nodes import Node, NodeKind, is_new_assignment_person
from treserva_desktop.ui.tree.sent_nodes import sent_assignment_children

if TYPE_CHECKING:
    from treserva_desktop.ui.panes.summaries import SummaryWriter

ChildLoader = Callable[[TreeLoader, Node], list[Node]]
# Whether a change touched one loaded node (its kind is refreshed by the change's kinds).
Touches = Callable[[Node, ChangeSet], bool]
IconName = str | Callable[[Node], str] | None
DefaultAction = ActionId | Callable[[Node], ActionId | None] | None


class PaneKey(StrEnum):
    """Which right-hand pane shows a node; the main window maps each key to one pane."""

    SUMMARY = "summary"
    PERSON = "person"
    EXECUTIONS = "executions"
    ASSIGNMENT = "assignment"
    MESSAGE = "message"
    CHECKLISTS = "checklists"
    PLAN = "plan"
    HOUSING = "housing"


@dataclass(frozen=True, slots=True)
class NodeKindSpec:
    """What one kind of node is. `children` None: a leaf, never queried (F5 reloads its
    parent); otherwise the node shows an expand arrow before its children are queried
    (`more`: the next page of them, for a kind whose children come in pages).
    `refreshed_by`: the change kinds after which a loaded node of this kind is reloaded (a
    node below a reloaded one is rebuilt with it, so it need not list them again).
    `touched`: which of those nodes a change concerns, by the ids in the node's ref and the
    ids the change touched (None: every loaded node of the kind, for the bounded folders)."""

    icon: IconName
    children: ChildLoader | None
    pane: PaneKey
    default_action: DefaultAction
    refreshed_by: frozenset[ChangeKind] = frozenset()
    touched: Touches | None = None
    summary: SummaryWriter | None = None
    # A message row in place of content (a refusal, an error): shown muted and in italics.
    notice: bool = False
    # Children that come in pages: `children` loads the first and sets node.more, this loads
    # the next one after node.more (and moves it on) when the view scrolls to the last row.
    more: ChildLoader | None = None

    @property
    def leaf(self) -> bool:
        return self.children is None

    def icon_name(self, node: Node) -> str | None:
        return self.icon(node) if callable(self.icon) else self.icon

    def is_touched(self, node: Node, change: ChangeSet) -> bool:
        """Whether `change` (of a kind this node is refreshed by) concerns this node."""
        return self.touched is None or self.touched(node, change)

    def default_for(self, node: Node) -> ActionId | None:
        """What Enter or a double-click on the node does."""
        action = self.default_action
        return action(node) if callable(action) else action


def _person_default(node: Node) -> ActionId:
    # Under Nya uppdrag a person stands for their waiting assignments; elsewhere for the record.
    return (
        ActionId.OPEN_FIRST_ASSIGNMENT if is_new_assignment_person(node) else ActionId.PERSON_RECORD
    )


def _unit_touched(node: Node, change: ChangeSet) -> bool:
    """A unit lists its sub-units and the persons with current rows there: touched when the
    change touched the unit, or changed a person (a name) it lists."""
    unit_id = node.unit_id
    if unit_id is None or change.touches_unit(unit_id):
        return True
    if ChangeKind.PERSONS not in change.kinds:
        return False
    return change.touches_any_person(
        child.person_id for child in node.children if child.person_id is not None
    )


def counted_after(change: ChangeSet) -> frozenset[Folder]:
    """The folders whose count a change may have changed: Nya uppdrag after one of
    assignments, Inkorg after one of messages, Skickade uppdrag after either (as it is
    reloaded, see its entry in KINDS), Avvikelser after one of deviations."""
    counted = set()
    if ChangeKind.ASSIGNMENTS in change.kinds:
        counted |= {Folder.NEW_ASSIGNMENTS, Folder.SENT_ASSIGNMENTS}
    if ChangeKind.MESSAGES in change.kinds:
        counted |= {Folder.INBOX, Folder.SENT_ASSIGNMENTS}
    if ChangeKind.DEVIATIONS in change.kinds:
        counted.add(Folder.DEVIATIONS)
    return frozenset(counted)


def _sent_assignments(loader: TreeLoader, _node: Node) -> list[Node]:
    return sent_assignment_children(loader.ctx)


def _new_assignments_touched(node: Node, change: ChangeSet) -> bool:
    """Nya uppdrag lists the assignments waiting at the user's units: touched by a change of
    assignments (whatever writes one declares ASSIGNMENTS: its waiting flag, its status, its
    first reading), or of a person (a name) it lists. Ending or revoking a row writes no
    assignment, so the folder stays as it is."""
    if ChangeKind.ASSIGNMENTS in change.kinds:
        return True
    if ChangeKind.PERSONS not in change.kinds:
        return False
    return change.touches_any_person(
        child.person_id for child in node.children if child.person_id is not None
    )


def _person_touched(node: Node, change: ChangeSet) -> bool:
    """A person-level node (a person's Insats GF, the person's own branch): by its person."""
    person_id = node.person_id
    return person_id is None or change.touches_person(person_id)


def _plan_icon(node: Node) -> str:
    if node.overdue:
        return "plan_overdue"
    return "plan_ended" if node.muted else "plan"


_CK = ChangeKind

KINDS: dict[NodeKind, NodeKindSpec] = {
    NodeKind.FOLDER_DESKTOP: NodeKindSpec(
        icon="desktop",
        children=TreeLoader.desktop_folders,
        pane=PaneKey.SUMMARY,
        default_action=ActionId.OPEN,
        summary=summaries.desktop,
    ),
    NodeKind.FOLDER_NEW_ASSIGNMENTS: NodeKindSpec(
        icon="folder_new",
        children=TreeLoader.new_assignments,
        more=TreeLoader.new_assignments_more,
        pane=PaneKey.SUMMARY,
        default_action=ActionId.OPEN,
        refreshed_by=frozenset({_CK.ASSIGNMENTS, _CK.PERSONS}),
        touched=_new_assignments_touched,
        summary=summaries.new_assignments,
    ),
    NodeKind.FOLDER_INBOX: NodeKindSpec(
        icon="inbox",
        children=TreeLoader.inbox,
        pane=PaneKey.SUMMARY,
        default_action=ActionId.OPEN,
        refreshed_by=frozenset({_CK.MESSAGES}),
        summary=summaries.inbox,
    ),
    NodeKind.FOLDER_SENT_ASSIGNMENTS: NodeKindSpec(
        icon="folder_sent",
        children=_sent_assignments,
        pane=PaneKey.SUMMARY,
        default_action=ActionId.OPEN,
        # What the user sent and what the provider did with it: sending, reading, accepting,
        # stopping and distributing all write the assignment (and declare ASSIGNMENTS). The
        # provider's changes reach this session on Uppdatera (F5), or as a message (a stop,
        # ended interventions): reading one (MESSAGES) shows the folder as it is now.
        refreshed_by=frozenset({_CK.ASSIGNMENTS, _CK.MESSAGES}),
        summary=sent_summaries.sent_assignments,
    ),
    NodeKind.FOLDER_MY_PERSONS: NodeKindSpec(
        icon="folder_persons",
        children=TreeLoader.my_persons,
        pane=PaneKey.SUMMARY,
        default_action=ActionId.OPEN,
        # Which persons it lists, and their names; their rows refresh by person below.
        refreshed_by=frozenset({_CK.PERSONS, _CK.MY_PERSONS}),
        summary=summaries.my_persons,
    ),
    NodeKind.FOLDER_NOT_CURRENT: NodeKindSpec(
        icon="folder_not_current",
        children=TreeLoader.not_current,
        more=TreeLoader.not_current_more,
        pane=PaneKey.SUMMARY,
        default_action=ActionId.OPEN,
        refreshed_by=frozenset({_CK.EXECUTIONS, _CK.PERSONS, _CK.VIEW_SETTINGS, _CK.NOT_CURRENT}),
        summary=summaries.not_current,
    ),
    NodeKind.FOLDER_MY_UNITS: NodeKindSpec(
        icon="folder",
        children=TreeLoader.my_units,
        pane=PaneKey.SUMMARY,
        default_action=ActionId.OPEN,
        # Which units are at the top; what each unit lists refreshes by unit below.
        refreshed_by=frozenset({_CK.UNITS}),
        summary=summaries.my_units,
    ),
    NodeKind.FOLDER_DEVIATIONS: NodeKindSpec(
        icon="folder_deviations",
        children=TreeLoader.deviations,
        pane=PaneKey.SUMMARY,
        default_action=ActionId.OPEN,
        # Registering and every step of the handling declare DEVIATIONS.
        refreshed_by=frozenset({_CK.DEVIATIONS, _CK.PERSONS}),
        summary=summaries.deviations,
    ),
    NodeKind.DEVIATION: NodeKindSpec(
        icon=lambda node: "deviation_closed" if node.muted else "deviation",
        # A leaf: the deviation window reads the deviation whenever it opens.
        children=None,
        pane=PaneKey.SUMMARY,
        default_action=ActionId.OPEN_DEVIATION,
        summary=summaries.deviation,
    ),
    NodeKind.UNIT: NodeKindSpec(
        icon="unit",
        children=TreeLoader.unit,
        more=TreeLoader.unit_more,
        pane=PaneKey.SUMMARY,
        default_action=ActionId.OPEN,
        refreshed_by=frozenset({_CK.EXECUTIONS, _CK.PERSONS, _CK.UNITS, _CK.CONTRACTS}),
        touched=_unit_touched,
        summary=summaries.unit,
    ),
    NodeKind.PERSON: NodeKindSpec(
        icon=lambda node: "person_protected" if node.protected else "person",
        children=TreeLoader.person,
        pane=PaneKey.PERSON,
        default_action=_person_default,
        # Insats GF and Dokument GF: rebuilt when the person's documents change.
        refreshed_by=frozenset({_CK.JOURNALS, _CK.PLANS}),
        touched=_person_touched,
    ),
    NodeKind.ASSIGNMENT: NodeKindSpec(
        icon=lambda node: "assignment_overdue" if node.overdue else "assignment",
        children=None,
        pane=PaneKey.ASSIGNMENT,
        default_action=ActionId.READ_ASSIGNMENT,
    ),
    NodeKind.SENT_ASSIGNMENT: NodeKindSpec(
        icon=lambda node: "assignment_overdue" if node.overdue else "assignment",
        children=None,
        pane=PaneKey.SUMMARY,
        default_action=ActionId.READ_ASSIGNMENT,
        summary=sent_summaries.sent_assignment,
    ),
    NodeKind.MESSAGE: NodeKindSpec(
        icon=lambda node: "message" if node.unread else "message_read",
        children=None,
        pane=PaneKey.MESSAGE,
        default_action=None,
    ),
    NodeKind.INSATS_GF: NodeKindSpec(
        icon="interventions",
        children=TreeLoader.insats_gf,
        pane=PaneKey.EXECUTIONS,
        default_action=ActionId.OPEN,
        refreshed_by=frozenset({_CK.EXECUTIONS, _CK.CONTRACTS}),
        touched=_person_touched,
    ),
    NodeKind.INTERVENTION: NodeKindSpec(
        icon="intervention",
        children=None,
        pane=PaneKey.EXECUTIONS,
        default_action=None,
    ),
    NodeKind.DOKUMENT_GF: NodeKindSpec(
        icon="documents",
        # Its journals and genomförandeplaner; rebuilt with its person after a journal or a
        # plan changes (PERSON above).
        children=TreeLoader.dokument_gf,
        pane=PaneKey.SUMMARY,
        default_action=ActionId.OPEN,
        summary=summaries.documents,
    ),
    NodeKind.NOTICE: NodeKindSpec(
        icon=None,
        children=None,
        pane=PaneKey.SUMMARY,
        default_action=None,
        notice=True,
    ),
    NodeKind.CHECKLISTS: NodeKindSpec(
        icon="checklist",
        children=None,
        pane=PaneKey.CHECKLISTS,
        default_action=None,
        # A leaf: its pane reads the checklists whenever it is shown, and the main window
        # shows the current node again after every change; these say which changes matter.
        refreshed_by=frozenset(
            {_CK.EXECUTIONS, _CK.ASSIGNMENTS, _CK.PERSONS, _CK.MESSAGES, _CK.PLANS}
        ),
        touched=_person_touched,
    ),
    NodeKind.PLAN: NodeKindSpec(
        icon=_plan_icon,
        children=None,
        pane=PaneKey.PLAN,
        default_action=ActionId.OPEN_PLAN,
    ),
    NodeKind.JOURNAL: NodeKindSpec(
        icon=lambda node: "journal_closed" if node.muted else "journal",
        children=None,
        pane=PaneKey.SUMMARY,
        default_action=ActionId.OPEN_JOURNAL,
        summary=summaries.journal,
    ),
    NodeKind.BOENDE: NodeKindSpec(
        icon="housing",
        # A leaf: its pane and the contract window read the contracts whenever they show.
        children=None,
        pane=PaneKey.HOUSING,
        default_action=ActionId.OPEN_HOUSING,
    ),
}


def kind_spec(kind: NodeKind) -> NodeKindSpec:
    return KINDS[kind]


def node_icon(node: Node) -> QIcon | None:
    name = KINDS[node.kind].icon_name(node)
    return icon(name) if name else None


def kinds_refreshed_by(changes: frozenset[ChangeKind]) -> frozenset[NodeKind]:
    return frozenset(kind for kind, spec in KINDS.items() if spec.refreshed_by & changes)


def is_touched(node: Node, change: ChangeSet) -> bool:
    """Whether a loaded node is to be reloaded after `change`: its kind is refreshed by one of
    the change's kinds, and the change concerns this node."""
    spec = KINDS[node.kind]
    return change.any_of(spec.refreshed_by) and spec.is_touched(node, change)


def kinds_with_default(action: ActionId) -> frozenset[NodeKind]:
    """The kinds whose default action is `action` whatever the node (e.g. Öppna)."""
    return frozenset(kind for kind, spec in KINDS.items() if spec.default_action is action)
