"""What a list that fits its window looks like: no column beyond the right edge, and the
columns that must never be cut (dates, states, counts) as wide as their contents."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QTableView


def assert_fits(table: QTableView, whole: Iterable[int]) -> None:
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width(), "columns run past the right edge"
    for column in whole:
        wanted = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        assert header.sectionSize(column) >= wanted, f"column {column} is cut"
