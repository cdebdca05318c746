"""Registrera's Utförarenhet list: the receiving unit's own units first, under headings."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from treserva_desktop.domain.views.distribution import UnitChoice

OTHER_AREAS = "Verksamhet ej angiven"
OTHER_UNITS = "Andra enheter"
PATH_SEPARATOR = " › "


def last_part(path: str) -> str:
    return path.rsplit(PATH_SEPARATOR, 1)[-1]


class PerformingUnitBox(QComboBox):
    """The units to choose from, each with its id as data; headings carry no data."""

    def __init__(self, receiver_path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.receiver_path = receiver_path
        self.setObjectName("unit")
        self.setAccessibleName("Utförarenhet")

    def fill(self, choices: Sequence[UnitChoice]) -> None:
        """db.queries.distribution.unit_choices decides which units and in what order (a unit
        with sub-units is never among them). Of the intervention's business area the
        receiving unit's own first, under its name, then the rest; then units whose business
        area is not stated (other areas are never offered). Each group under a heading that
        cannot be chosen."""
        own = [c for c in choices if c.preferred and self.is_own_unit(c.path)]
        preferred = [c for c in choices if c.preferred and not self.is_own_unit(c.path)]
        others = [c for c in choices if not c.preferred]
        if own:
            self._add_heading(last_part(self.receiver_path))
        for choice in own:
            self._add_unit(choice.path, choice.id)
        if own and preferred:
            self._add_heading(OTHER_UNITS)
        for choice in preferred:
            self._add_unit(choice.path, choice.id)
        if (own or preferred) and others:
            self._add_heading(OTHER_AREAS)
        for choice in others:
            self._add_unit(choice.path, choice.id)
        self.setPlaceholderText("Välj utförarenhet")
        self.setMaxVisibleItems(15)

    def is_own_unit(self, path: str) -> bool:
        """The receiving unit itself or one of its sub-units (paths share their prefix)."""
        receiver = self.receiver_path
        return path == receiver or path.startswith(receiver + PATH_SEPARATOR)

    def _add_unit(self, path: str, unit_id: int) -> None:
        self.addItem(path, unit_id)
        self.setItemData(self.count() - 1, path, Qt.ItemDataRole.ToolTipRole)

    def _add_heading(self, text: str) -> None:
        """A line in the list that is not a unit: shown, never chosen (no data)."""
        self.addItem(f"— {text} —")
        model = self.model()
        item = model.item(self.count() - 1)  # type: ignore[attr-defined]
        item.setFlags(Qt.ItemFlag.NoItemFlags)

    def unit_ids(self) -> list[int]:
        """The units offered, in order (headings left out)."""
        ids = (self.itemData(i) for i in range(self.count()))
        return [unit_id for unit_id in ids if isinstance(unit_id, int)]

    def unit_texts(self) -> list[str]:
        return [self.itemText(i) for i in range(self.count())]
