"""What every editing tab of the person window shares: load, dirty state, its own Spara."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Protocol, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.persons import PersonRecordView
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.widgets.field_errors import FieldErrors

C = TypeVar("C")
PersonService = Callable[[Session, Actor, C], PersonRecordView]


class ErrorSink(Protocol):
    """Where a refused save shows its message; False when it cannot show it."""

    def show(self, field: str | None, message: str) -> bool: ...


class RecordHost(Protocol):
    """What a tab asks of the person window."""

    @property
    def ctx(self) -> AppContext: ...

    @property
    def record(self) -> PersonRecordView: ...

    def submit(
        self,
        service_fn: PersonService[C],
        command: C,
        *,
        source: EditTab | None = None,
        errors: ErrorSink | None = None,
    ) -> PersonRecordView | None: ...


PLACEHOLDER_PROPERTY = "editable_placeholder"


def show_placeholder(edit: QLineEdit, shown: bool) -> None:
    """Hide an example placeholder in read-only mode, where it would look like a value."""
    kept = edit.property(PLACEHOLDER_PROPERTY)
    if kept is None:
        kept = edit.placeholderText()
        edit.setProperty(PLACEHOLDER_PROPERTY, kept)
    edit.setPlaceholderText(str(kept) if shown else "")


class EditTab(QWidget):
    """A tab that edits part of the record and saves it with one command (one transaction).

    Subclasses fill their inputs from a record (`_fill`), say what the inputs hold now
    (`values`) and save (`_save`). Changes since the last load make the tab dirty.
    """

    title: ClassVar[str] = ""
    name: ClassVar[str] = "tab"
    dirty_changed = Signal(bool)

    def __init__(self, host: RecordHost) -> None:
        super().__init__()
        self.setObjectName(f"{self.name}_tab")
        self.host = host
        self.errors = FieldErrors(f"{self.name}_error")
        self.save_button = QPushButton("Spara")
        self.save_button.setObjectName(f"{self.name}_save")
        self.save_button.setToolTip(f"Spara ändringarna under {self.title}")
        self.undo_button = QPushButton("Ångra ändringar")
        self.undo_button.setObjectName(f"{self.name}_undo")
        self.save_button.clicked.connect(self.save)
        self.undo_button.clicked.connect(self.reset)
        self._inputs: list[QWidget] = []
        self._baseline: tuple[Any, ...] = ()
        self._loading = False
        self._was_dirty = False

    def build(self, *content: QWidget) -> None:
        """Lay out: error line, the tab's content, then Ångra ändringar and Spara."""
        layout = QVBoxLayout(self)
        layout.addWidget(self.errors.general)
        for widget in content:
            layout.addWidget(widget)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

    def watch(self, *widgets: QWidget) -> None:
        """Inputs whose changes make the tab dirty; they are read-only or disabled when
        the record is read-only."""
        for widget in widgets:
            self._inputs.append(widget)
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(self._input_changed)
            elif isinstance(widget, (QCheckBox, QGroupBox)):
                widget.toggled.connect(self._input_changed)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._input_changed)
            elif isinstance(widget, QDateEdit):
                widget.dateChanged.connect(self._input_changed)

    # -- state --------------------------------------------------------------------------------

    def load(self, record: PersonRecordView) -> None:
        """Show the record, dropping any edits."""
        self._loading = True
        try:
            self._fill(record)
        finally:
            self._loading = False
        self._baseline = self.values()
        self.errors.clear()
        self.apply_state(record)

    def rebase(self, record: PersonRecordView) -> None:
        """Another tab saved: keep this tab's edits (they go with the new version)."""
        self.apply_state(record)

    def apply_state(self, record: PersonRecordView) -> None:
        """Read-only: text fields become read-only (values stay readable, no placeholders);
        other inputs are disabled. Masked values are disabled either way."""
        for widget in self.state_widgets():
            allowed = self.input_enabled(widget, record)
            if isinstance(widget, QLineEdit):
                widget.setEnabled(allowed)
            else:
                widget.setEnabled(record.editable and allowed)
        for widget in self._inputs:
            if isinstance(widget, QLineEdit):
                widget.setReadOnly(not record.editable)
                show_placeholder(widget, record.editable)
        self._update_buttons()

    def state_widgets(self) -> list[QWidget]:
        """The inputs that read-only and masked states enable and disable."""
        return self._inputs

    def input_enabled(self, _widget: QWidget, _record: PersonRecordView) -> bool:
        """Whether an input may be edited apart from the read-only rule (e.g. masked values)."""
        return True

    def is_dirty(self) -> bool:
        return self.values() != self._baseline

    def reset(self) -> None:
        self.load(self.host.record)

    def save(self) -> bool:
        """Save this tab's changes; True when saved (or nothing to save)."""
        self.errors.clear()
        if not self.is_dirty():
            return True
        return self._save()

    def _input_changed(self, *_args: object) -> None:
        if not self._loading:
            self._update_buttons()

    def _update_buttons(self) -> None:
        dirty = self.is_dirty()
        editable = self.host.record.editable
        self.save_button.setEnabled(editable and dirty)
        self.undo_button.setEnabled(dirty)
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.dirty_changed.emit(dirty)

    # -- for subclasses -----------------------------------------------------------------------

    def values(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def _fill(self, record: PersonRecordView) -> None:
        raise NotImplementedError

    def _save(self) -> bool:
        raise NotImplementedError
