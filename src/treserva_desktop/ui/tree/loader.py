"""Builds tree nodes from the read side (db/queries/tree.py and its neighbours), one read
session per branch."""

from __future__ import annotations

from typing import TypeVar

from treserva_desktop.db.queries import counts as count_queries
from treserva_desktop.db.queries import deviations as deviation_queries
from treserva_desktop.db.queries import interventions
from treserva_desktop.db.queries import journals as journal_queries
from treserva_desktop.db.queries import plans as plan_queries
from treserva_desktop.db.queries import tree as tree_queries
from treserva_desktop.domain.deviation_rules import DeviationState
from treserva_desktop.domain.enums import Folder, Permission
from treserva_desktop.domain.folder_rules import has_folder
from treserva_desktop.domain.views import (
    MessageListItem,
    PersonListItem,
    UnitView,
)
from treserva_desktop.ui.formatting import date_time_text
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.tree.journal_nodes import journal_nodes
from treserva_desktop.ui.tree.nodes import (
    FOLDER_KINDS,
    FOLDER_OF_KIND,
    DeviationRef,
    FolderRef,
    InterventionRef,
    MessageRef,
    Node,
    NodeKind,
    UnitRef,
    is_new_assignment_person,
    notice_node,
)
from treserva_desktop.ui.tree.paged_folders import PagedFolderLoader
from treserva_desktop.ui.tree.person_nodes import (
    NO_UNIT_PLANS,
    intervention_node,
    person_children,
)
from treserva_desktop.ui.tree.plan_nodes import plan_nodes
from treserva_desktop.ui.tree.sent_nodes import update_sent_count

T = TypeVar("T")

DESKTOP_FOLDERS: tuple[Folder, ...] = (
    Folder.NEW_ASSIGNMENTS,
    Folder.INBOX,
    Folder.SENT_ASSIGNMENTS,
    Folder.MY_PERSONS,
    Folder.NOT_CURRENT,
    # Before Mina enheter: the big, paged folder stays last, where End reaches its persons.
    Folder.DEVIATIONS,
    Folder.MY_UNITS,
)


def inbox_limit_text(limit: int) -> str:
    return f"Visar alla olästa och de {limit} senaste meddelandena"


def folder_node(folder: Folder) -> Node:
    return Node(
        kind=FOLDER_KINDS[folder],
        label=folder.label,
        ref=FolderRef(folder),
    )


class TreeLoader(PagedFolderLoader):
    """Knows which query fills which branch. Errors become a notice row, never a modal box;
    the fetching, the person rows and the paged folders of Mitt skrivbord are the base
    class's (ui/tree/paged_folders.py)."""

    # -- fixed folders ------------------------------------------------------------------------

    def desktop(self) -> Node:
        """Mitt skrivbord with the fixed folders the role uses; counts come from update_counts."""
        desktop = folder_node(Folder.DESKTOP)
        actor = self.ctx.actor
        desktop.set_children(
            [folder_node(folder) for folder in DESKTOP_FOLDERS if has_folder(actor, folder)]
        )
        return desktop

    def update_counts(
        self, folders: dict[Folder, Node], counted: frozenset[Folder] | None = None
    ) -> None:
        """Set labels, flags and tooltips of the folders that show a count; `counted`: the
        folders whose count is queried again (None: all of them)."""
        new = folders.get(Folder.NEW_ASSIGNMENTS)
        if new is not None and (counted is None or Folder.NEW_ASSIGNMENTS in counted):
            self._update_new_assignments(new)
        inbox = folders.get(Folder.INBOX)
        if inbox is not None and (counted is None or Folder.INBOX in counted):
            self._update_inbox(inbox)
        sent = folders.get(Folder.SENT_ASSIGNMENTS)
        if sent is not None and (counted is None or Folder.SENT_ASSIGNMENTS in counted):
            update_sent_count(self.ctx, sent)
        not_current = folders.get(Folder.NOT_CURRENT)
        if not_current is not None:
            not_current.tooltip = (
                "Personer utan pågående eller planerade insatser vid dina enheter, vars "
                f"insatser avslutats de senaste {self.lookback_days} dagarna."
            )
        deviations = folders.get(Folder.DEVIATIONS)
        if deviations is not None and (counted is None or Folder.DEVIATIONS in counted):
            self._update_deviations(deviations)
        my_units = folders.get(Folder.MY_UNITS)
        if my_units is not None:
            my_units.tooltip = "Dina enheter med underenheter och personer."
        my_persons = folders.get(Folder.MY_PERSONS)
        if my_persons is not None:
            my_persons.tooltip = "Din egen lista över personer."

    def _update_new_assignments(self, node: Node) -> None:
        fetched = self._fetch(
            count_queries.new_assignment_counts, overdue_working_days=self.overdue_days
        )
        if fetched.value is not None:
            # The folder's numbers for its summary too (PagedFolderLoader.new_assignment_counts):
            # no second count while its pages are still to come.
            node.payload = fetched.value
        counts = fetched.value or count_queries.NewAssignmentCounts(0, 0, 0)
        count, overdue = counts.total, counts.overdue
        self._set_count(node, count)
        node.overdue = overdue > 0
        node.bold = count > 0
        if fetched.error:
            node.tooltip = fetched.error
        elif count == 0:
            node.tooltip = "Inga uppdrag väntar på att accepteras och fördelas."
        else:
            node.tooltip = f"{count} uppdrag väntar på att accepteras och fördelas."
            if overdue:
                node.tooltip += (
                    f" {overdue} uppdrag mottogs för mer än {self.overdue_days} arbetsdagar sedan."
                )

    def _update_inbox(self, node: Node) -> None:
        fetched = self._fetch(tree_queries.unread_count)
        unread = fetched.value or 0
        self._set_count(node, unread)
        node.unread = unread > 0
        node.bold = unread > 0
        if fetched.error:
            node.tooltip = fetched.error
        else:
            node.tooltip = f"{unread} olästa meddelanden." if unread != 1 else "1 oläst meddelande."

    def _update_deviations(self, node: Node) -> None:
        fetched = self._fetch(deviation_queries.open_deviation_count)
        count = fetched.value or 0
        self._set_count(node, count)
        node.bold = count > 0
        if fetched.error:
            node.tooltip = fetched.error
        elif self.ctx.actor.can(Permission.ANALYSE_DEVIATION):
            node.tooltip = (
                f"{count} öppna avvikelser vid dina enheter och av dina egna, att analysera, "
                "återkoppla och avsluta."
            )
        else:
            node.tooltip = f"{count} av dina registrerade avvikelser är inte avslutade."

    @staticmethod
    def _set_count(node: Node, count: int) -> None:
        node.count = count
        node.label = f"{node.title} ({count})" if count else node.title

    # -- children: one method per kind, named by that kind's entry in kinds.py ----------------

    def desktop_folders(self, _node: Node) -> list[Node]:
        return self.desktop().children

    def inbox(self, _node: Node) -> list[Node]:
        limit = tree_queries.INBOX_LIMIT
        fetched = self._fetch(tree_queries.inbox_page, limit=limit)
        if fetched.error is not None:
            return [notice_node(fetched.error)]
        page: tree_queries.InboxPage = fetched.value
        nodes = [self.message_node(item) for item in page.items]
        if page.more:
            # A last line under the messages; the folder's summary pane shows it as a note.
            nodes.append(
                Node(
                    kind=NodeKind.NOTICE,
                    label=inbox_limit_text(limit),
                    tooltip="Äldre lästa meddelanden visas inte i Inkorgen.",
                    loaded=True,
                )
            )
        return nodes

    @staticmethod
    def message_node(item: MessageListItem) -> Node:
        # The person beside the subject: messages with the same subject (one per
        # distribution) tell apart at a glance.
        label = f"{item.subject} – {item.person}" if item.person else item.subject
        return Node(
            kind=NodeKind.MESSAGE,
            label=label,
            title=item.subject,
            ref=MessageRef(item.id),
            unread=not item.read,
            bold=not item.read,
            tooltip=f"Från {item.sender_name}, {date_time_text(item.sent_at)}"
            + ("" if item.read else " · Oläst"),
            loaded=True,
            payload=item,
        )

    def deviations(self, _node: Node) -> list[Node]:
        result = self._list(deviation_queries.deviation_folder)
        if isinstance(result, Node):
            return [result]
        return [
            Node(
                kind=NodeKind.DEVIATION,
                label=item.label,
                ref=DeviationRef(item.id),
                bold=item.state is not DeviationState.CLOSED and not item.own,
                muted=item.state is DeviationState.CLOSED,
                tooltip=f"{item.category.label} · {item.unit_name} · {item.state.label}"
                + (" · Rapporterad av dig" if item.own else ""),
                loaded=True,
                payload=item,
            )
            for item in result
        ]

    def my_persons(self, _node: Node) -> list[Node]:
        result = self._list(tree_queries.my_persons)
        if isinstance(result, Node):
            return [result]
        return [self.person_node(item) for item in result]

    def my_units(self, _node: Node) -> list[Node]:
        result = self._list(tree_queries.root_units)
        if isinstance(result, Node):
            return [result]
        return [self.unit_node(unit) for unit in result]

    def unit(self, node: Node) -> list[Node]:
        """The sub-units, then the first page of the unit's persons (at least as many rows as
        before a reload); node.more says where the next page starts."""
        unit_id = node.unit_id
        assert unit_id is not None
        node.more = None
        node.count = None
        units = self._list(tree_queries.child_units, unit_id)
        if isinstance(units, Node):
            return [units]
        limit = max(self.page_size, node.min_rows - len(units))
        fetched = fetch(self.ctx, tree_queries.unit_persons_page, unit_id, limit=limit)
        page = fetched.value
        if page is None:
            return [notice_node(fetched.error or "")]
        node.more = page.after
        if page.after is None:
            node.count = len(page.items)
        return [self.unit_node(unit) for unit in units] + self._person_nodes(page.items, unit_id)

    def unit_more(self, node: Node) -> list[Node]:
        """The next page of a unit's persons, after node.more (which it moves on)."""
        unit_id = node.unit_id
        assert unit_id is not None
        if node.more is None:
            return []
        after = node.more
        assert isinstance(after, tuple)
        node.more = None
        fetched = fetch(
            self.ctx, tree_queries.unit_persons_page, unit_id, after=after, limit=self.page_size
        )
        page = fetched.value
        if page is None:
            return [notice_node(fetched.error or "")]
        node.more = page.after
        return self._person_nodes(page.items, unit_id)

    def unit_person_count(self, node: Node) -> int | None:
        """How many persons the unit lists in all: counted from its rows once all are loaded,
        else by one count query (kept on the node until it is reloaded); None on an error."""
        if node.count is None:
            unit_id = node.unit_id
            assert unit_id is not None
            node.count = fetch(self.ctx, tree_queries.unit_person_count, unit_id).value
        return node.count

    def _person_nodes(self, items: list[PersonListItem], unit_id: int) -> list[Node]:
        person_node = self.person_node
        return [person_node(item, unit_id=unit_id) for item in items]

    @staticmethod
    def unit_node(unit: UnitView) -> Node:
        area = unit.business_area.label if unit.business_area else ""
        return Node(
            kind=NodeKind.UNIT,
            label=unit.name,
            ref=UnitRef(unit.id),
            tooltip=f"{unit.name} · {area}" if area else unit.name,
            payload=unit,
        )

    def person(self, node: Node) -> list[Node]:
        if is_new_assignment_person(node):
            return self._new_assignments_of(node)
        return person_children(node, self.ctx.actor)

    def insats_gf(self, node: Node) -> list[Node]:
        assert isinstance(node.ref, InterventionRef)
        ref = node.ref
        result = self._list(interventions.person_interventions, ref.person_id, unit_id=ref.unit_id)
        if isinstance(result, Node):
            return [result]
        return [intervention_node(ref, group) for group in result]

    def dokument_gf(self, node: Node) -> list[Node]:
        """The person's journals the user may read, then the genomförandeplaner at the unit
        (newest first); a missing plan past its deadline as a marked notice."""
        person_id, unit_id = node.person_id, node.unit_id
        if person_id is None or unit_id is None:
            return [notice_node(NO_UNIT_PLANS)]
        # A role that keeps no journal here gets none listed (the plans say why if refused).
        documents = self._fetch(journal_queries.person_documents, person_id, unit_id)
        journals = journal_nodes(documents.value) if documents.value is not None else []
        fetched = self._fetch(plan_queries.person_plans, person_id, unit_id)
        if fetched.error is not None:
            return [*journals, notice_node(fetched.error)]
        return [*journals, *plan_nodes(fetched.value)]


def folder_of(node: Node) -> Folder | None:
    return FOLDER_OF_KIND.get(node.kind)
