"""Personuppgifter – <namn>: the person record in tabs, each saving on its own (W5)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.db.queries.person_record import (
    billing_areas,
    contact_person_candidates,
    get_person_record,
    reveal_reasons,
)
from treserva_desktop.domain.commands.persons import RevealProtected, RevealReasonChoice
from treserva_desktop.domain.errors import Conflict, DomainError, ValidationError
from treserva_desktop.domain.views.persons import PersonRecordView
from treserva_desktop.services import persons as person_services
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.formatting import date_time_text
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.person_window.address_tab import AddressTab
from treserva_desktop.ui.person_window.contact_tab import ContactTab
from treserva_desktop.ui.person_window.history_tab import HistoryTab
from treserva_desktop.ui.person_window.person_tab import PersonTab
from treserva_desktop.ui.person_window.relations_tab import RelationsTab
from treserva_desktop.ui.person_window.reveal_reason_dialog import RevealReasonDialog
from treserva_desktop.ui.person_window.settings_tab import SettingsTab
from treserva_desktop.ui.person_window.tab import C, EditTab, ErrorSink, PersonService
from treserva_desktop.ui.widgets.common import badge, heading, muted_label, protected_badge
from treserva_desktop.ui.widgets.forms import note

log = logging.getLogger(__name__)

PROTECTED_NOTE = (
    "Personen har skyddad identitet. Adress och kontaktuppgifter, även relationernas, visas "
    "som Skyddad. Välj Visa skyddade uppgifter… för att se eller ändra dem; all åtkomst loggas."
)
REVEALED_NOTE = (
    "Skyddade uppgifter visas. Skäl: {reason}. Åtkomsten är loggad; uppgifterna döljs igen "
    "när fönstret stängs."
)
SAVE_QUESTION = "Vill du spara ändringarna?\n\nDet finns osparade ändringar under {tabs}."
SAVED = "Ändringarna är sparade."


def window_title(record: PersonRecordView) -> str:
    return f"Personuppgifter – {record.name}"


class PersonWindow(QDialog):
    """One window per person (non-modal). Every Spara is one command through the runner."""

    def __init__(
        self, ctx: AppContext, record: PersonRecordView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("person_window")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._ctx = ctx
        self._record = record
        self.reveal_reason: RevealReasonChoice | None = None
        self.reveal_reason_text = ""

        self.icon = QLabel()
        self.name = heading()
        self.name.setObjectName("person_name")
        self.identity = muted_label()
        self.identity.setObjectName("person_identity")
        self.protected_badge = protected_badge()
        self.test_badge = badge("Testperson", "test")
        self.test_badge.setToolTip("Påhittad person i demodatabasen")
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.name)
        titles.addWidget(self.identity)
        header = QHBoxLayout()
        header.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(titles, 1)
        header.addWidget(self.protected_badge, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.test_badge, 0, Qt.AlignmentFlag.AlignTop)

        self.read_only_note = note()
        self.read_only_note.setObjectName("read_only_note")
        self.protected_note = note(protected=True)
        self.protected_note.setObjectName("protected_note")
        self.reveal_button = QPushButton("Visa skyddade uppgifter…")
        self.reveal_button.setObjectName("reveal_button")
        self.reveal_button.clicked.connect(self.reveal)
        self.protected_bar = QWidget()
        protected_layout = QHBoxLayout(self.protected_bar)
        protected_layout.setContentsMargins(0, 0, 0, 0)
        protected_layout.addWidget(self.protected_note, 1)
        protected_layout.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignVCenter)

        self.person_tab = PersonTab(self)
        self.contact_tab = ContactTab(self)
        self.address_tab = AddressTab(self)
        self.relations_tab = RelationsTab(self)
        self.settings_tab = SettingsTab(self)
        self.history_tab = HistoryTab(self)
        self.edit_tabs: tuple[EditTab, ...] = (
            self.person_tab,
            self.contact_tab,
            self.address_tab,
            self.settings_tab,
        )
        self.tabs = QTabWidget()
        self.tabs.setObjectName("person_tabs")
        for tab in (
            self.person_tab,
            self.contact_tab,
            self.address_tab,
            self.relations_tab,
            self.settings_tab,
            self.history_tab,
        ):
            self.tabs.addTab(tab, tab.title)
        for edit_tab in self.edit_tabs:
            edit_tab.dirty_changed.connect(
                lambda dirty, t=edit_tab: self._mark_tab(t, dirty=bool(dirty))
            )
        self.tabs.currentChanged.connect(self._tab_changed)

        self.changed_label = muted_label()
        self.changed_label.setObjectName("changed_label")
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setStyleSheet("color:#1d6b2f;")
        self.close_button = QPushButton("Stäng")
        self.close_button.setObjectName("close_button")
        self.close_button.clicked.connect(self.reject)
        footer = QHBoxLayout()
        footer.addWidget(self.changed_label, 1)
        footer.addWidget(self.status)
        footer.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.protected_bar)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(footer)

        for button in self.findChildren(QPushButton):
            # Enter in a field must not press Ångra, Lägg till… or Stäng: only Spara.
            button.setAutoDefault(False)
        self._load_options()
        self._apply(record, discard=True)
        self._tab_changed(self.tabs.currentIndex())
        self.resize(880, 620)

    # -- RecordHost ---------------------------------------------------------------------------

    @property
    def ctx(self) -> AppContext:
        return self._ctx

    @property
    def record(self) -> PersonRecordView:
        return self._record

    @property
    def person_id(self) -> int:
        return self._record.id

    def submit(
        self,
        service_fn: PersonService[C],
        command: C,
        *,
        source: EditTab | None = None,
        errors: ErrorSink | None = None,
    ) -> PersonRecordView | None:
        """Run one person command; field errors go to `errors`, a conflict reloads."""
        self.status.clear()

        def refused(refusal: DomainError) -> bool:
            if isinstance(refusal, Conflict):
                # Someone else saved first: show their values before the message says so.
                self.reload()
                return False
            if isinstance(refusal, ValidationError) and errors is not None and refusal.field:
                return errors.show(refusal.field, refusal.message)
            return False

        result = runner.run(
            self.ctx,
            self,
            service_fn,
            command,
            on_refused=refused,
        )
        if result is None:
            return None
        if self.reveal_reason is not None and result.masked:
            result = self._reveal_record(self.reveal_reason) or result
        self._apply(result, source=source)
        self.status.setText(SAVED)
        return result

    # -- loading ------------------------------------------------------------------------------

    def _load_options(self) -> None:
        areas = runner.fetch(self.ctx, lambda session, _actor: billing_areas(session))
        candidates = runner.fetch(self.ctx, contact_person_candidates, self.person_id)
        self.settings_tab.set_options(areas.value or [], candidates.value or [])

    def reload(self) -> bool:
        """Read the record again, dropping edits (after a conflict)."""
        fetched = runner.fetch(self.ctx, get_person_record, self.person_id)
        if fetched.value is None:
            messages.error(self, fetched.error or runner.GENERIC_READ_ERROR)
            return False
        record = fetched.value
        if self.reveal_reason is not None and record.masked:
            record = self._reveal_record(self.reveal_reason) or record
        self._apply(record, discard=True)
        return True

    def _apply(
        self, record: PersonRecordView, *, source: EditTab | None = None, discard: bool = False
    ) -> None:
        self._record = record
        self.setWindowTitle(window_title(record))
        self.name.setText(record.name)
        born = f" · född {record.birth_date:%Y-%m-%d}" if record.birth_date else ""
        self.identity.setText(f"{record.identity_kind.label} {record.identity_display}{born}")
        self.icon.setPixmap(
            icon("person_protected" if record.protected_identity else "person").pixmap(32, 32)
        )
        self.protected_badge.setVisible(record.protected_identity)
        self.test_badge.setVisible(record.is_test_data)
        self.read_only_note.setText(
            f"Uppgifterna visas skrivskyddade. {record.read_only_reason}".strip()
        )
        self.read_only_note.setVisible(not record.editable)
        self.protected_bar.setVisible(record.protected_identity)
        if record.masked:
            self.protected_note.setText(PROTECTED_NOTE)
        else:
            self.protected_note.setText(REVEALED_NOTE.format(reason=self.reveal_reason_text or "–"))
        self.reveal_button.setVisible(record.masked)
        for tab in self.edit_tabs:
            if discard or tab is source or not tab.is_dirty():
                tab.load(record)
            else:
                tab.rebase(record)
        self.relations_tab.load(record)
        self.history_tab.load(record)
        if self.tabs.currentWidget() is self.history_tab:
            self.history_tab.refresh()
        if record.changed_at is not None:
            who = f" av {record.changed_by}" if record.changed_by else ""
            self.changed_label.setText(f"Senast ändrad {date_time_text(record.changed_at)}{who}")
        else:
            self.changed_label.setText("")

    # -- protected identity -------------------------------------------------------------------

    def reveal(self) -> bool:
        """Visa skyddade uppgifter…: ask why, then show the data (the reading is audited)."""
        reasons = runner.fetch(self.ctx, lambda session, _actor: reveal_reasons(session))
        if reasons.value is None:
            messages.error(self, reasons.error or runner.GENERIC_READ_ERROR)
            return False
        reason = RevealReasonDialog.ask(self, self.record.name, reasons.value)
        if reason is None:
            return False
        record = self._reveal_record(reason)
        if record is None:
            return False
        self.reveal_reason = reason
        names = {option.code: option.name for option in reasons.value}
        self.reveal_reason_text = names.get(reason.code, reason.code)
        self.history_tab.reveal_reason = reason
        self._apply(record)
        return True

    def _reveal_record(self, reason: RevealReasonChoice) -> PersonRecordView | None:
        command = RevealProtected(person_id=self.person_id, reason=reason)
        return runner.run(self.ctx, self, person_services.reveal_protected, command)

    # -- tabs and closing ---------------------------------------------------------------------

    def _mark_tab(self, tab: EditTab, *, dirty: bool) -> None:
        index = self.tabs.indexOf(tab)
        self.tabs.setTabText(index, f"{tab.title} *" if dirty else tab.title)
        if dirty:
            self.status.clear()

    def _tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        for tab in self.edit_tabs:
            tab.save_button.setDefault(tab is widget)
        if widget is self.history_tab:
            self.history_tab.refresh_if_stale()

    def dirty_tabs(self) -> list[EditTab]:
        return [tab for tab in self.edit_tabs if tab.is_dirty()]

    def may_close(self) -> bool:
        """Offer to save unsaved tabs: Ja saves them, Nej discards, Avbryt keeps the window."""
        dirty = self.dirty_tabs()
        if not dirty or not self.record.editable:
            return True
        tabs = ", ".join(tab.title for tab in dirty)
        answer = messages.ask_save_changes(self, SAVE_QUESTION.format(tabs=tabs))
        if answer is None:
            return False
        if not answer:
            return True
        for tab in dirty:
            self.tabs.setCurrentWidget(tab)
            if not tab.save():
                return False
        return True

    def reject(self) -> None:
        # Escape, Stäng and the window's close button all come here.
        if self.may_close():
            super().reject()
