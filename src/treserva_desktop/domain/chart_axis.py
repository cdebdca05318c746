"""The value axis of the statistics charts, one scale for the window's chart
(ui.widgets.statistics_chart) and the PDF's (documents.unit_statistics_pdf): they count
people, interventions and deviations (or show a percentage up to 100), so the axis goes up in
whole round steps, 1, 2 or 5 × 10^n, and reads 0, 1, 2 … and never 0,5 or 7,5."""

from __future__ import annotations

import math

from treserva_desktop.domain.views.unit_statistics import Chart


def nice_step(maximum: float, ticks: int = 5) -> int:
    """A round whole step (1, 2 or 5 × 10^n) giving at most about `ticks` grid lines up to
    `maximum`; never below 1."""
    if maximum <= ticks:
        return 1
    raw = maximum / ticks
    power: int = 10 ** math.floor(math.log10(raw))  # raw > 1, so a whole power
    return next(factor * power for factor in (1, 2, 5, 10) if raw <= factor * power)


def top_value(chart: Chart | None) -> float:
    """The highest bar (a month's stacked total, or its highest series side by side), or the
    chart's fixed top (100 for a percentage); 0 with nothing to show."""
    if chart is None or not chart.categories:
        return 0.0
    if chart.maximum is not None:
        return chart.maximum
    totals = [
        sum(s.values[i] for s in chart.series)
        if chart.stacked
        else max((s.values[i] for s in chart.series), default=0.0)
        for i in range(len(chart.categories))
    ]
    return max(totals, default=0.0)


def axis_values(chart: Chart | None) -> list[int]:
    """The value axis's labelled grid lines: 0 and whole steps up to the first at or above
    the highest bar (0 and 1 when every bar is 0)."""
    highest = top_value(chart)
    step = nice_step(highest)
    top = max(step, math.ceil(highest / step) * step)
    return list(range(0, top + 1, step))
