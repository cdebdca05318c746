"""A bar chart drawn with QPainter (PySide6-Essentials has no QtCharts): one bar per month,
stacked per series or side by side, with a value axis, grid lines, month names and a legend,
in the same colours as the PDF (domain.views.unit_statistics.CHART_COLOURS). Hovering a bar
shows its figure."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from treserva_desktop.domain import chart_axis
from treserva_desktop.domain.views.unit_statistics import CHART_COLOURS, Chart

EMPTY_TEXT = "Inget diagram att visa. Välj enhet och period och klicka på Visa."
_TEXT = QColor("#333333")
_MUTED = QColor("#666666")
_GRID = QColor("#E3E8EE")
_AXIS = QColor("#B7C4D1")
_MARGIN = 12.0


@dataclass(frozen=True, slots=True)
class _Bar:
    rect: QRectF
    text: str


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


class StatisticsChart(QWidget):
    """Shows one Chart (or a hint when there is none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statistics_chart")
        self.setAccessibleName("Diagram")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(220)
        self.chart: Chart | None = None
        self._bars: list[_Bar] = []
        self.setAccessibleDescription(EMPTY_TEXT)

    def sizeHint(self) -> QSize:
        return QSize(720, 320)

    def set_chart(self, chart: Chart | None) -> None:
        self.chart = chart
        self.setAccessibleDescription(self.describe())
        self.update()

    def describe(self) -> str:
        """The chart in words (for screen readers and tests): title, then month by month."""
        chart = self.chart
        if chart is None:
            return EMPTY_TEXT
        parts = [chart.title + "."]
        for index, category in enumerate(chart.categories):
            values = ", ".join(
                f"{series.name} {_number(series.values[index])}" for series in chart.series
            )
            parts.append(f"{category}: {values}.")
        return " ".join(parts)

    def top_value(self) -> float:
        return chart_axis.top_value(self.chart)

    def axis_values(self) -> list[int]:
        """The value axis's labelled grid lines, whole round steps as in the PDF
        (domain.chart_axis)."""
        return chart_axis.axis_values(self.chart)

    # -- painting ---------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        self._bars = []
        chart = self.chart
        if chart is None or not chart.categories:
            painter.setPen(_MUTED)
            painter.drawText(
                QRectF(self.rect()),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                EMPTY_TEXT,
            )
            return
        base = QFont(self.font())
        title_font = QFont(base)
        title_font.setBold(True)
        title_font.setPointSizeF(base.pointSizeF() * 1.1)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.9)
        metrics = QFontMetricsF(small)
        width, height = float(self.width()), float(self.height())

        painter.setFont(title_font)
        painter.setPen(_TEXT)
        title_height = QFontMetricsF(title_font).height()
        painter.drawText(QPointF(_MARGIN, _MARGIN + title_height * 0.8), chart.title)

        legend_rows = self._legend_rows(chart, metrics, width)
        legend_height = len(legend_rows) * (metrics.height() + 4) if len(chart.series) > 1 else 0.0
        axis = self.axis_values()
        top = float(axis[-1])
        axis_width = (
            max(metrics.horizontalAdvance(str(axis[-1])), metrics.horizontalAdvance("0")) + 8
        )
        plot = QRectF(
            _MARGIN + axis_width,
            _MARGIN + title_height + metrics.height() + 8,
            width - 2 * _MARGIN - axis_width,
            0.0,
        )
        label_width = max(metrics.horizontalAdvance(c) for c in chart.categories)
        slot = plot.width() / len(chart.categories)
        rotated = label_width + 6 > slot
        label_height = (
            (label_width * 0.72 + metrics.height() * 0.7) if rotated else metrics.height()
        )
        plot.setBottom(height - _MARGIN - legend_height - label_height - 10)
        if plot.height() < 40 or plot.width() < 40:
            return

        painter.setFont(small)
        painter.setPen(_MUTED)
        painter.drawText(QPointF(_MARGIN, plot.top() - 6), chart.value_label)
        for value in axis:
            y = plot.bottom() - value / top * plot.height()
            painter.setPen(QPen(_GRID if value else _AXIS, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(_MUTED)
            painter.drawText(
                QRectF(_MARGIN, y - metrics.height() / 2, axis_width - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(value),
            )

        self._draw_bars(painter, chart, plot, top, slot)
        self._draw_categories(painter, chart, plot, slot, metrics, rotated)
        if len(chart.series) > 1:
            self._draw_legend(painter, legend_rows, metrics, height - _MARGIN - legend_height)

    def _draw_bars(
        self, painter: QPainter, chart: Chart, plot: QRectF, top: float, slot: float
    ) -> None:
        count = len(chart.series)
        bar_width = min(slot * 0.64, 64.0)
        for index, category in enumerate(chart.categories):
            left = plot.left() + slot * index + (slot - bar_width) / 2
            base = plot.bottom()
            for number, series in enumerate(chart.series):
                value = series.values[index]
                colour = QColor(CHART_COLOURS[number % len(CHART_COLOURS)])
                bar_height = value / top * plot.height()
                if chart.stacked:
                    rect = QRectF(left, base - bar_height, bar_width, bar_height)
                    base -= bar_height
                else:
                    each = bar_width / count
                    rect = QRectF(
                        left + each * number, plot.bottom() - bar_height, each, bar_height
                    )
                if value <= 0:
                    continue
                painter.fillRect(rect, colour)
                if chart.stacked and count > 1:
                    painter.setPen(QPen(QColor("white"), 0.8))
                    painter.drawLine(rect.topLeft(), rect.topRight())
                self._bars.append(_Bar(rect, f"{category} · {series.name}: {_number(value)}"))
            if chart.stacked and count > 1:
                total = sum(series.values[index] for series in chart.series)
                self._bars.append(
                    _Bar(
                        QRectF(left, base - 1, bar_width, 1),
                        f"{category}: totalt {_number(total)}",
                    )
                )

    def _draw_categories(
        self,
        painter: QPainter,
        chart: Chart,
        plot: QRectF,
        slot: float,
        metrics: QFontMetricsF,
        rotated: bool,
    ) -> None:
        painter.setPen(_MUTED)
        for index, category in enumerate(chart.categories):
            centre = plot.left() + slot * (index + 0.5)
            if rotated:
                painter.save()
                painter.translate(centre + metrics.height() / 3, plot.bottom() + 6)
                painter.rotate(-45)
                text_width = metrics.horizontalAdvance(category)
                painter.drawText(QPointF(-text_width, metrics.ascent()), category)
                painter.restore()
            else:
                painter.drawText(
                    QRectF(centre - slot / 2, plot.bottom() + 4, slot, metrics.height()),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    category,
                )

    def _legend_rows(
        self, chart: Chart, metrics: QFontMetricsF, width: float
    ) -> list[list[tuple[int, str]]]:
        rows: list[list[tuple[int, str]]] = [[]]
        used = 0.0
        for number, series in enumerate(chart.series):
            entry = metrics.height() + 6 + metrics.horizontalAdvance(series.name) + 18
            if rows[-1] and used + entry > width - 2 * _MARGIN:
                rows.append([])
                used = 0.0
            rows[-1].append((number, series.name))
            used += entry
        return rows

    def _draw_legend(
        self,
        painter: QPainter,
        rows: list[list[tuple[int, str]]],
        metrics: QFontMetricsF,
        top: float,
    ) -> None:
        box = metrics.height() * 0.75
        y = top
        for row in rows:
            x = _MARGIN
            for number, name in row:
                painter.fillRect(
                    QRectF(x, y + (metrics.height() - box) / 2, box, box),
                    QColor(CHART_COLOURS[number % len(CHART_COLOURS)]),
                )
                painter.setPen(_TEXT)
                painter.drawText(QPointF(x + box + 6, y + metrics.ascent()), name)
                x += box + 6 + metrics.horizontalAdvance(name) + 18
            y += metrics.height() + 4

    # -- hover ------------------------------------------------------------------------------

    def bar_text_at(self, point: QPointF) -> str | None:
        for bar in self._bars:
            if bar.rect.adjusted(0, -2, 0, 2).contains(point):
                return bar.text
        return None

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent):
            text = self.bar_text_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)
