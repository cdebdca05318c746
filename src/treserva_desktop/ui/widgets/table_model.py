"""A small read-only QAbstractTableModel over a list of row objects, with declared columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

R = TypeVar("R")
AnyIndex = QModelIndex | QPersistentModelIndex
# An invalid index (the invisible root); Qt treats it as a value, so one instance is safe.
NO_INDEX = QModelIndex()

MUTED = QColor("#6b6b6b")
ALERT = QColor("#a31515")


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    title: str
    value: Callable[[R], str]
    tooltip: Callable[[R], str] | None = None
    align_right: bool = False
    # What a click on the header sorts by (the shown text when None: dates as yyyy-mm-dd
    # sort right as text, numbers need a key).
    sort_key: Callable[[R], Any] | None = None


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Rows are plain view objects; `muted(row)` greys a row out, `alert(row)` makes it red."""

    def __init__(
        self,
        columns: Sequence[Column[R]],
        *,
        muted: Callable[[R], bool] | None = None,
        alert: Callable[[R], bool] | None = None,
        bold: Callable[[R], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[R] = []
        self._muted = muted
        self._alert = alert
        self._bold = bold

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row(self, index: AnyIndex) -> R:
        return self.rows[index.row()]

    def rowCount(self, parent: AnyIndex = NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.value(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else column.value(row) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._alert and self._alert(row):
                return ALERT
            if self._muted and self._muted(row):
                return MUTED
        if role == Qt.ItemDataRole.FontRole and self._bold and self._bold(row):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header clicks of a table with sorting enabled: by the column's key, stable."""
        if not 0 <= column < len(self.columns):
            return
        spec = self.columns[column]
        key = spec.sort_key or spec.value
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=key, reverse=order is Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
