"""The dashboard on Mitt skrivbord: tiles by permission, counts equal to the queries, and a
tile counted again only after a change of a kind it names (a new provider, such as the
deviations tile, is one more CountProvider)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from shiboken6 import isValid

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
from treserva_desktop.ui.panes import dashboard as dashboard_module
from treserva_desktop.ui.panes.dashboard import Dashboard, count_pool
from treserva_desktop.ui.panes.dashboard_counts import PROVIDERS, CountProvider, Tally


def test_tiles_follow_the_role_and_count_as_the_queries(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    ctx = make_ctx("verksamhetschef")
    dashboard = Dashboard(ctx)
    qtbot.addWidget(dashboard)
    assert list(dashboard.tiles) == [p.key for p in PROVIDERS]
    with qtbot.waitSignal(dashboard.counted):
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
    with qtbot.waitSignal(dashboard.counted):
        dashboard.refresh()
    assert calls == {"messages": 1, "deviations": 1}
    ctx.events.data_changed.emit(ChangeSet.of({ChangeKind.JOURNALS}))
    ctx.events.data_changed.emit(ChangeSet.of({ChangeKind.MESSAGES}))
    assert dashboard.stale == {"messages"}
    with qtbot.waitSignal(dashboard.counted):
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


def _blocking_provider(key: str, release: threading.Event, calls: Counter[str]) -> CountProvider:
    def count(*_args: object) -> Tally:
        calls[key] += 1
        if not release.wait(10):
            raise AssertionError("never released")
        return Tally(calls[key])

    return CountProvider(
        key, key, count, lambda _h: None, frozenset({ChangeKind.MESSAGES}), warning=False
    )


@pytest.fixture
def in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counts in worker threads, as on PostgreSQL, whatever the test database."""
    monkeypatch.setattr(dashboard_module, "SQLITE_SIDE_BY_SIDE", True)


@pytest.mark.usefixtures("in_workers")
def test_a_slow_count_holds_up_neither_the_window_nor_the_other_tiles(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    release = threading.Event()
    calls: Counter[str] = Counter()
    quick = CountProvider(
        "quick",
        "Snabb",
        lambda *_args: Tally(7),
        lambda _h: None,
        frozenset({ChangeKind.DEVIATIONS}),
    )
    dashboard = Dashboard(
        make_ctx("verksamhetschef"), [_blocking_provider("slow", release, calls), quick]
    )
    qtbot.addWidget(dashboard)
    assert dashboard.tiles["slow"].number.text() == "…"
    try:
        dashboard.refresh()  # returns at once: the counts run in their own threads
        qtbot.waitUntil(lambda: dashboard.tiles["quick"].number.text() == "7")
        assert dashboard.counting
        assert dashboard.stale == {"slow"}
        assert dashboard.tiles["slow"].number.text() == "…"
        assert dashboard.tiles["slow"].accessibleName() == "slow: räknas"
    finally:
        release.set()
    qtbot.waitUntil(lambda: not dashboard.counting)
    assert dashboard.stale == set()
    assert dashboard.tiles["slow"].number.text() == "1"


@pytest.mark.usefixtures("in_workers")
def test_a_change_while_a_tile_is_counted_counts_it_again(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    release = threading.Event()
    calls: Counter[str] = Counter()
    ctx = make_ctx("verksamhetschef")
    dashboard = Dashboard(ctx, [_blocking_provider("messages", release, calls)])
    qtbot.addWidget(dashboard)
    dashboard.show()
    dashboard.refresh()
    qtbot.waitUntil(lambda: calls["messages"] == 1)
    # The count in flight may have read before this change committed: its figure is shown,
    # but the tile stays stale and is counted once more.
    ctx.events.data_changed.emit(ChangeSet.of({ChangeKind.MESSAGES}))
    ctx.events.data_changed.emit(ChangeSet.of({ChangeKind.MESSAGES}))
    release.set()
    qtbot.waitUntil(lambda: not dashboard.counting and not dashboard.stale)
    assert calls["messages"] == 2
    assert dashboard.tiles["messages"].number.text() == "2"


def test_a_count_that_fails_shows_a_dash_and_stays_stale(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    def broken(*_args: object) -> Tally:
        raise RuntimeError("the count's query failed")

    provider = CountProvider(
        "broken", "Trasig", broken, lambda _h: None, frozenset({ChangeKind.MESSAGES})
    )
    dashboard = Dashboard(make_ctx("verksamhetschef"), [provider])
    qtbot.addWidget(dashboard)
    with qtbot.waitSignal(dashboard.counted):
        dashboard.refresh()
    assert dashboard.tiles["broken"].number.text() == "–"
    assert dashboard.stale == {"broken"}


@pytest.mark.usefixtures("in_workers")
def test_a_dashboard_closed_while_counting_drops_the_late_count(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    release = threading.Event()
    calls: Counter[str] = Counter()
    dashboard = Dashboard(make_ctx("verksamhetschef"), [_blocking_provider("late", release, calls)])
    dashboard.refresh()
    qtbot.waitUntil(lambda: calls["late"] == 1)
    dashboard.deleteLater()
    qtbot.waitUntil(lambda: not isValid(dashboard))
    release.set()
    assert count_pool().waitForDone(10_000)
    qtbot.wait(50)  # the delivery runs on the GUI thread and finds the dashboard gone


def test_a_tile_counted_in_parts_shows_their_sum(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    def part(total: int, urgent: int | None = None) -> Callable[..., Tally]:
        return lambda *_args: Tally(total, urgent)

    def broken(*_args: object) -> Tally:
        raise RuntimeError("one part's query failed")

    def provider(key: str, *more: Callable[..., Tally]) -> CountProvider:
        return CountProvider(
            key,
            key,
            part(3, 1),
            lambda _h: None,
            frozenset({ChangeKind.PLANS}),
            urgent_label="försenade",
            more=more,
        )

    dashboard = Dashboard(
        make_ctx("verksamhetschef"),
        [provider("summed", part(4), part(5, 2)), provider("half_failed", broken)],
    )
    qtbot.addWidget(dashboard)
    with qtbot.waitSignal(dashboard.counted):
        dashboard.refresh()
    assert dashboard.tiles["summed"].tally == Tally(12, 3)
    assert dashboard.tiles["summed"].accessibleName() == "summed: 12, 3 försenade"
    # One failed part: no figure at all rather than a wrong one.
    assert dashboard.tiles["half_failed"].number.text() == "–"
    assert dashboard.stale == {"half_failed"}


def test_on_sqlite_the_counts_take_turns_on_the_gui_thread(
    qtbot, make_ctx: Callable[[str], AppContext]
) -> None:
    """Each SQLite connection fills its own page cache: the counts use the window's own
    connection, one per turn of the event loop, so what is queued meanwhile runs between."""
    ctx = make_ctx("verksamhetschef")
    if not ctx.database.is_sqlite:
        pytest.skip("PostgreSQL counts side by side in workers")
    happened: list[str] = []
    threads: set[threading.Thread] = set()

    def count(name: str) -> Callable[..., Tally]:
        def run(*_args: object) -> Tally:
            threads.add(threading.current_thread())
            happened.append(name)
            # Queued now: must run before the next count does.
            QTimer.singleShot(0, lambda: happened.append(f"after {name}"))
            return Tally(1)

        return run

    providers = [
        CountProvider(key, key, count(key), lambda _h: None, frozenset({ChangeKind.PLANS}))
        for key in ("first", "second")
    ]
    dashboard = Dashboard(ctx, providers)
    qtbot.addWidget(dashboard)
    with qtbot.waitSignal(dashboard.counted):
        dashboard.refresh()
        assert happened == []  # refresh() itself counts nothing
    assert happened[:3] == ["first", "after first", "second"]
    assert threads == {threading.main_thread()}
    assert dashboard.stale == set()
