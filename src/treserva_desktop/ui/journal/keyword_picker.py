"""Nyckelord: two lists, Tillgängliga nyckelord and Kopplade nyckelord, with arrow buttons
(→ links the marked ones, ← unlinks them); a double-click moves one as well."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def _list(object_name: str, accessible_name: str) -> QListWidget:
    widget = QListWidget()
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    widget.setMinimumHeight(110)
    return widget


class KeywordPicker(QWidget):
    """`linked()` is what the note is saved with, in the order linked."""

    changed = Signal()

    def __init__(self, available: Iterable[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.all = tuple(available)
        self.read_only = False
        self.available = _list("available_keywords", "Tillgängliga nyckelord")
        self.linked_list = _list("linked_keywords", "Kopplade nyckelord")
        self.link_button = QPushButton("→")
        self.link_button.setObjectName("link_keyword")
        self.link_button.setAccessibleName("Koppla markerade nyckelord")
        self.link_button.setToolTip("Koppla de markerade nyckelorden till anteckningen")
        self.unlink_button = QPushButton("←")
        self.unlink_button.setObjectName("unlink_keyword")
        self.unlink_button.setAccessibleName("Ta bort markerade kopplade nyckelord")
        self.unlink_button.setToolTip("Ta bort de markerade nyckelorden från anteckningen")
        for button in (self.link_button, self.unlink_button):
            button.setFixedWidth(40)
            button.setAutoDefault(False)  # Enter in the note's fields never links a keyword
        available_label = QLabel("Tillgängliga n&yckelord")
        available_label.setBuddy(self.available)
        linked_label = QLabel("&Kopplade nyckelord")
        linked_label.setBuddy(self.linked_list)
        arrows = QVBoxLayout()
        arrows.addStretch(1)
        arrows.addWidget(self.link_button)
        arrows.addWidget(self.unlink_button)
        arrows.addStretch(1)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(available_label, 0, 0)
        grid.addWidget(linked_label, 0, 2)
        grid.addWidget(self.available, 1, 0)
        grid.addLayout(arrows, 1, 1)
        grid.addWidget(self.linked_list, 1, 2)
        self.link_button.clicked.connect(self.link_selected)
        self.unlink_button.clicked.connect(self.unlink_selected)
        self.available.itemDoubleClicked.connect(lambda item: self._move([item], link=True))
        self.linked_list.itemDoubleClicked.connect(lambda item: self._move([item], link=False))
        self.set_linked(())

    def set_linked(self, keywords: Iterable[str]) -> None:
        linked = list(dict.fromkeys(keywords))
        self.linked_list.clear()
        self.linked_list.addItems(linked)
        self.available.clear()
        self.available.addItems([k for k in self.all if k not in linked])

    def linked(self) -> tuple[str, ...]:
        return tuple(self.linked_list.item(i).text() for i in range(self.linked_list.count()))

    def link_selected(self) -> None:
        self._move(self.available.selectedItems(), link=True)

    def unlink_selected(self) -> None:
        self._move(self.linked_list.selectedItems(), link=False)

    def _move(self, items: list[QListWidgetItem], *, link: bool) -> None:
        if not items or self.read_only:
            return
        source, target = (
            (self.available, self.linked_list) if link else (self.linked_list, self.available)
        )
        for item in items:
            source.takeItem(source.row(item))
            target.addItem(item.text())
        if not link:
            # Back in the template's order, so the available list stays easy to scan.
            order = {k: i for i, k in enumerate(self.all)}
            texts = sorted(
                (target.item(i).text() for i in range(target.count())),
                key=lambda text: order.get(text, len(order)),
            )
            target.clear()
            target.addItems(texts)
        target.setCurrentRow(target.count() - 1 if link else 0)
        self.changed.emit()

    def setReadOnly(self, read_only: bool) -> None:
        self.read_only = read_only
        for widget in (self.link_button, self.unlink_button):
            widget.setEnabled(not read_only)
        self.available.setEnabled(not read_only)
        policy = Qt.FocusPolicy.NoFocus if read_only else Qt.FocusPolicy.StrongFocus
        self.available.setFocusPolicy(policy)
