"""The organisation tree picker: Kommunen › ÄO Utförare › ÄO Hemtjänst › unit, with a filter.

Only units marked `selectable` can be chosen; the others are shown (greyed) so the user sees
where a unit sits. Reused wherever a provider unit is picked (send assignment, Byt utförare).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.enums import OrgUnitKind
from treserva_desktop.domain.views.authority import ReceiverUnit
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.tree.node_model import AnyIndex, NodeTreeModel

UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NOT_SELECTABLE_COLOR = QColor("#6b6b6b")
NONE_CHOSEN = "Ingen mottagare vald – välj en enhet i trädet."

_KIND_ICONS = {
    OrgUnitKind.MUNICIPALITY: "desktop",
    OrgUnitKind.DEPARTMENT: "folder",
    OrgUnitKind.BRANCH: "folder",
    OrgUnitKind.UNIT: "unit",
    OrgUnitKind.SUBUNIT: "unit",
}


NBSP = "\u00a0"


def chosen_text(prefix: str, path: str) -> str:
    """'Vald enhet:' on a line of its own and the path below, able to wrap only between its
    units: a name is never split ("Kommunen › ÄO Hemtjänst › Hemtjänst" / "Norr" read badly
    in a narrow column)."""
    units = (name.replace(" ", NBSP) for name in path.split(" › "))
    return f"{prefix}:\n" + " › ".join(units)


@dataclass(eq=False)
class _UnitNode:
    unit: ReceiverUnit | None  # None for the invisible root
    parent: _UnitNode | None = None
    children: list[_UnitNode] = field(default_factory=list)

    def row(self) -> int:
        if self.parent is None:
            return 0
        return next(i for i, child in enumerate(self.parent.children) if child is self)


class OrgUnitModel(NodeTreeModel[_UnitNode]):
    """A read-only tree over ReceiverUnit rows (in any order: each goes under its parent)."""

    def __init__(self, units: Sequence[ReceiverUnit] = (), parent: QObject | None = None) -> None:
        super().__init__(_UnitNode(None), parent)
        self._by_id: dict[int, _UnitNode] = {}
        self.set_units(units)

    def set_units(self, units: Sequence[ReceiverUnit]) -> None:
        self.beginResetModel()
        self._root = _UnitNode(None)
        self._by_id = {unit.id: _UnitNode(unit) for unit in units}
        # Children in the order given, whatever order parents and children come in (a list
        # sorted by name puts "ÄO Vårdboende" after its units); a unit whose parent is not
        # listed sits at the top.
        for unit in units:
            node = self._by_id[unit.id]
            parent = self._root
            if unit.parent_id is not None and unit.parent_id != unit.id:
                parent = self._by_id.get(unit.parent_id, self._root)
            node.parent = parent
            parent.children.append(node)
        self.endResetModel()

    def unit(self, unit_id: int) -> ReceiverUnit | None:
        node = self._by_id.get(unit_id)
        return node.unit if node else None

    def unit_at(self, index: AnyIndex) -> ReceiverUnit | None:
        return self.node(index).unit if index.isValid() else None

    def index_of(self, unit_id: int) -> QModelIndex:
        node = self._by_id.get(unit_id)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row(), 0, node)

    def path(self, unit_id: int) -> str:
        """'Kommunen › ÄO Utförare › ÄO Hemtjänst › Hemtjänst Norr'."""
        names: list[str] = []
        node = self._by_id.get(unit_id)
        while node is not None and node.unit is not None:
            names.append(node.unit.name)
            node = node.parent
        return " › ".join(reversed(names))

    # -- QAbstractItemModel -------------------------------------------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        unit = self.unit_at(index)
        if unit is None:
            return Qt.ItemFlag.NoItemFlags
        if unit.selectable:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.ItemIsEnabled

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        unit = self.unit_at(index)
        if unit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return unit.name
        if role == Qt.ItemDataRole.DecorationRole:
            return icon(_KIND_ICONS.get(unit.kind, "unit"))
        if role == Qt.ItemDataRole.ForegroundRole and not unit.selectable:
            return NOT_SELECTABLE_COLOR
        if role == Qt.ItemDataRole.ToolTipRole:
            area = f" · {unit.business_area.label}" if unit.business_area else ""
            if unit.selectable:
                return f"{unit.name}{area}"
            return f"{unit.name}{area}\nKan inte väljas här."
        if role == UNIT_ID_ROLE:
            return unit.id
        return None


class OrgUnitPicker(QWidget):
    """A filter field, the organisation tree and the chosen unit's path underneath."""

    unit_changed = Signal(object)  # ReceiverUnit | None

    def __init__(
        self,
        units: Sequence[ReceiverUnit] = (),
        parent: QWidget | None = None,
        *,
        chosen_prefix: str = "Vald mottagare",
        none_chosen: str = NONE_CHOSEN,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("org_unit_picker")
        self.chosen_prefix = chosen_prefix
        self.none_chosen = none_chosen
        self.model = OrgUnitModel(units, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.filter = QLineEdit()
        self.filter.setObjectName("unit_filter")
        self.filter.setPlaceholderText("Sök enhet…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Sök enhet")
        self.filter.textChanged.connect(self._on_filter)

        self.view = QTreeView()
        self.view.setObjectName("unit_tree")
        self.view.setModel(self.proxy)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAccessibleName("Organisationsträd")
        self.view.selectionModel().selectionChanged.connect(self._on_selection)

        self.chosen = QLabel(none_chosen)
        self.chosen.setObjectName("chosen_unit")
        self.chosen.setWordWrap(True)
        self.chosen.setStyleSheet("color:#555555;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.chosen)
        self._expand_default()

    def set_units(self, units: Sequence[ReceiverUnit]) -> None:
        self.model.set_units(units)
        self._expand_default()
        self._on_selection()

    def selected_unit(self) -> ReceiverUnit | None:
        indexes = self.view.selectionModel().selectedIndexes()
        if not indexes:
            return None
        return self.model.unit_at(self.proxy.mapToSource(indexes[0]))

    def select_unit(self, unit_id: int) -> bool:
        """Select a unit by id; False when it is unknown or cannot be chosen."""
        unit = self.model.unit(unit_id)
        if unit is None or not unit.selectable:
            return False
        if self.filter.text():
            self.filter.clear()
        index = self.proxy.mapFromSource(self.model.index_of(unit_id))
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def proxy_index_of(self, unit_id: int) -> QModelIndex:
        """Where a unit is shown now (invalid while the filter hides it)."""
        return self.proxy.mapFromSource(self.model.index_of(unit_id))

    def unit_named(self, name: str) -> ReceiverUnit | None:
        for row in range(self.model.rowCount()):
            stack = [self.model.index(row, 0)]
            while stack:
                index = stack.pop()
                unit = self.model.unit_at(index)
                if unit is not None and unit.name == name:
                    return unit
                stack += [self.model.index(r, 0, index) for r in range(self.model.rowCount(index))]
        return None

    def path(self, unit_id: int) -> str:
        return self.model.path(unit_id)

    def _expand_default(self) -> None:
        # Down to the branches, so the units that receive assignments show at once.
        self.view.expandToDepth(2)

    def _on_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if text.strip():
            self.view.expandAll()
        else:
            self._expand_default()
            unit = self.selected_unit()
            if unit is not None:
                self.view.scrollTo(self.proxy_index_of(unit.id))

    def _on_selection(self, *_args: object) -> None:
        unit = self.selected_unit()
        if unit is None:
            self.chosen.setText(self.none_chosen)
        else:
            self.chosen.setText(chosen_text(self.chosen_prefix, self.model.path(unit.id)))
        self.unit_changed.emit(unit)
