"""Plain node objects of the main tree: what each row is and the one typed ref it carries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from treserva_desktop.domain.enums import Folder


class NodeKind(StrEnum):
    FOLDER_DESKTOP = "folder_desktop"
    FOLDER_NEW_ASSIGNMENTS = "folder_new_assignments"
    FOLDER_INBOX = "folder_inbox"
    FOLDER_SENT_ASSIGNMENTS = "folder_sent_assignments"
    FOLDER_MY_PERSONS = "folder_my_persons"
    FOLDER_NOT_CURRENT = "folder_not_current"
    FOLDER_MY_UNITS = "folder_my_units"
    # Mitt skrivbord › Avvikelser and the deviations it lists.
    FOLDER_DEVIATIONS = "folder_deviations"
    DEVIATION = "deviation"
    UNIT = "unit"
    PERSON = "person"
    ASSIGNMENT = "assignment"
    # An assignment the user sent, under Mitt skrivbord › Skickade uppdrag.
    SENT_ASSIGNMENT = "sent_assignment"
    MESSAGE = "message"
    INSATS_GF = "insats_gf"
    INTERVENTION = "intervention"
    DOKUMENT_GF = "dokument_gf"
    NOTICE = "notice"
    CHECKLISTS = "checklists"
    PLAN = "plan"
    JOURNAL = "journal"
    BOENDE = "boende"

    @property
    def is_folder(self) -> bool:
        return self in FOLDER_KINDS.values()


FOLDER_KINDS: dict[Folder, NodeKind] = {
    Folder.DESKTOP: NodeKind.FOLDER_DESKTOP,
    Folder.NEW_ASSIGNMENTS: NodeKind.FOLDER_NEW_ASSIGNMENTS,
    Folder.INBOX: NodeKind.FOLDER_INBOX,
    Folder.SENT_ASSIGNMENTS: NodeKind.FOLDER_SENT_ASSIGNMENTS,
    Folder.MY_PERSONS: NodeKind.FOLDER_MY_PERSONS,
    Folder.NOT_CURRENT: NodeKind.FOLDER_NOT_CURRENT,
    Folder.MY_UNITS: NodeKind.FOLDER_MY_UNITS,
    Folder.DEVIATIONS: NodeKind.FOLDER_DEVIATIONS,
}
FOLDER_OF_KIND: dict[NodeKind, Folder] = {kind: folder for folder, kind in FOLDER_KINDS.items()}

INSATS_GF_LABEL = "Insats GF"
DOKUMENT_GF_LABEL = "Dokument GF"
CHECKLISTS_LABEL = "Checklistor"
BOENDE_LABEL = "Boende"

_COUNT_SUFFIX = re.compile(r" \(\d+\)$")


def strip_count(label: str) -> str:
    """'Nya uppdrag (3)' -> 'Nya uppdrag'."""
    return _COUNT_SUFFIX.sub("", label)


@dataclass(frozen=True, slots=True)
class FolderRef:
    folder: Folder


@dataclass(frozen=True, slots=True)
class UnitRef:
    unit_id: int


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A person, and the unit whose branch it sits in (None outside Mina enheter)."""

    person_id: int
    unit_id: int | None = None


@dataclass(frozen=True, slots=True)
class InterventionRef:
    """Insats GF (intervention_id None) or one intervention of a person, at a unit or all."""

    person_id: int
    unit_id: int | None = None
    intervention_id: int | None = None


@dataclass(frozen=True, slots=True)
class AssignmentRef:
    person_id: int
    assignment_id: int


@dataclass(frozen=True, slots=True)
class MessageRef:
    message_id: int


@dataclass(frozen=True, slots=True)
class PlanRef:
    """A genomförandeplan, under the Dokument GF of its person at its unit."""

    person_id: int
    unit_id: int
    plan_id: int


@dataclass(frozen=True, slots=True)
class JournalRef:
    """A genomförandejournal (or HSL journal), under the Dokument GF of its person at its
    unit."""

    person_id: int
    unit_id: int
    journal_id: int


@dataclass(frozen=True, slots=True)
class DeviationRef:
    """An avvikelse, under Mitt skrivbord › Avvikelser."""

    deviation_id: int


# What a node stands for; None for nodes that stand for nothing stored (a notice, Dokument GF
# uses its person's ref). Frozen and hashable: (kind, ref) identifies a node across reloads.
NodeRef = (
    FolderRef
    | UnitRef
    | PersonRef
    | InterventionRef
    | AssignmentRef
    | MessageRef
    | PlanRef
    | JournalRef
    | DeviationRef
    | None
)


@dataclass(eq=False, slots=True)
class Node:
    """One row of the tree. Identity is the object; `key` identifies it across reloads."""

    kind: NodeKind
    label: str
    # The label without a count suffix or identity number; find_by_path matches either.
    title: str = ""
    ref: NodeRef = None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    loaded: bool = False
    count: int | None = None
    overdue: bool = False
    unread: bool = False
    bold: bool = False
    protected: bool = False
    muted: bool = False
    # False for a person the user can no longer read (Ej aktuella after the follow-up time):
    # only the actions declared for that (ActionSpec.when_unreadable) are enabled on it.
    readable: bool = True
    tooltip: str = ""
    # A read-model object the loader already had (e.g. an AssignmentListItem); never ORM.
    payload: object | None = None
    # Paged children (a big unit's persons): where the next page starts (a query's key, opaque
    # to the model), None when every child is loaded. Its kind's `more` loader reads and sets it.
    more: object | None = field(default=None, repr=False)
    # At least this many children on the next (re)load: the rows loaded before a reload.
    min_rows: int = field(default=0, repr=False)
    # Position among the parent's children, kept by set_children/insert_children/remove_children.
    _row: int = field(default=0, repr=False)

    def __post_init__(self) -> None:
        if not self.title:
            self.title = strip_count(self.label)

    # -- the ids the ref carries (read-only views of the one typed ref) -----------------------

    @property
    def folder(self) -> Folder | None:
        return self.ref.folder if isinstance(self.ref, FolderRef) else None

    @property
    def person_id(self) -> int | None:
        ref = self.ref
        if isinstance(ref, PersonRef | InterventionRef | AssignmentRef | PlanRef | JournalRef):
            return ref.person_id
        return None

    @property
    def unit_id(self) -> int | None:
        ref = self.ref
        if isinstance(ref, UnitRef | PersonRef | InterventionRef | PlanRef | JournalRef):
            return ref.unit_id
        return None

    @property
    def assignment_id(self) -> int | None:
        return self.ref.assignment_id if isinstance(self.ref, AssignmentRef) else None

    @property
    def intervention_id(self) -> int | None:
        return self.ref.intervention_id if isinstance(self.ref, InterventionRef) else None

    @property
    def message_id(self) -> int | None:
        return self.ref.message_id if isinstance(self.ref, MessageRef) else None

    @property
    def plan_id(self) -> int | None:
        return self.ref.plan_id if isinstance(self.ref, PlanRef) else None

    @property
    def journal_id(self) -> int | None:
        return self.ref.journal_id if isinstance(self.ref, JournalRef) else None

    @property
    def deviation_id(self) -> int | None:
        return self.ref.deviation_id if isinstance(self.ref, DeviationRef) else None

    @property
    def key(self) -> tuple[NodeKind, NodeRef]:
        return (self.kind, self.ref)

    # -- structure ------------------------------------------------------------------------------

    def row(self) -> int:
        """Position among the siblings, O(1): stored when the children are set."""
        return self._row

    def ancestors(self) -> list[Node]:
        """Parents from the nearest up to (not including) the invisible root."""
        result = []
        node = self.parent
        while node is not None and node.parent is not None:
            result.append(node)
            node = node.parent
        return result

    def is_below(self, other: Node) -> bool:
        node = self.parent
        while node is not None:
            if node is other:
                return True
            node = node.parent
        return False

    def path(self) -> list[str]:
        return [n.title for n in reversed(self.ancestors())] + [self.title]

    def ancestor_of_kind(self, *kinds: NodeKind) -> Node | None:
        node = self.parent
        while node is not None:
            if node.kind in kinds:
                return node
            node = node.parent
        return None

    def matches(self, text: str) -> bool:
        return text in (self.label, self.title, strip_count(self.label))

    def set_children(self, children: list[Node]) -> None:
        for position, child in enumerate(children):
            child.parent = self
            child._row = position
        self.children = children
        self.loaded = True

    def insert_children(self, position: int, children: list[Node]) -> None:
        """Insert before `position`; the rows after it move down."""
        self.children[position:position] = children
        for row in range(position, len(self.children)):
            child = self.children[row]
            child.parent = self
            child._row = row

    def remove_children(self, position: int, count: int) -> list[Node]:
        """Take `count` children out from `position`; the rows after it move up."""
        removed = self.children[position : position + count]
        del self.children[position : position + count]
        for child in removed:
            child.parent = None
            child._row = 0
        for row in range(position, len(self.children)):
            self.children[row]._row = row
        return removed


def is_new_assignment_person(node: Node) -> bool:
    """A person row directly under Mitt skrivbord › Nya uppdrag (its children are the
    assignments that wait to be accepted and distributed)."""
    parent = node.parent
    return (
        node.kind is NodeKind.PERSON
        and parent is not None
        and parent.kind is NodeKind.FOLDER_NEW_ASSIGNMENTS
    )


def notice_node(text: str) -> Node:
    """A row that says why a branch has no content (a refusal, an error, nothing found)."""
    return Node(kind=NodeKind.NOTICE, label=text, tooltip=text)
