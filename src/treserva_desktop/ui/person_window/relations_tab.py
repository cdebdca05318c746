"""Fliken Relationer: närstående, god man, förvaltare, kontakt- och referenspersoner."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.commands.persons import AddRelation, EndRelation, UpdateRelation
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.views.persons import PersonRecordView, RelationRecordView
from treserva_desktop.services import persons as person_services
from treserva_desktop.ui import messages
from treserva_desktop.ui.person_window.relation_dialog import RelationDialog
from treserva_desktop.ui.person_window.tab import RecordHost
from treserva_desktop.ui.widgets.common import read_only_table
from treserva_desktop.ui.widgets.field_errors import FieldErrors
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

CHECK = "✓"
END_QUESTION = (
    "Vill du avsluta relationen till {name} ({kind})?\n\n"
    "Relationen avslutas från och med i dag och finns kvar i historiken."
)


def _kind_text(relation: RelationRecordView) -> str:
    if relation.active:
        return relation.kind_label
    ended = f" {relation.ended_on:%Y-%m-%d}" if relation.ended_on else ""
    return f"{relation.kind_label} (avslutad{ended})"


RELATION_COLUMNS: list[Column[RelationRecordView]] = [
    Column("Relation", _kind_text),
    Column("Namn", lambda r: r.name),
    Column("Släktskap/roll", lambda r: r.relation_type),
    Column("Telefon", lambda r: r.phone),
    Column("Adress", lambda r: r.address),  # ADDRESS_COLUMN
    Column(
        "Fakturamottagare",
        lambda r: CHECK if r.is_invoice_recipient else "",
        tooltip=lambda r: "Fakturamottagare" if r.is_invoice_recipient else "",
    ),
    Column(
        "Aviseras",
        lambda r: CHECK if r.notify_on_events else "",
        tooltip=lambda r: "Aviseras vid händelser" if r.notify_on_events else "",
    ),
]

ADDRESS_COLUMN = 4


class _DialogErrors:
    """Keeps a field error of the relation service so the dialog can reopen at that field."""

    def __init__(self) -> None:
        self.error: ValidationError | None = None

    def show(self, field: str | None, message: str) -> bool:
        if field not in RelationDialog.FIELDS:
            return False
        self.error = ValidationError(message, field=field)
        return True


class RelationsTab(QWidget):
    """Relations are saved one at a time through RelationDialog; there are no edits to keep."""

    title = "Relationer"
    name = "relations"

    def __init__(self, host: RecordHost) -> None:
        super().__init__()
        self.setObjectName("relations_tab")
        self.host = host
        self.errors = FieldErrors("relations_error")
        self.model: RowTableModel[RelationRecordView] = RowTableModel(
            RELATION_COLUMNS, muted=lambda r: not r.active
        )
        self.table = read_only_table("relations_table")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Relationer")
        self.show_ended = QCheckBox("Visa avslutade relationer")
        self.show_ended.setObjectName("show_ended")
        self.add_button = QPushButton("Lägg till…")
        self.add_button.setObjectName("add_relation")
        self.edit_button = QPushButton("Ändra…")
        self.edit_button.setObjectName("edit_relation")
        self.end_button = QPushButton("Avsluta…")
        self.end_button.setObjectName("end_relation")
        self.end_button.setToolTip("Avsluta den markerade relationen från och med i dag")

        buttons = QHBoxLayout()
        buttons.addWidget(self.show_ended)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.end_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.add_button.clicked.connect(self.add_relation)
        self.edit_button.clicked.connect(self.edit_relation)
        self.end_button.clicked.connect(self.end_relation)
        self.show_ended.toggled.connect(lambda _checked: self.load(self.host.record))
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

    # -- state --------------------------------------------------------------------------------

    def load(self, record: PersonRecordView) -> None:
        selected = self.selected()
        rows = record.relations if self.show_ended.isChecked() else record.active_relations
        self.model.set_rows(list(rows))
        self._fit_columns()
        if selected is not None:
            self.select(selected.id)
        self._update_buttons()

    def _fit_columns(self) -> None:
        """Every column as wide as its content; the address takes what is left (elided)."""
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(self.model.columnCount()):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == ADDRESS_COLUMN
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)

    def is_dirty(self) -> bool:
        return False

    def selected(self) -> RelationRecordView | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isSelected(index):
            return None
        return self.model.row(index)

    def select(self, relation_id: int) -> bool:
        for position, relation in enumerate(self.model.rows):
            if relation.id == relation_id:
                self.table.selectRow(position)
                return True
        return False

    def _update_buttons(self, *_args: object) -> None:
        record = self.host.record
        relation = self.selected()
        active = relation is not None and relation.active
        self.add_button.setEnabled(record.editable)
        self.edit_button.setEnabled(record.editable and active and not record.masked)
        self.end_button.setEnabled(record.editable and active)
        if record.masked:
            self.edit_button.setToolTip("Visa skyddade uppgifter först för att ändra en relation")
        else:
            self.edit_button.setToolTip("Ändra den markerade relationen")

    def _double_clicked(self, _index: QModelIndex) -> None:
        if self.edit_button.isEnabled():
            self.edit_relation()

    # -- actions ------------------------------------------------------------------------------

    def add_relation(self) -> bool:
        return self._ask_and_save(None)

    def edit_relation(self) -> bool:
        relation = self.selected()
        if relation is None or not relation.active:
            return False
        return self._ask_and_save(relation)

    def _ask_and_save(self, relation: RelationRecordView | None) -> bool:
        self.errors.clear()
        command = RelationDialog.ask(self, self.host.record, relation)
        while command is not None:
            sink = _DialogErrors()
            if isinstance(command, UpdateRelation):
                saved = self.host.submit(person_services.update_relation, command, errors=sink)
            else:
                saved = self.host.submit(person_services.add_relation, command, errors=sink)
            if saved is not None:
                self._select_saved(saved, command)
                return True
            if sink.error is None:
                return False
            # The service refused a field (another workstation got there first): the dialog
            # opens again with what the user typed and the message at the field.
            command = RelationDialog.ask(
                self, self.host.record, relation, draft=command, error=sink.error
            )
        return False

    def _select_saved(self, record: PersonRecordView, command: AddRelation) -> None:
        if isinstance(command, UpdateRelation):
            self.select(command.relation_id)
            return
        added = [r for r in record.active_relations if r.name == command.name]
        if added:
            self.select(max(r.id for r in added))

    def end_relation(self) -> bool:
        self.errors.clear()
        relation = self.selected()
        if relation is None or not relation.active:
            return False
        question = END_QUESTION.format(name=relation.name, kind=relation.kind_label.lower())
        if not messages.confirm(self, question, title="Avsluta relation", default_yes=False):
            return False
        record = self.host.record
        command = EndRelation(
            person_id=record.id, expected_version=record.version, relation_id=relation.id
        )
        saved = self.host.submit(person_services.end_relation, command, errors=self.errors)
        return saved is not None
