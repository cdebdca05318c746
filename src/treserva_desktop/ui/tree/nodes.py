"""Plain node objects of the main tree: what each row is and which ids it carries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from treserva_desktop.domain.enums import Folder


class NodeKind(StrEnum):
    FOLDER_DESKTOP = "folder_desktop"
    FOLDER_NEW_ASSIGNMENTS = "folder_new_assignments"
    FOLDER_INBOX = "folder_inbox"
    FOLDER_MY_PERSONS = "folder_my_persons"
    FOLDER_NOT_CURRENT = "folder_not_current"
    FOLDER_MY_UNITS = "folder_my_units"
    UNIT = "unit"
    PERSON = "person"
    ASSIGNMENT = "assignment"
    MESSAGE = "message"
    INSATS_GF = "insats_gf"
    INTERVENTION = "intervention"
    DOKUMENT_GF = "dokument_gf"
    NOTICE = "notice"

    @property
    def is_folder(self) -> bool:
        return self in FOLDER_KINDS.values()


FOLDER_KINDS: dict[Folder, NodeKind] = {
    Folder.DESKTOP: NodeKind.FOLDER_DESKTOP,
    Folder.NEW_ASSIGNMENTS: NodeKind.FOLDER_NEW_ASSIGNMENTS,
    Folder.INBOX: NodeKind.FOLDER_INBOX,
    Folder.MY_PERSONS: NodeKind.FOLDER_MY_PERSONS,
    Folder.NOT_CURRENT: NodeKind.FOLDER_NOT_CURRENT,
    Folder.MY_UNITS: NodeKind.FOLDER_MY_UNITS,
}
FOLDER_OF_KIND: dict[NodeKind, Folder] = {kind: folder for folder, kind in FOLDER_KINDS.items()}

# Kinds whose children are never queried: they are leaves.
LEAF_KINDS = frozenset({NodeKind.ASSIGNMENT, NodeKind.MESSAGE, NodeKind.NOTICE})

INSATS_GF_LABEL = "Insats GF"
DOKUMENT_GF_LABEL = "Dokument GF"

_COUNT_SUFFIX = re.compile(r" \(\d+\)$")


def strip_count(label: str) -> str:
    """'Nya uppdrag (3)' -> 'Nya uppdrag'."""
    return _COUNT_SUFFIX.sub("", label)


@dataclass(eq=False)
class Node:
    """One row of the tree. Identity is the object; `key` identifies it across reloads."""

    kind: NodeKind
    label: str
    # The label without a count suffix or identity number; find_by_path matches either.
    title: str = ""
    folder: Folder | None = None
    person_id: int | None = None
    unit_id: int | None = None
    assignment_id: int | None = None
    intervention_id: int | None = None
    message_id: int | None = None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    loaded: bool = False
    expandable: bool = False
    count: int | None = None
    overdue: bool = False
    unread: bool = False
    bold: bool = False
    protected: bool = False
    muted: bool = False
    tooltip: str = ""
    # A read-model object the loader already had (e.g. an AssignmentListItem); never ORM.
    payload: object | None = None

    def __post_init__(self) -> None:
        if not self.title:
            self.title = strip_count(self.label)

    @property
    def key(self) -> tuple[object, ...]:
        return (
            self.kind,
            self.folder,
            self.person_id,
            self.unit_id,
            self.assignment_id,
            self.intervention_id,
            self.message_id,
        )

    def row(self) -> int:
        if self.parent is None:
            return 0
        for position, sibling in enumerate(self.parent.children):
            if sibling is self:
                return position
        raise ValueError("node is not among its parent's children")

    def ancestors(self) -> list[Node]:
        """Parents from the nearest up to (not including) the invisible root."""
        result = []
        node = self.parent
        while node is not None and node.parent is not None:
            result.append(node)
            node = node.parent
        return result

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

    @property
    def has_children(self) -> bool:
        return bool(self.children) if self.loaded else self.expandable

    def set_children(self, children: list[Node]) -> None:
        for child in children:
            child.parent = self
        self.children = children
        self.loaded = True


def is_new_assignment_person(node: Node) -> bool:
    """A person row directly under Mitt skrivbord › Nya uppdrag (its children are the
    assignments that wait to be accepted and distributed)."""
    parent = node.parent
    return (
        node.kind is NodeKind.PERSON
        and parent is not None
        and parent.kind is NodeKind.FOLDER_NEW_ASSIGNMENTS
    )


def is_not_new_assignment_person(node: Node) -> bool:
    return not is_new_assignment_person(node)
