"""Nytt meddelande: recipients ticked in a filterable list, a subject and the text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import ValidationError as PydanticValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import inbox_rules
from treserva_desktop.domain.commands.inbox import SendMessage
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.field_lengths import max_length
from treserva_desktop.domain.views.inbox import RecipientChoice
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.widgets.common import muted_label
from treserva_desktop.ui.widgets.field_errors import FieldErrors, fit_to_contents

INVALID_INPUT = "Meddelandet kunde inte skapas. Kontrollera fälten och försök igen."
USER_ROLE = Qt.ItemDataRole.UserRole


def recipient_text(choice: RecipientChoice) -> str:
    """E.g. 'Anders Holmgren – Gruppchef (Hemtjänst Norr)'."""
    text = choice.display_name
    if choice.title:
        text += f" – {choice.title}"
    if choice.units:
        text += f" ({choice.units})"
    return text


class ComposeMessageDialog(QDialog):
    """`command` holds a SendMessage after Skicka. Recipients stay ticked while filtering."""

    def __init__(
        self,
        recipients: Sequence[RecipientChoice],
        *,
        preselected: Iterable[int] = (),
        subject: str = "",
        body: str = "",
        person_id: int | None = None,
        assignment_id: int | None = None,
        regarding: str = "",
        load_error: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.person_id = person_id
        self.assignment_id = assignment_id
        self.command: SendMessage | None = None
        self.setObjectName("compose_message_dialog")
        self.setWindowTitle("Nytt meddelande")
        self.setWindowIcon(icon("message"))

        chosen = set(preselected)
        self.errors = FieldErrors("error_general")

        self.filter = QLineEdit()
        self.filter.setObjectName("recipient_filter")
        self.filter.setPlaceholderText("Sök mottagare på namn, titel eller enhet")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Sök mottagare")
        self.recipients = QListWidget()
        self.recipients.setObjectName("recipients")
        self.recipients.setAccessibleName("Mottagare")
        self.recipients.setUniformItemSizes(True)
        # The preselected (berörda) first, then everyone else by name.
        ordered = sorted(recipients, key=lambda c: (c.user_id not in chosen, c.display_name))
        for choice in ordered:
            item = QListWidgetItem(recipient_text(choice))
            item.setData(USER_ROLE, choice.user_id)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsSelectable
            )
            item.setCheckState(
                Qt.CheckState.Checked if choice.user_id in chosen else Qt.CheckState.Unchecked
            )
            item.setToolTip(recipient_text(choice))
            self.recipients.addItem(item)
        self.recipients.setMinimumHeight(
            min(max(len(ordered), 4), 8) * (self.recipients.fontMetrics().height() + 8) + 6
        )
        self.count_label = muted_label()
        self.count_label.setObjectName("recipient_count")
        recipients_box = QVBoxLayout()
        recipients_box.setSpacing(4)
        recipients_box.addWidget(self.filter)
        recipients_box.addWidget(self.recipients)
        recipients_box.addWidget(self.count_label)

        self.subject = QLineEdit(subject)
        self.subject.setObjectName("subject")
        self.subject.setAccessibleName("Rubrik")
        self.subject.setMaxLength(max_length("subject"))
        self.body = QPlainTextEdit(body)
        self.body.setObjectName("body")
        self.body.setAccessibleName("Meddelande")
        self.body.setTabChangesFocus(True)
        self.body.setMinimumHeight(150)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(8)
        form.addRow(
            "&Till:", self.errors.wrap(recipients_box, "recipient_ids", focus=self.recipients)
        )
        if regarding:
            self.regarding = muted_label(regarding)
            self.regarding.setObjectName("regarding")
            form.addRow("Gäller:", self.regarding)
        form.addRow("&Rubrik:", self.errors.wrap(self.subject, "subject"))
        form.addRow("&Meddelande:", self.errors.wrap(self.body, "body"))

        buttons = QDialogButtonBox()
        self.send_button: QPushButton = buttons.addButton(
            "Skicka", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.send_button.setObjectName("send_button")
        self.send_button.setIcon(icon("message"))
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.resize(620, 560)

        if load_error:
            self.errors.show(None, load_error)
        self.filter.textChanged.connect(self._apply_filter)
        self.recipients.itemChanged.connect(self._update_count)
        self._update_count()
        self.send_button.setDefault(True)
        (self.subject if chosen else self.filter).setFocus()

    # -- recipients ---------------------------------------------------------------------------

    def _items(self) -> list[QListWidgetItem]:
        return [self.recipients.item(row) for row in range(self.recipients.count())]

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for item in self._items():
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _update_count(self, *_args: object) -> None:
        count = len(self.chosen_ids())
        if count == 0:
            text = "Ingen mottagare vald"
        elif count == 1:
            text = "1 mottagare vald"
        else:
            text = f"{count} mottagare valda"
        self.count_label.setText(text)

    def chosen_ids(self) -> tuple[int, ...]:
        return tuple(
            int(item.data(USER_ROLE))
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        )

    def set_checked(self, user_id: int, checked: bool = True) -> None:
        for item in self._items():
            if item.data(USER_ROLE) == user_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                return
        raise KeyError(user_id)

    def visible_texts(self) -> list[str]:
        return [item.text() for item in self._items() if not item.isHidden()]

    # -- sending ------------------------------------------------------------------------------

    def accept(self) -> None:
        self.errors.clear()
        ids = self.chosen_ids()
        try:
            inbox_rules.check_recipients(ids)
            inbox_rules.check_subject_and_body(self.subject.text(), self.body.toPlainText())
        except ValidationError as problem:
            self.errors.show(problem.field, problem.message)
            fit_to_contents(self)
            return
        try:
            self.command = SendMessage(
                recipient_ids=ids,
                subject=self.subject.text().strip(),
                body=self.body.toPlainText(),
                person_id=self.person_id,
                assignment_id=self.assignment_id,
            )
        except PydanticValidationError:
            self.errors.show(None, INVALID_INPUT)
            fit_to_contents(self)
            return
        super().accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        recipients: Sequence[RecipientChoice],
        *,
        load_error: str = "",
        preselected: Iterable[int] = (),
        subject: str = "",
        body: str = "",
        person_id: int | None = None,
        assignment_id: int | None = None,
        regarding: str = "",
    ) -> SendMessage | None:
        """The message to send, or None when the user cancels. `load_error` says why the
        recipients could not all be read (the list is then empty or partial)."""
        dialog = cls(
            recipients,
            preselected=preselected,
            subject=subject,
            body=body,
            person_id=person_id,
            assignment_id=assignment_id,
            regarding=regarding,
            load_error=load_error,
            parent=parent,
        )
        return run_modal(dialog, lambda: dialog.command)
