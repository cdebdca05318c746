"""The dashboard on Mitt skrivbord: tiles by permission, counts equal to the queries, and a
tile counted again only after a change of a kind it names (a new provider, such as the
deviations tile, is one more CountProvider)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from treserva_desktop.db.queries import (
    counts,
    deviations,
    plan_compilation,
    short_term_places,
    tree,
    unexecuted,
)
from treserva_desktop.domain.changes import ChangeKind, ChangeSet
from treserva_desktop.domain.enums import Permission
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.panes.dashboard import Dashboard
from treserva_desktop.ui.panes.dashboard_counts import PROVIDERS, CountProvider, Tally


def test_tiles_follow_the_role_and_count_as_the_queries(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    ctx = make_ctx("verksamhetschef")
    dashboard = Dashboard(ctx)
    qtbot.addWidget(dashboard)
    assert list(dashboard.tiles) == [p.key for p in PROVIDERS]
    dashboard.refresh()
    assert dashboard.stale == set()
    actor = ctx.actor
    with ctx.database.read() as session:
        expected = {
            "new_assignments": counts.new_assignment_counts(
                session, actor, overdue_working_days=ctx.settings.overdue_working_days
            ).total,
            "unread_messages": tree.unread_count(session, actor),
            "open_deviations": deviations.open_deviation_count(session, actor),
            "plans_overdue": plan_compilation.overdue_plan_count(session, actor),
            "unexecuted_decisions": unexecuted.unexecuted_count(session, actor),
            "missing_short_term_places": short_term_places.missing_short_term_place_count(
                session, actor
            ),
            "missing_list": len(short_term_places.missing_short_term_places(session, actor)),
        }
    shown = {key: tile.tally.total for key, tile in dashboard.tiles.items() if tile.tally}
    assert shown == {k: v for k, v in expected.items() if k != "missing_list"}
    assert shown["missing_short_term_places"] == expected["missing_list"]
    tile = dashboard.tiles["new_assignments"]
    assert tile.accessibleName().startswith(f"Nya uppdrag: {shown['new_assignments']}")

    staff = Dashboard(make_ctx("personal"))
    qtbot.addWidget(staff)
    assert list(staff.tiles) == ["unread_messages"]


def test_only_stale_tiles_are_counted_again(qtbot, make_ctx: Callable[[str], AppContext]) -> None:
    calls: Counter[str] = Counter()

    def counting(key: str) -> Callable[..., Tally]:
        def count(*_args: object) -> Tally:
            calls[key] += 1
            return Tally(calls[key])

        return count

    providers = [
        CountProvider(
            "messages",
            "Olästa",
            counting("messages"),
            lambda _h: None,
            frozenset({ChangeKind.MESSAGES}),
        ),
        CountProvider(
            "deviations",
            "Öppna avvikelser",
            counting("deviations"),
            lambda _h: None,
            frozenset({ChangeKind.DEVIATIONS}),
            Permission.ANALYSE_DEVIATION,
        ),
    ]
    ctx = make_ctx("verksamhetschef")
    dashboard = Dashboard(ctx, providers)
    qtbot.addWidget(dashboard)
    dashboard.refresh()
    assert calls == {"messages": 1, "deviations": 1}
    ctx.events.data_changed.emit(ChangeSet.of({ChangeKind.JOURNALS}))
    ctx.events.data_changed.emit(ChangeSet.of({ChangeKind.MESSAGES}))
    assert dashboard.stale == {"messages"}
    dashboard.refresh()
    assert calls == {"messages": 2, "deviations": 1}
    assert dashboard.tiles["messages"].number.text() == "2"
    # Shown: a change schedules the count after the event loop turns, once.
    dashboard.show()
    ctx.events.data_changed.emit(ChangeSet.of({ChangeKind.DEVIATIONS}))
    ctx.events.data_changed.emit(ChangeSet.of({ChangeKind.DEVIATIONS}))
    qtbot.waitUntil(lambda: not dashboard.stale)
    assert calls == {"messages": 2, "deviations": 2}
    # A role without the permission gets no such tile.
    staff = Dashboard(make_ctx("samordnare"), providers)
    qtbot.addWidget(staff)
    assert list(staff.tiles) == ["messages"]
