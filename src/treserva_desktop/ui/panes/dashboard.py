"""The manager dashboard on Mitt skrivbord: a tile per CountProvider the user may see, each
a count by SQL that opens its folder or list when clicked.

All counts run in one read session, after the pane is painted (a zero-delay timer), and
only when stale: at first, and for a tile after a committed action whose change kinds it
names — never on every action or every visit to Mitt skrivbord."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from treserva_desktop.domain.changes import ChangeSet
from treserva_desktop.domain.numbers import grouped
from treserva_desktop.domain.rules import Actor
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.panes.dashboard_counts import PROVIDERS, CountProvider, Tally
from treserva_desktop.ui.runner import fetch

log = logging.getLogger(__name__)

COLUMNS = 3
WARNING_COLOUR = "#a31515"


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
        self.show_tally(None)

    def show_tally(self, tally: Tally | None) -> None:
        self.tally = tally
        provider = self.provider
        if tally is None:
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


class Dashboard(QWidget):
    """The tiles in a grid; `open_requested(provider)` when one is clicked."""

    open_requested = Signal(object)  # CountProvider

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
        self.stale: set[str] = set(self.tiles)
        self._scheduled = False
        self.last_ms: float | None = None  # how long the last refresh took (benchmarks)
        ctx.events.data_changed.connect(self._after_change)

    def _after_change(self, change: ChangeSet) -> None:
        self.stale |= {p.key for p in self.providers if change.any_of(p.kinds)}
        if self.stale and self.isVisible():
            self.schedule()

    def schedule(self) -> None:
        """Count what is stale once the event loop has painted what is on screen."""
        if self.stale and not self._scheduled:
            self._scheduled = True
            QTimer.singleShot(0, self, self.refresh)  # dropped if the pane is deleted first

    def refresh(self) -> None:
        self._scheduled = False
        wanted = [p for p in self.providers if p.key in self.stale]
        if not wanted:
            return
        ctx = self.ctx

        def count_all(session: Session, actor: Actor) -> list[Tally]:
            return [provider.count(session, actor, ctx) for provider in wanted]

        started = time.perf_counter()
        result = fetch(ctx, count_all)
        self.last_ms = (time.perf_counter() - started) * 1000
        if result.value is None:
            log.warning("dashboard counts failed")
            return
        for provider, tally in zip(wanted, result.value, strict=True):
            self.tiles[provider.key].show_tally(tally)
            self.stale.discard(provider.key)
        log.debug("dashboard: %d counts in %.1f ms", len(wanted), self.last_ms)
