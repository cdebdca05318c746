"""The note window (journalanteckning): Rubrik, Organisation, Enhet, händelsetid, nyckelord,
frastexter and the text; Spara and Stäng. What is typed is kept in a local draft every few
seconds until it is saved. A locked note opens read-only."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import journal_rules
from treserva_desktop.domain.commands.journals import SaveNote, SignNote
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.field_lengths import MAX_LENGTHS
from treserva_desktop.domain.numbers import grouped
from treserva_desktop.domain.views.journals import JournalView, NoteResult, NoteView
from treserva_desktop.ui import messages
from treserva_desktop.ui.formatting import date_time_text
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.journal.drafts import Draft, DraftStore
from treserva_desktop.ui.journal.keyword_picker import KeywordPicker
from treserva_desktop.ui.runner import Attempt
from treserva_desktop.ui.widgets.common import heading, muted_label

# How often what is typed goes to the local draft (milliseconds).
DRAFT_INTERVAL_MS = 3000
OBJECTION_HEADING = "Den enskildes synpunkt"
OTHER_UNIT = (
    "Enheten är inte den som utför personens insatser. Kontrollera att anteckningen ska "
    "skrivas vid den här enheten."
)
UNSAVED = "Anteckningen är inte sparad. Vill du spara den innan fönstret stängs?"
SIGN_QUESTION = (
    "Vill du signera anteckningen? Den blir skrivskyddad och kan sedan inte ändras av någon."
)
SaveFn = Callable[[QWidget, SaveNote], Attempt[NoteResult]]
SignFn = Callable[[QWidget, SignNote], Attempt[NoteResult]]


def _qdatetime(moment: datetime) -> QDateTime:
    local = moment.astimezone()
    return QDateTime(local.year, local.month, local.day, local.hour, local.minute, 0)


def locked_text(note: NoteView) -> str:
    how = "signerad" if note.signed else f"låst {date_time_text(note.lock_due_at)}"
    return (
        f"Skrivskyddad ({how}). Skriven av {note.author_name}, {note.author_role.label}, "
        f"sparad {date_time_text(note.saved_at)}."
    )


class NoteWindow(QDialog):
    """Non-modal: several notes may be open at once. `result` is the last save's outcome."""

    def __init__(
        self,
        journal: JournalView,
        *,
        save: SaveFn,
        sign: SignFn | None = None,
        drafts: DraftStore,
        now: Callable[[], datetime],
        note: NoteView | None = None,
        draft: Draft | None = None,
        objection_to: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.save_fn = save
        self.sign_fn = sign
        self.drafts = drafts
        self.now = now
        self.note = note
        self.entry_id = note.id if note else (draft.entry_id if draft else None)
        self.version = note.version if note else (draft.expected_version if draft else None)
        self.objection_to = (
            objection_to
            if objection_to is not None
            else (draft.objection_to_entry_id if draft else None)
        )
        self.draft_key = draft.key if draft else self._new_key()
        self.read_only = note is not None and not note.editable
        self.dirty = False
        self.last_result: NoteResult | None = None
        self.setObjectName("note_window")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"Journalanteckning – {journal.person_name}")
        self.setWindowIcon(icon("journal"))
        self.setSizeGripEnabled(True)
        self._build()
        self._fill(note, draft)
        self._connect()
        self.draft_timer = QTimer(self)
        self.draft_timer.setObjectName("draft_timer")
        self.draft_timer.setInterval(DRAFT_INTERVAL_MS)
        self.draft_timer.timeout.connect(self.write_draft)
        if not self.read_only:
            self.draft_timer.start()
        self.resize(760, 720)

    def _new_key(self) -> str:
        return f"journal-{self.journal.id}-" + (
            f"note-{self.entry_id}" if self.entry_id else f"new-{uuid.uuid4().hex[:12]}"
        )

    # -- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        journal = self.journal
        self.heading_box = QComboBox()
        self.heading_box.setObjectName("heading")
        self.heading_box.setAccessibleName("Rubrik")
        self.heading_box.setEditable(True)
        self.heading_box.addItems(journal.headings)
        line = self.heading_box.lineEdit()
        if line is not None:
            line.setMaxLength(MAX_LENGTHS["journal_heading"])
        self.organisation = QLineEdit(journal.organisation)
        self.organisation.setObjectName("organisation")
        self.organisation.setAccessibleName("Organisation")
        self.organisation.setReadOnly(True)
        self.unit = QComboBox()
        self.unit.setObjectName("unit")
        self.unit.setAccessibleName("Enhet")
        for choice in journal.units:
            self.unit.addItem(choice.name, choice.id)
        self.unit_warning = QLabel(OTHER_UNIT)
        self.unit_warning.setObjectName("unit_warning")
        self.unit_warning.setWordWrap(True)
        self.unit_warning.setStyleSheet("color: #a31515;")
        self.unit_warning.setVisible(False)
        self.event_at = QDateTimeEdit()
        self.event_at.setObjectName("event_at")
        self.event_at.setAccessibleName("Händelsedatum och tid")
        self.event_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.event_at.setCalendarPopup(True)
        self.keywords = KeywordPicker(journal.keywords)
        self.phrase_button = QToolButton()
        self.phrase_button.setObjectName("phrases")
        self.phrase_button.setIcon(icon("phrase"))
        self.phrase_button.setAccessibleName("Frastexter")
        self.phrase_button.setToolTip("Frastexter: infoga en färdig text där markören står")
        self.phrase_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.phrase_menu = QMenu(self.phrase_button)
        self.phrase_menu.setObjectName("phrase_menu")
        for title, text in journal.phrases:
            action = QAction(title, self.phrase_menu)
            action.setToolTip(text)
            action.triggered.connect(lambda _checked=False, t=text: self.insert_phrase(t))
            self.phrase_menu.addAction(action)
        self.phrase_button.setMenu(self.phrase_menu)
        self.phrase_button.setEnabled(bool(journal.phrases))
        self.text = QPlainTextEdit()
        self.text.setObjectName("text")
        self.text.setAccessibleName("Anteckningstext")
        self.text.setTabChangesFocus(True)
        self.counter = QLabel()
        self.counter.setObjectName("counter")
        self.status = muted_label()
        self.status.setObjectName("note_status")
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Rubrik:", self.heading_box)
        form.addRow("&Organisation:", self.organisation)
        form.addRow("&Enhet:", self.unit)
        form.addRow("", self.unit_warning)
        form.addRow("&Händelsetid:", self.event_at)
        text_bar = QHBoxLayout()
        text_label = QLabel("Te&xt:")
        text_label.setBuddy(self.text)
        text_bar.addWidget(text_label)
        text_bar.addStretch(1)
        text_bar.addWidget(self.counter)
        text_bar.addWidget(self.phrase_button)

        self.buttons = QDialogButtonBox()
        self.save_button: QPushButton = self.buttons.addButton(
            "&Spara", QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.save_button.setObjectName("save")
        self.sign_button: QPushButton = self.buttons.addButton(
            "Si&gnera", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.sign_button.setObjectName("sign")
        self.sign_button.setToolTip("Spara och signera: anteckningen blir skrivskyddad")
        self.sign_button.setAutoDefault(False)
        self.close_button: QPushButton = self.buttons.addButton(
            "S&täng", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setObjectName("close")
        self.save_button.setAutoDefault(False)
        self.close_button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"{self.journal.title}", scale=1.2))
        layout.addWidget(muted_label(self.journal.person_name))
        layout.addWidget(self.status)
        layout.addLayout(form)
        layout.addWidget(self.keywords)
        layout.addLayout(text_bar)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)

    def _fill(self, note: NoteView | None, draft: Draft | None) -> None:
        if draft is not None:
            self.heading_box.setCurrentText(draft.heading)
            self._select_unit(draft.unit_id)
            self.event_at.setDateTime(_qdatetime(datetime.fromisoformat(draft.event_at)))
            self.keywords.set_linked(draft.keywords)
            self.text.setPlainText(draft.body)
            self.status.setText(
                f"Återställt från utkast sparat {draft.written:%Y-%m-%d %H:%M}. "
                "Spara för att föra in det i journalen."
            )
            self.dirty = True
        elif note is not None:
            self.heading_box.setCurrentText(note.heading)
            self._select_unit(note.unit_id)
            self.event_at.setDateTime(_qdatetime(note.event_at))
            self.keywords.set_linked(note.keywords)
            self.text.setPlainText(note.body)
            if self.read_only:
                self.status.setText(locked_text(note))
            else:
                self.status.setText(
                    f"Kan ändras av {note.author_name} till {date_time_text(note.lock_due_at)}."
                )
        else:
            if self.objection_to is not None:
                self.heading_box.setCurrentText(OBJECTION_HEADING)
                self.status.setText(
                    "Den enskildes synpunkt på en skrivskyddad anteckning: skrivs som en egen "
                    "anteckning kopplad till den."
                )
            self._select_unit(self.journal.performing_unit_id)
            self.event_at.setDateTime(_qdatetime(self.now()))
        self.sign_button.setVisible(self.sign_fn is not None)
        self.sign_button.setEnabled(self.entry_id is not None)
        if self.read_only:
            self._lock_widgets()
        self._update_unit_warning()
        self._update_counter()

    def _lock_widgets(self) -> None:
        self.heading_box.setEnabled(False)
        self.unit.setEnabled(False)
        self.event_at.setReadOnly(True)
        self.keywords.setReadOnly(True)
        self.text.setReadOnly(True)
        self.phrase_button.setEnabled(False)
        self.save_button.setVisible(False)
        self.sign_button.setVisible(False)

    def _select_unit(self, unit_id: int | None) -> None:
        position = self.unit.findData(unit_id) if unit_id is not None else -1
        self.unit.setCurrentIndex(max(position, 0))

    def _connect(self) -> None:
        self.save_button.clicked.connect(self.save)
        self.sign_button.clicked.connect(self.sign)
        self.close_button.clicked.connect(self.close)
        self.unit.currentIndexChanged.connect(self._update_unit_warning)
        for signal in (
            self.heading_box.currentTextChanged,
            self.unit.currentIndexChanged,
            self.event_at.dateTimeChanged,
            self.keywords.changed,
            self.text.textChanged,
        ):
            signal.connect(self._changed)
        self.text.textChanged.connect(self._update_counter)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

    # -- state --------------------------------------------------------------------------------

    def _changed(self, *_args: object) -> None:
        if not self.read_only:
            self.dirty = True

    def _update_unit_warning(self, *_args: object) -> None:
        self.unit_warning.setVisible(self.unit.currentData() != self.journal.performing_unit_id)

    def _update_counter(self) -> None:
        # characterCount counts the document's closing paragraph separator too.
        length = max(self.text.document().characterCount() - 1, 0)
        maximum = MAX_LENGTHS["journal_body"]
        self.counter.setText(f"{grouped(length)} / {grouped(maximum)} tecken")
        self.counter.setStyleSheet("color: #a31515;" if length > maximum else "color: #6b6b6b;")

    def insert_phrase(self, text: str) -> None:
        """The phrase at the cursor (replacing a selection), the cursor after it."""
        if self.read_only:
            return
        self.text.insertPlainText(text)
        self.text.setFocus()

    def event_moment(self) -> datetime:
        local = self.event_at.dateTime().toPython()
        assert isinstance(local, datetime)
        return local.astimezone().astimezone(UTC)

    def current_draft(self) -> Draft:
        return Draft(
            key=self.draft_key,
            journal_id=self.journal.id,
            entry_id=self.entry_id,
            expected_version=self.version,
            objection_to_entry_id=self.objection_to,
            heading=self.heading_box.currentText(),
            unit_id=self.unit.currentData(),
            event_at=self.event_moment().isoformat(),
            keywords=self.keywords.linked(),
            body=self.text.toPlainText(),
            written_at=self.now().astimezone().isoformat(),
        )

    def write_draft(self) -> None:
        """Every few seconds: what is typed since the last save goes to the local draft."""
        if self.dirty and not self.read_only:
            self.drafts.save(self.current_draft())

    # -- Spara / Stäng ------------------------------------------------------------------------

    def build(self) -> SaveNote:
        heading_text = self.heading_box.currentText().strip()
        body = self.text.toPlainText()
        journal_rules.check_note_text(heading_text, body)
        return SaveNote(
            journal_id=self.journal.id,
            entry_id=self.entry_id,
            expected_version=self.version,
            heading=heading_text,
            unit_id=self.unit.currentData(),
            event_at=self.event_moment(),
            body=body,
            keywords=self.keywords.linked(),
            objection_to_entry_id=self.objection_to if self.entry_id is None else None,
        )

    def save(self) -> bool:
        """Spara: the note goes into the journal (a new version when it exists), the draft
        is removed, and the window stays open for more."""
        if self.read_only:
            return False
        try:
            command = self.build()
        except DomainError as error:
            messages.error(self, error.message, title="Spara anteckning")
            return False
        done = self.save_fn(self, command)
        if done.refused is not None:
            messages.error(self, done.refused.message, title="Spara anteckning")
            return False
        if not done.ok or done.value is None:
            return False
        result = done.value
        self.last_result = result
        self.entry_id = result.entry_id
        self.version = result.version
        self.dirty = False
        self.drafts.remove(self.draft_key)
        self.status.setText(f"Sparad {date_time_text(self.now())}.")
        self.sign_button.setEnabled(True)
        return True

    def sign(self) -> bool:
        """Signera (confirmed): what is typed is saved first, then the note is locked and the
        window turns read-only."""
        if self.read_only or self.sign_fn is None:
            return False
        if not messages.confirm(self, SIGN_QUESTION, title="Signera", default_yes=False):
            return False
        if (self.dirty or self.entry_id is None) and not self.save():
            return False
        assert self.entry_id is not None
        assert self.version is not None
        done = self.sign_fn(self, SignNote(entry_id=self.entry_id, expected_version=self.version))
        if done.refused is not None:
            messages.error(self, done.refused.message, title="Signera")
            return False
        if not done.ok or done.value is None:
            return False
        self.last_result = done.value
        self.version = done.value.version
        self.read_only = True
        self.draft_timer.stop()
        self._lock_widgets()
        self.status.setText(f"Signerad {date_time_text(self.now())}. Anteckningen är skrivskyddad.")
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty and not self.read_only:
            answer = messages.ask_save_changes(self, UNSAVED, title="Stäng anteckning")
            if answer is None or (answer and not self.save()):
                event.ignore()
                return
            if not answer:
                self.drafts.remove(self.draft_key)
        self.draft_timer.stop()
        # Accepted here, not through QDialog.closeEvent, which would call reject() again.
        event.accept()

    def reject(self) -> None:
        # Escape and Stäng close through closeEvent, which asks about unsaved text.
        self.close()
