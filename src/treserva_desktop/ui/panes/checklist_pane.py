"""When a person's Checklistor is selected: the manual's two checklists, ticked from the data,
each item with a button to where it is done."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.db.queries.checklists import person_checklists
from treserva_desktop.domain.views.checklists import (
    ChecklistAction,
    ChecklistItemView,
    ChecklistView,
    PersonChecklistsView,
)
from treserva_desktop.ui.action_spec import ActionContext, ActionHost
from treserva_desktop.ui.handlers import checklists as handlers
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.tree.nodes import Node
from treserva_desktop.ui.widgets.common import icon_heading, muted_label, value_label

DONE_TEXT = "Klar"
OPEN_TEXT = "Inte klar"
NOTE = "Listorna visar vad som syns i uppgifterna just nu och uppdateras när något ändras."


def not_shown_text(checklist: ChecklistView) -> str:
    """The manual's items the program cannot tell yet: checked by hand."""
    return "Kontrolleras utanför programmet: " + ", ".join(checklist.not_shown) + "."


def progress_text(checklist: ChecklistView) -> str:
    return f"{checklist.done_count} av {len(checklist.items)} klara"


class ChecklistPane(QWidget):
    """Shows one person's checklists; reads them (audited) each time it is shown."""

    def __init__(self, host: ActionHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklist_pane")
        self.host = host
        self.node: Node | None = None
        self.view: PersonChecklistsView | None = None
        # The item buttons by item key, for tests and keyboard order.
        self.buttons: dict[str, QPushButton] = {}
        self.tick_labels: dict[str, QLabel] = {}

        header, _icon, self.title = icon_heading(icon("checklist"), "Checklistor")
        self.title.setObjectName("checklist_title")
        self.person = value_label()
        self.person.setObjectName("checklist_person")
        self.error = muted_label()
        self.error.setObjectName("checklist_error")
        self.note = muted_label(NOTE)
        self.note.setObjectName("checklist_note")

        self.lists = QWidget()
        self.lists_layout = QVBoxLayout(self.lists)
        self.lists_layout.setContentsMargins(0, 0, 0, 0)
        self.lists_layout.setSpacing(12)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.lists)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.person)
        layout.addWidget(self.error)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.note)

    def show_node(self, node: Node) -> None:
        self.node = node
        person_id = node.person_id
        if person_id is None:
            return
        fetched = fetch(self.host.ctx, person_checklists, person_id, node.unit_id)
        self._clear()
        self.view = fetched.value
        if self.view is None:
            self.person.clear()
            self.error.setText(fetched.error or "")
            self.error.show()
            return
        self.error.hide()
        view = self.view
        self.person.setText(f"{view.person_name}, {view.identity_display}")
        for checklist in view.lists:
            self.lists_layout.addWidget(self._checklist_box(checklist))
        self.lists_layout.addStretch(1)
        # One button column width in both lists, so the buttons line up.
        width = max((b.sizeHint().width() for b in self.buttons.values()), default=0)
        for button in self.buttons.values():
            button.setFixedWidth(width)

    def _clear(self) -> None:
        self.buttons.clear()
        self.tick_labels.clear()
        while self.lists_layout.count():
            item = self.lists_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                # Hidden at once: deleteLater waits for the event loop, and a paint before
                # then would show the old lists over the new ones.
                widget.hide()
                widget.deleteLater()

    def _checklist_box(self, checklist: ChecklistView) -> QGroupBox:
        box = QGroupBox(f"{checklist.title} ({progress_text(checklist)})")
        box.setObjectName(f"checklist_{checklist.kind}")
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        row = 0
        if checklist.note:
            note = muted_label(checklist.note)
            note.setObjectName(f"note_{checklist.kind}")
            grid.addWidget(note, row, 0, 1, 3)
            row += 1
        for item in checklist.items:
            self._add_item(grid, row, item, emphasis=not checklist.note)
            row += 2
        if checklist.not_shown:
            outside = muted_label(not_shown_text(checklist))
            outside.setObjectName(f"not_shown_{checklist.kind}")
            grid.addWidget(outside, row, 0, 1, 3)
        return box

    def _add_item(
        self, grid: QGridLayout, row: int, item: ChecklistItemView, *, emphasis: bool
    ) -> None:
        state = DONE_TEXT if item.done else OPEN_TEXT
        tick = QLabel()
        tick.setObjectName(f"tick_{item.key}")
        tick.setPixmap(icon("check_done" if item.done else "check_open").pixmap(18, 18))
        tick.setAccessibleName(f"{item.text}: {state}")
        tick.setToolTip(state)
        self.tick_labels[item.key] = tick
        text = QLabel(item.text)
        text.setObjectName(f"item_{item.key}")
        font = text.font()
        # What is left to do stands out, unless the list does not apply yet.
        font.setBold(emphasis and not item.done)
        text.setFont(font)
        text.setWordWrap(True)
        detail = muted_label(item.detail)
        detail.setObjectName(f"detail_{item.key}")
        grid.addWidget(tick, row, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(text, row, 1)
        grid.addWidget(detail, row + 1, 1)
        if item.action is None:
            return
        spec = handlers.button_for(item.action)
        button = QPushButton(spec.text)
        button.setObjectName(f"button_{item.key}")
        button.setToolTip(spec.tooltip)
        button.setAccessibleDescription(f"{item.text}: {state}")
        button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        actx = ActionContext(self.host, self.node)
        reason = ""
        if not handlers.may_use(actx, item.action):
            reason = "Din roll ger inte behörighet till det."
        elif self.view is not None:
            reason = handlers.unavailable_reason(item, self.view)
        button.setEnabled(not reason)
        if reason:
            button.setToolTip(f"{spec.tooltip}. {reason}")
        button.clicked.connect(lambda _checked=False, action=item.action: self._do(action))
        self.buttons[item.key] = button
        grid.addWidget(button, row, 2, 2, 1, Qt.AlignmentFlag.AlignTop)

    def _do(self, action: ChecklistAction) -> None:
        if self.view is None:
            return
        handlers.do_item(ActionContext(self.host, self.node), self.view, action)
