"""Fliken Historik: who changed which field of the person when, with old and new values."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from treserva_desktop.db.queries.person_record import person_history
from treserva_desktop.domain.commands.persons import RevealReasonChoice
from treserva_desktop.domain.views.persons import PersonHistoryEntry, PersonRecordView
from treserva_desktop.ui.formatting import date_time_text
from treserva_desktop.ui.person_window.tab import RecordHost
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.widgets.common import muted_label, read_only_table
from treserva_desktop.ui.widgets.field_errors import error_label
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

HISTORY_COLUMNS: list[Column[PersonHistoryEntry]] = [
    Column("Tid", lambda e: date_time_text(e.when)),
    Column("Vem", lambda e: e.who),
    Column("Avser", lambda e: e.subject),
    Column("Fält", lambda e: e.field_label),
    Column("Tidigare", lambda e: e.old),
    Column("Nytt", lambda e: e.new),
]
VALUES_HIDDEN = (
    "Tidigare och nya värden visas bara för roller som får ändra personens uppgifter. "
    "Du ser vem som ändrade vad och när."
)
PROTECTED_VALUES = (
    "Skyddade adress- och kontaktuppgifter visas som Skyddad tills du har valt "
    "Visa skyddade uppgifter…."
)


class HistoryTab(QWidget):
    """Loaded when first shown and again after each save (reading it is audited)."""

    title = "Historik"
    name = "history"

    def __init__(self, host: RecordHost) -> None:
        super().__init__()
        self.setObjectName("history_tab")
        self.host = host
        self.stale = True
        self.reveal_reason: RevealReasonChoice | None = None
        self.info = muted_label()
        self.info.setObjectName("history_info")
        self.error = error_label("history_error")
        self.model: RowTableModel[PersonHistoryEntry] = RowTableModel(HISTORY_COLUMNS)
        self.table = read_only_table("history_table")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Historik")
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column, column_def in enumerate(HISTORY_COLUMNS):
            # Old and new values share what is left; the full value is in the tooltip.
            stretch = column_def.title in ("Tidigare", "Nytt")
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch
                if stretch
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        self.empty = QLabel("Inga ändringar har registrerats för personen.")
        self.empty.setObjectName("history_empty")
        self.empty.setStyleSheet("color:#555555; font-style:italic;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        self.empty.hide()

    def load(self, _record: PersonRecordView) -> None:
        """The record changed: read the history again when the tab is next shown."""
        self.stale = True

    def is_dirty(self) -> bool:
        return False

    def refresh(self) -> None:
        record = self.host.record
        reason = self.reveal_reason if record.protected_identity else None
        fetched = fetch(self.host.ctx, person_history, record.id, reveal_reason=reason)
        self.stale = False
        if fetched.value is None:
            self.error.setText(fetched.error or "")
            self.error.show()
            self.model.set_rows([])
            return
        self.error.hide()
        entries = fetched.value
        self.model.set_rows(entries)
        self.table.setVisible(bool(entries))
        self.empty.setVisible(not entries)
        notes = []
        if entries and not entries[0].values_visible:
            notes.append(VALUES_HIDDEN)
        elif record.protected_identity and reason is None:
            notes.append(PROTECTED_VALUES)
        self.info.setText(" ".join(notes))
        self.info.setVisible(bool(notes))

    def refresh_if_stale(self) -> None:
        if self.stale:
            self.refresh()
