"""What the manager dashboard on Mitt skrivbord counts: one CountProvider per tile (label,
one SQL count, what a click opens, who sees it, which change kinds make it stale).

A new tile is one entry in PROVIDERS: a count query in db/queries and a provider here with
the change kinds that make it stale."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from treserva_desktop.db.queries import counts as count_queries
from treserva_desktop.db.queries import deviations as deviation_queries
from treserva_desktop.db.queries import plan_compilation as plan_compilation_queries
from treserva_desktop.db.queries import short_term_places
from treserva_desktop.db.queries import tree as tree_queries
from treserva_desktop.db.queries import unexecuted as unexecuted_queries
from treserva_desktop.domain.changes import ChangeKind
from treserva_desktop.domain.commands.plan_compilation import CompilePlans
from treserva_desktop.domain.enums import Folder, Permission
from treserva_desktop.domain.rules import Actor
from treserva_desktop.ui.action_ids import ActionId
from treserva_desktop.ui.action_spec import ActionContext, ActionHost
from treserva_desktop.ui.context import AppContext


@dataclass(frozen=True, slots=True)
class Tally:
    """A tile's figures: the count and, where it has one, how many of them are urgent."""

    total: int
    urgent: int | None = None

    def __add__(self, other: Tally) -> Tally:
        """The figures of two disjoint parts of one tile's count."""
        urgent = (
            None
            if self.urgent is None and other.urgent is None
            else (self.urgent or 0) + (other.urgent or 0)
        )
        return Tally(self.total + other.total, urgent)


# (session, actor, context) -> the tile's figures; runs in the dashboard's one read session.
CountFn = Callable[[Session, Actor, AppContext], Tally]


@dataclass(frozen=True, slots=True)
class CountProvider:
    key: str
    label: str
    count: CountFn
    open: Callable[[ActionHost], None]
    kinds: frozenset[ChangeKind]
    permission: Permission | None = None
    tooltip: str = ""
    urgent_label: str = ""  # "försenade": shown as "(3 försenade)" under the count
    # A count above zero is a warning (red) rather than news.
    warning: bool = True
    # Counts of further disjoint parts, added to `count`'s: the dashboard runs each in its
    # own worker beside the others (for a tile whose single query would be the slowest).
    more: tuple[CountFn, ...] = ()

    @property
    def parts(self) -> tuple[CountFn, ...]:
        return (self.count, *self.more)

    def visible_for(self, actor: Actor) -> bool:
        return self.permission is None or actor.can(self.permission)


def _new_assignments(session: Session, actor: Actor, ctx: AppContext) -> Tally:
    counts = count_queries.new_assignment_counts(
        session, actor, overdue_working_days=ctx.settings.overdue_working_days
    )
    return Tally(counts.total, counts.overdue)


def _trigger(action_id: ActionId) -> Callable[[ActionHost], None]:
    """Opens what the menu entry opens (the registry is imported late: it imports panes)."""

    def run(host: ActionHost) -> None:
        from treserva_desktop.ui import actions

        actions.trigger(actions.spec(action_id), ActionContext(host, None))

    return run


def _plans_to_follow_up(host: ActionHost) -> None:
    """The compilation on today's persons at all the user's units, missing and overdue
    only: the same persons the tile counts (with those still within their deadline)."""
    from treserva_desktop.ui.handlers.plan_compilation import open_plan_compilation

    today = host.ctx.clock.today()
    open_plan_compilation(
        host, CompilePlans(period_start=today, period_end=today, only_attention=True)
    )


PROVIDERS: tuple[CountProvider, ...] = (
    CountProvider(
        "new_assignments",
        "Nya uppdrag",
        _new_assignments,
        lambda host: host.go_to_folder(Folder.NEW_ASSIGNMENTS),
        frozenset({ChangeKind.ASSIGNMENTS}),
        Permission.VIEW_NEW_ASSIGNMENTS,
        "Uppdrag som väntar på att accepteras och fördelas: gå till Nya uppdrag",
        urgent_label="försenade",
        warning=False,
    ),
    CountProvider(
        "unread_messages",
        "Olästa meddelanden",
        lambda session, actor, _ctx: Tally(tree_queries.unread_count(session, actor)),
        lambda host: host.go_to_folder(Folder.INBOX),
        frozenset({ChangeKind.MESSAGES}),
        None,
        "Gå till Inkorg",
        warning=False,
    ),
    CountProvider(
        "open_deviations",
        "Öppna avvikelser",
        lambda session, actor, _ctx: Tally(deviation_queries.open_deviation_count(session, actor)),
        lambda host: host.go_to_folder(Folder.DEVIATIONS),
        frozenset({ChangeKind.DEVIATIONS}),
        Permission.ANALYSE_DEVIATION,
        "Avvikelser som inte är avslutade: gå till Mitt skrivbord › Avvikelser",
    ),
    CountProvider(
        "plans_overdue",
        "Genomförandeplaner försenade",
        lambda session, actor, _ctx: Tally(
            plan_compilation_queries.overdue_open_plan_count(session, actor)
        ),
        _plans_to_follow_up,
        frozenset({ChangeKind.PLANS, ChangeKind.EXECUTIONS}),
        Permission.VIEW_STATISTICS,
        "Personer i dag utan plan efter tidsgränsen eller med passerad uppföljning: "
        "öppna sammanställningen",
        more=(
            lambda session, actor, _ctx: Tally(
                plan_compilation_queries.missing_plan_past_deadline_count(session, actor)
            ),
        ),
    ),
    CountProvider(
        "unexecuted_decisions",
        "Ej verkställda beslut, väntar nu",
        lambda session, actor, _ctx: Tally(unexecuted_queries.unexecuted_count(session, actor)),
        _trigger(ActionId.UNEXECUTED_DECISIONS),
        frozenset({ChangeKind.ASSIGNMENTS, ChangeKind.EXECUTIONS}),
        Permission.VIEW_STATISTICS,
        "Beslut som i dag har väntat på verkställighet i mer än tre månader. Kvartalets "
        "lista, som öppnas, tar också med dem som verkställts sent eller haft avbrott.",
    ),
    CountProvider(
        "missing_short_term_places",
        "Saknar korttidsplats",
        lambda session, actor, _ctx: Tally(
            short_term_places.missing_short_term_place_count(session, actor)
        ),
        _trigger(ActionId.MISSING_SHORT_TERM_PLACES),
        frozenset({ChangeKind.CONTRACTS, ChangeKind.EXECUTIONS}),
        Permission.MANAGE_HOUSING,
        "Personer med beslut om korttidsboende utan korttidsplats: öppna listan",
    ),
)
