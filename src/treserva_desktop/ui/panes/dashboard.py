"""The manager dashboard on Mitt skrivbord: a tile per CountProvider the user may see, each
a count by SQL that opens its folder or list when clicked.

The counts run after the pane is painted (a zero-delay timer), each in its own read session,
and each tile shows its figure as it arrives: on PostgreSQL side by side in worker threads,
on SQLite one per turn of the event loop; the window is not held up for all of them. A tile
is counted only when stale: at first, and after a committed action whose change kinds it
names — never on every action or every visit to Mitt skrivbord."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from treserva_desktop.domain.changes import ChangeSet
from treserva_desktop.domain.numbers import grouped
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.panes.dashboard_counts import PROVIDERS, CountFn, CountProvider, Tally
from treserva_desktop.ui.runner import Fetched, fetch

log = logging.getLogger(__name__)

COLUMNS = 3
WARNING_COLOUR = "#a31515"
# On PostgreSQL the counts run side by side in this many worker threads, each on its own
# connection and server process.
COUNT_THREADS = 3
# On SQLite they run on the GUI thread, one per turn of the event loop (the longest, some
# 30 ms on the municipal demo, is not felt), on the window's own connection: each SQLite
# connection keeps its own page cache (db/database.py, SQLITE_CACHE_KIB), and counts in
# workers, beside the window's own reads, took the municipal benchmark's memory peak from
# 288 to 322-388 MB and, on connections whose caches were cold, took longer in all.
SQLITE_SIDE_BY_SIDE = False


class Tile(QPushButton):
    """A big count over its label; the button's accessible name says both."""

    def __init__(self, provider: CountProvider, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.provider = provider
        self.setObjectName(f"tile_{provider.key}")
        self.setToolTip(provider.tooltip)
        self.setMinimumSize(200, 92)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.number = QLabel("…")
        self.number.setObjectName("tile_count")
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.number.setFont(font)
        self.caption = QLabel(provider.label)
        self.caption.setWordWrap(True)
        self.detail = QLabel("")
        self.detail.setObjectName("tile_detail")
        layout = QVBoxLayout(self)
        for label in (self.number, self.caption, self.detail):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            layout.addWidget(label)
        # Room for the count, a caption of two lines and the urgent line, whatever the font.
        lines = self.caption.fontMetrics().lineSpacing()
        margins = layout.contentsMargins()
        self.setMinimumHeight(
            self.number.sizeHint().height()
            + 3 * lines
            + 2 * layout.spacing()
            + margins.top()
            + margins.bottom()
        )
        self.tally: Tally | None = None
        self.setAccessibleName(f"{provider.label}: räknas")

    def show_tally(self, tally: Tally | None) -> None:
        self.tally = tally
        provider = self.provider
        if tally is None:  # could not be counted
            self.number.setText("–")
            self.detail.setText("")
            self.setAccessibleName(provider.label)
            return
        self.number.setText(grouped(tally.total))
        urgent = ""
        if tally.urgent and provider.urgent_label:
            urgent = f"{grouped(tally.urgent)} {provider.urgent_label}"
        self.detail.setText(f"<span style='color:{WARNING_COLOUR}'>{urgent}</span>")
        alarming = (provider.warning and tally.total > 0) or bool(tally.urgent)
        colour = WARNING_COLOUR if alarming else "palette(text)"
        self.number.setStyleSheet(f"color: {colour};")
        self.setAccessibleName(
            f"{provider.label}: {tally.total}" + (f", {urgent}" if urgent else "")
        )


class _Delivery(QObject):
    """Created once on the GUI thread and never deleted: a count's worker hands its result
    to the GUI thread through it, so a dashboard closed meanwhile leaves nothing deleted to
    emit on (the delivery then finds the dashboard gone and drops the result)."""

    delivered = Signal(object)  # a callable, run on the GUI thread

    def __init__(self) -> None:
        super().__init__()
        self.delivered.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, deliver: Callable[[], None]) -> None:
        deliver()


_DELIVERY: _Delivery | None = None
_POOL: QThreadPool | None = None


def _delivery() -> _Delivery:
    global _DELIVERY
    if _DELIVERY is None:
        _DELIVERY = _Delivery()
    return _DELIVERY


def count_pool() -> QThreadPool:
    """The dashboard's own threads: its counts never wait behind a long statistics run in
    the global pool."""
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(COUNT_THREADS)
    return _POOL


def side_by_side(ctx: AppContext) -> bool:
    """Whether the counts run in worker threads (else in turns on the GUI thread)."""
    return SQLITE_SIDE_BY_SIDE or not ctx.database.is_sqlite


def wait_for_counts(timeout_ms: int = 5000) -> None:
    """Let counts in flight finish before the database is closed (at quit)."""
    if _POOL is not None:
        _POOL.waitForDone(timeout_ms)


class _Count(QRunnable):
    """One count (a tile's, or one part of it) in a worker thread, in its own read session."""

    def __init__(
        self,
        ctx: AppContext,
        count: CountFn,
        deliver: Callable[[Fetched[Tally]], None],
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.ctx = ctx
        self.count = count
        self.deliver = deliver

    def run(self) -> None:
        result = fetch(self.ctx, self.count, self.ctx)
        _delivery().delivered.emit(partial(self.deliver, result))


class Dashboard(QWidget):
    """The tiles in a grid; `open_requested(provider)` when one is clicked, `counted` when
    the last count in flight has been shown."""

    open_requested = Signal(object)  # CountProvider
    counted = Signal()

    def __init__(
        self,
        ctx: AppContext,
        providers: Sequence[CountProvider] = PROVIDERS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.ctx = ctx
        self.providers = [p for p in providers if p.visible_for(ctx.actor)]
        self.tiles: dict[str, Tile] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 4)
        for index, provider in enumerate(self.providers):
            tile = Tile(provider, self)
            tile.clicked.connect(lambda _checked=False, p=provider: self.open_requested.emit(p))
            grid.addWidget(tile, index // COLUMNS, index % COLUMNS)
            self.tiles[provider.key] = tile
        # A tile is stale until a count started after its last relevant change is shown;
        # `_changes[key]` numbers those changes. `_parts[key]`: the parts delivered so far of
        # the tile's count in flight (a key there is a tile being counted).
        self.stale: set[str] = set(self.tiles)
        self._changes: dict[str, int] = dict.fromkeys(self.tiles, 0)
        self._parts: dict[str, list[Fetched[Tally]]] = {}
        # Counts waiting for their turn on the GUI thread (SQLite).
        self._turns: deque[tuple[CountFn, Callable[[Fetched[Tally]], None]]] = deque()
        self._turn_scheduled = False
        self._scheduled = False
        self._started = 0.0
        self.last_ms: float | None = None  # from refresh() to the last count shown (benchmarks)
        _delivery()  # on the GUI thread, before any worker needs it
        ctx.events.data_changed.connect(self._after_change)

    @property
    def counting(self) -> bool:
        return bool(self._parts)

    def _after_change(self, change: ChangeSet) -> None:
        for provider in self.providers:
            if change.any_of(provider.kinds):
                self._changes[provider.key] += 1
                self.stale.add(provider.key)
        if self.stale and self.isVisible():
            self.schedule()

    def schedule(self) -> None:
        """Count what is stale once the event loop has painted what is on screen."""
        if self.stale and not self._scheduled:
            self._scheduled = True
            QTimer.singleShot(0, self, self.refresh)  # dropped if the pane is deleted first

    def recount_all(self) -> None:
        """Every tile counted anew now, as at the start (the benchmark's measure)."""
        for key in self.tiles:
            self._changes[key] += 1
        self.stale = set(self.tiles)
        self.refresh()

    def refresh(self) -> None:
        """Start a count for each stale tile not already being counted, each in a read
        session of its own: side by side in workers (PostgreSQL, each on its own server
        process) or one per turn of the event loop (SQLite), so the window stays responsive.
        Each tile shows its figure as it arrives."""
        self._scheduled = False
        wanted = [p for p in self.providers if p.key in self.stale and p.key not in self._parts]
        if not wanted:
            return
        if not self._parts:
            self._started = time.perf_counter()
        in_workers = side_by_side(self.ctx)
        pool = count_pool()
        for provider in wanted:
            started_at = self._changes[provider.key]
            self._parts[provider.key] = []
            deliver = partial(self._counted, provider, started_at)
            for count in provider.parts:
                if in_workers:
                    pool.start(_Count(self.ctx, count, deliver))
                else:
                    self._turns.append((count, deliver))
        self._next_turn()

    def _next_turn(self) -> None:
        """Schedule the next count waiting for the GUI thread, after what is queued now."""
        if self._turns and not self._turn_scheduled:
            self._turn_scheduled = True
            QTimer.singleShot(0, self, self._take_turn)

    def _take_turn(self) -> None:
        self._turn_scheduled = False
        if not self._turns:
            return
        count, deliver = self._turns.popleft()
        deliver(fetch(self.ctx, count, self.ctx))
        self._next_turn()

    def _counted(self, provider: CountProvider, started_at: int, part: Fetched[Tally]) -> None:
        if not isValid(self):  # the pane was closed while the count ran
            return
        key = provider.key
        parts = self._parts[key]
        parts.append(part)
        if len(parts) < len(provider.parts):
            return
        del self._parts[key]
        tallies = [part.value for part in parts if part.value is not None]
        if len(tallies) < len(parts):
            log.warning("dashboard count %s failed", key)
            self.tiles[key].show_tally(None)
        else:
            self.tiles[key].show_tally(sum(tallies[1:], tallies[0]))
            if self._changes[key] == started_at:
                self.stale.discard(key)
            elif self.isVisible():  # changed again while it was counted
                self.schedule()
        if not self._parts:
            self.last_ms = (time.perf_counter() - self._started) * 1000
            log.debug("dashboard: counts shown in %.1f ms", self.last_ms)
            self.counted.emit()
