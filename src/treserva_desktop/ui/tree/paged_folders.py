"""The tree loader's base: fetching a branch, person rows, and the folders of Mitt skrivbord
that come in pages of persons (Nya uppdrag, Ej aktuella – att avsluta), with their counts over
pages not loaded yet. TreeLoader (ui/tree/loader.py) adds the other branches."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from treserva_desktop.db.queries import counts as count_queries
from treserva_desktop.db.queries import new_assignments as new_assignment_queries
from treserva_desktop.db.queries import not_current as not_current_queries
from treserva_desktop.db.queries import tree as tree_queries
from treserva_desktop.domain.views import AssignmentListItem, NewAssignmentPerson, PersonListItem
from treserva_desktop.domain.views.not_current import NotCurrentPerson, NotCurrentTally
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.tree.nodes import AssignmentRef, Node, NodeKind, PersonRef, notice_node
from treserva_desktop.ui.tree.person_nodes import FOLLOW_UP_OVER, FOLLOW_UP_OVER_MARK

T = TypeVar("T")

PROTECTED_MARK = "skyddad identitet"
REMOVED_MARK = "borttagen ur mappen"


def overdue_text(days: int) -> str:
    unit = "arbetsdag" if days == 1 else "arbetsdagar"
    return f"Mottaget för mer än {days} {unit} sedan"


def new_assignment_tally_of(persons: Iterable[Node]) -> count_queries.NewAssignmentCounts:
    """Nya uppdrag's numbers from its loaded person rows and their assignments."""
    listed = [person for person in persons if person.kind is NodeKind.PERSON]
    assignments = [a for person in listed for a in person.children if a.kind is NodeKind.ASSIGNMENT]
    return count_queries.NewAssignmentCounts(
        len(assignments), sum(1 for a in assignments if a.overdue), len(listed)
    )


def person_label(item: PersonListItem) -> str:
    label = f"{item.name} ({item.identity_display})"
    if item.protected_identity:
        label += f" – {PROTECTED_MARK}"
    return label


# Loads one page of a paged folder's children: the node, where to start (None: the first)
# and how many.
PageLoader = Callable[[Node, "tree_queries.PersonKey | None", int], list[Node]]


class PagedFolderLoader:
    """See the module. Errors become a notice row, never a modal box."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        # Persons per page under a unit.
        self.page_size = tree_queries.UNIT_PAGE_SIZE

    @property
    def overdue_days(self) -> int:
        return self.ctx.settings.overdue_working_days

    @property
    def lookback_days(self) -> int:
        return self.ctx.preferences.not_current_lookback_days

    def _fetch(self, query: Callable[..., T], *args: Any, **kwargs: Any) -> Any:
        return fetch(self.ctx, query, *args, **kwargs)

    def _list(self, query: Callable[..., list[T]], *args: Any, **kwargs: Any) -> list[T] | Node:
        fetched = self._fetch(query, *args, **kwargs)
        if fetched.error is not None:
            return notice_node(fetched.error)
        return list(fetched.value)

    # -- folders that come in pages (keyset pages of persons in name order) ----------------

    def _first_page(self, node: Node, page_of: PageLoader) -> list[Node]:
        """The first page of a paged folder (at least as many rows as before a reload); the
        folder's counts as they were are dropped, and node.more says where the next starts."""
        node.more = None
        node.payload = None
        return page_of(node, None, max(self.page_size, node.min_rows))

    def _next_page(self, node: Node, page_of: PageLoader) -> list[Node]:
        """The next page of a paged folder, after node.more (which it moves on)."""
        after = node.more
        if after is None:
            return []
        assert isinstance(after, tuple)
        node.more = None
        return page_of(node, after, self.page_size)

    def _keyset_page(
        self,
        node: Node,
        query: Callable[..., Any],
        make_node: Callable[[Any], Node],
        **kwargs: Any,
    ) -> list[Node]:
        """One page from `query` (a result with `items` and `after`) as nodes; a notice on an
        error."""
        fetched = self._fetch(query, **kwargs)
        page = fetched.value
        if page is None:
            return [notice_node(fetched.error or "")]
        node.more = page.after
        return [make_node(item) for item in page.items]

    def new_assignments(self, node: Node) -> list[Node]:
        """The first page of Nya uppdrag's persons, each with their waiting assignments."""
        return self._first_page(node, self._new_assignments_page)

    def new_assignments_more(self, node: Node) -> list[Node]:
        return self._next_page(node, self._new_assignments_page)

    def _new_assignments_page(
        self, node: Node, after: tree_queries.PersonKey | None, limit: int
    ) -> list[Node]:
        return self._keyset_page(
            node,
            new_assignment_queries.new_assignments_page,
            self._new_assignment_person,
            after=after,
            limit=limit,
            overdue_working_days=self.overdue_days,
        )

    def new_assignment_counts(self, node: Node) -> count_queries.NewAssignmentCounts | None:
        """How many assignments Nya uppdrag holds in all, overdue ones and persons, loaded or
        not: one count query, kept on the folder node until it is reloaded; None on an error."""
        if not isinstance(node.payload, count_queries.NewAssignmentCounts):
            node.payload = self._fetch(
                count_queries.new_assignment_counts, overdue_working_days=self.overdue_days
            ).value
        return node.payload if isinstance(node.payload, count_queries.NewAssignmentCounts) else None

    def _new_assignment_person(self, entry: NewAssignmentPerson) -> Node:
        node = self.person_node(entry.person)
        node.overdue = entry.overdue
        node.bold = any(not item.read for item in entry.assignments)
        if entry.overdue:
            node.tooltip = f"{node.tooltip}\n{overdue_text(self.overdue_days)}"
        node.set_children([self.assignment_node(item) for item in entry.assignments])
        return node

    def _new_assignments_of(self, person: Node) -> list[Node]:
        """A person under Nya uppdrag reloaded on its own: their waiting assignments."""
        if person.person_id is None:
            return []
        fetched = self._fetch(
            new_assignment_queries.new_assignments_page,
            person_id=person.person_id,
            overdue_working_days=self.overdue_days,
        )
        page: new_assignment_queries.NewAssignmentPage | None = fetched.value
        if page is None:
            return [notice_node(fetched.error or "")]
        return [self.assignment_node(item) for entry in page.items for item in entry.assignments]

    def assignment_node(self, item: AssignmentListItem) -> Node:
        tooltip = f"{item.status.label} {item.received_on:%Y-%m-%d}"
        if not item.read:
            tooltip += " · Inte läst ännu"
        if item.overdue:
            tooltip = f"{overdue_text(self.overdue_days)}\n{tooltip}"
        return Node(
            kind=NodeKind.ASSIGNMENT,
            label=item.title,
            ref=AssignmentRef(item.person_id, item.id),
            overdue=item.overdue,
            unread=not item.read,
            bold=not item.read or item.overdue,
            tooltip=tooltip,
            loaded=True,
            payload=item,
        )

    def not_current(self, node: Node) -> list[Node]:
        """The first page of Ej aktuella – att avsluta."""
        return self._first_page(node, self._not_current_page)

    def not_current_more(self, node: Node) -> list[Node]:
        return self._next_page(node, self._not_current_page)

    def _not_current_page(
        self, node: Node, after: tree_queries.PersonKey | None, limit: int
    ) -> list[Node]:
        return self._keyset_page(
            node,
            not_current_queries.not_current_page,
            self.not_current_node,
            after=after,
            limit=limit,
            lookback_days=self.lookback_days,
            show_removed=self.ctx.preferences.not_current_show_removed,
        )

    def not_current_tally(self, node: Node) -> NotCurrentTally | None:
        """How many persons Ej aktuella lists in all, loaded or not: one count query, kept
        on the folder node until it is reloaded; None on an error."""
        if not isinstance(node.payload, NotCurrentTally):
            node.payload = self._fetch(
                not_current_queries.not_current_tally,
                lookback_days=self.lookback_days,
                show_removed=self.ctx.preferences.not_current_show_removed,
            ).value
        return node.payload if isinstance(node.payload, NotCurrentTally) else None

    def not_current_node(self, item: NotCurrentPerson) -> Node:
        """A person of Ej aktuella at the unit where their last row ended: when it ended; one
        past the follow-up time or removed shown muted."""
        node = self.person_node(item.person, unit_id=item.unit_id)
        node.payload = item
        node.tooltip += f"\nSista insatsen avslutades {item.last_end:%Y-%m-%d}."
        if not item.in_follow_up:
            node.label += f" – {FOLLOW_UP_OVER_MARK}"
            node.muted = True
            node.readable = False
            node.tooltip += f"\n{FOLLOW_UP_OVER}"
        if item.removed:
            node.label += f" – {REMOVED_MARK}"
            node.muted = True
            node.tooltip += "\nBorttagen ur mappen (Visa i mapp igen visar den som vanligt)."
        return node

    @staticmethod
    def person_node(item: PersonListItem, *, unit_id: int | None = None) -> Node:
        tooltip = f"{item.name}, {item.identity_display}"
        if item.protected_identity:
            tooltip += "\nSkyddad identitet: adress och telefon visas inte, åtkomst loggas."
        return Node(
            kind=NodeKind.PERSON,
            label=person_label(item),
            title=item.name,
            ref=PersonRef(item.id, unit_id),
            protected=item.protected_identity,
            tooltip=tooltip,
            payload=item,
        )
