"""Execution rows of some units that run on some day of a period, found by end date.

A row runs in the period when it starts on or before its last day and is open-ended or ends
on or after its first. Written as that one condition, both dialects read every row the units
ever had (SQLite through ix_executions_unit_dates, every row started before the period's end;
PostgreSQL through ix_executions_unit_end, testing the OR on each), a number that grows with
the years of history. Here the rows come from ix_executions_unit_end as two ranges per unit,
open-ended rows and rows ending in or after the period (a UNION ALL), with the start date
tested in the index's entries and kept out of SQLite's choice of index (not_indexed)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Subquery, select, union_all

from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.models import Execution
from treserva_desktop.db.not_indexed import not_indexed


def unit_rows_in_period(
    columns: Iterable[Any],
    units: Iterable[int],
    first: date,
    last: date,
    *conditions: ColumnElement[bool],
) -> Subquery:
    """`columns` of the rows at `units` running on some day from `first` to `last` that meet
    `conditions`, as a subquery (its columns named as the Execution columns given)."""
    rows = select(*columns).where(
        in_ids(Execution.unit_id, units), not_indexed(Execution.start_date) <= last, *conditions
    )
    return union_all(
        rows.where(Execution.end_date.is_(None)), rows.where(Execution.end_date >= first)
    ).subquery()
