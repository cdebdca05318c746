"""Avvikelsestatistik (Uppföljning › Avvikelsestatistik…) beyond its table: the chart a
manager reads at a glance (the chosen unit's deviations month by month, its sub-units
included) and the table as exported, both built from the DeviationTable the query returns.
Counts per unit only: nothing here names a person."""

from __future__ import annotations

from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.domain.unit_statistics_rules import TOTAL, period_text, short_month_name
from treserva_desktop.domain.views.deviations import DeviationTable
from treserva_desktop.domain.views.unit_statistics import Chart, Series

TITLE = "Avvikelsestatistik"
NOTE = (
    "Antal avvikelser per månad efter när händelsen inträffade. En enhets rad räknar med "
    "dess underenheter."
)
VALUE_LABEL = "Avvikelser"


def unit_name(table: DeviationTable) -> str:
    """The unit the statistics were taken for (the table's first row; its sub-units follow)."""
    return table.rows[0].unit_name if table.rows else ""


def deviation_chart(table: DeviationTable) -> Chart | None:
    """One bar per month: the deviations of the chosen unit, its sub-units included (the
    table's first row). None when there is no unit row."""
    if not table.rows:
        return None
    top = table.rows[0]
    return Chart(
        title=f"Avvikelser per månad – {top.unit_name} · {table.type_name}",
        value_label=VALUE_LABEL,
        categories=tuple(short_month_name(Month.of(month)) for month in table.months),
        series=(Series(VALUE_LABEL, tuple(float(count) for count in top.counts)),),
        stacked=False,
    )


def table_header(table: DeviationTable) -> tuple[str, ...]:
    """Enhet, the months (2026-11) and Totalt, as the dialog's table shows them."""
    return ("Enhet", *(f"{month:%Y-%m}" for month in table.months), TOTAL)


def table_lines(table: DeviationTable) -> list[tuple[str, ...]]:
    """What the CSV file holds: what was asked for, the note, a blank line, the header and a
    line per unit (the unit first, then each unit below it, as in the dialog)."""
    lines: list[tuple[str, ...]] = [(TITLE,), ("Enhet", unit_name(table))]
    lines.append(("Typ", table.type_name))
    if table.months:
        lines.append(("Period", period_text(table.months[0], table.months[-1])))
    lines += [(NOTE,), (), table_header(table)]
    lines += [
        (row.unit_name, *(str(count) for count in row.counts), str(row.total)) for row in table.rows
    ]
    return lines
