"""Nytt uppdrag's Person section: the number, its lookup, and a new or an existing person."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import person_rules
from treserva_desktop.domain.commands.authority import PersonInput
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.field_lengths import (
    IDENTITY_INPUT_LENGTH,
    POSTAL_CODE_INPUT_LENGTH,
    max_length,
)
from treserva_desktop.domain.identity import parse_identity_number
from treserva_desktop.domain.views.authority import PersonMatch
from treserva_desktop.ui.dialogs.person_confirm_dialog import PersonConfirmDialog
from treserva_desktop.ui.runner import Fetched
from treserva_desktop.ui.widgets.common import protected_badge
from treserva_desktop.ui.widgets.field_errors import FieldErrors
from treserva_desktop.ui.widgets.forms import buddy

PersonLookup = Callable[[str], Fetched[PersonMatch | None]]
Problem = tuple[str, str]  # (field, Swedish message)

NOT_FOUND = "Ingen person med numret är registrerad. Fyll i uppgifterna för en ny person."
SEARCH_HINT = "Sök på personnumret (Enter) för att se om personen redan finns."
NEW_PERSON_FIELDS = ("first_name", "last_name", "street", "postal_code", "city", "phone")


class PersonSection(QGroupBox):
    """Personnummer with Sök; below it the new person's details or the person found."""

    def __init__(
        self,
        errors: FieldErrors,
        *,
        lookup: PersonLookup,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Person", parent)
        self.errors = errors
        self.lookup = lookup
        self.today = today
        self.existing: PersonMatch | None = None
        # The number (normalised) last looked up and found free, so OK need not ask again.
        self.searched_free: str | None = None

        self.identity = QLineEdit()
        self.identity.setObjectName("identity_number")
        self.identity.setPlaceholderText("ÅÅÅÅMMDD-NNNN")
        self.identity.setAccessibleName("Personnummer")
        self.identity.setMaxLength(IDENTITY_INPUT_LENGTH)
        self.identity.installEventFilter(self)
        self.identity.textEdited.connect(self._identity_edited)
        self.search_button = QPushButton("&Sök")
        self.search_button.setObjectName("search_button")
        self.search_button.setAutoDefault(False)
        self.search_button.setToolTip("Sök personen på numret (Enter)")
        self.search_button.clicked.connect(self.search)
        number_row = QHBoxLayout()
        number_row.addWidget(self.identity, 1)
        number_row.addWidget(self.search_button)
        self.person_status = QLabel(SEARCH_HINT)
        self.person_status.setObjectName("person_status")
        self.person_status.setWordWrap(True)
        self.person_status.setStyleSheet("color:#555555;")

        number_form = QFormLayout()
        number_form.addRow(
            buddy("Person&nummer:", self.identity),
            self.errors.wrap(number_row, "identity_number"),
        )
        number_form.addRow("", self.person_status)

        self.person_stack = QStackedWidget()
        self.person_stack.addWidget(self._new_person_page())
        self.person_stack.addWidget(self._existing_person_page())

        layout = QVBoxLayout(self)
        layout.addLayout(number_form)
        layout.addWidget(self.person_stack)
        for key in NEW_PERSON_FIELDS:
            self.field(key).textEdited.connect(lambda _t, k=key: self.errors.clear_field(k))

    # -- building -------------------------------------------------------------------------------

    def _line(self, name: str, accessible: str, limit: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setMaxLength(limit)
        return edit

    def _new_person_page(self) -> QWidget:
        page = QWidget()
        self.first_name = self._line("first_name", "Förnamn", max_length("first_name"))
        self.last_name = self._line("last_name", "Efternamn", max_length("last_name"))
        self.street = self._line("street", "Gatuadress", max_length("street"))
        self.postal_code = self._line("postal_code", "Postnummer", POSTAL_CODE_INPUT_LENGTH)
        self.postal_code.setPlaceholderText("123 45")
        self.postal_code.setMaximumWidth(80)
        self.city = self._line("city", "Ort", max_length("city"))
        self.phone = self._line("phone", "Telefon", max_length("phone"))
        self.protected_identity = QCheckBox("Skyddad identitet")
        self.protected_identity.setObjectName("protected_identity")
        place = QHBoxLayout()
        place.addWidget(self.postal_code)
        place.addWidget(self.city, 1)
        place_error = QVBoxLayout()
        place_error.addWidget(self.errors.label("postal_code"))
        place_error.addWidget(self.errors.label("city"))
        place_box = QWidget()
        place_layout = QVBoxLayout(place_box)
        place_layout.setContentsMargins(0, 0, 0, 0)
        place_layout.setSpacing(2)
        place_layout.addLayout(place)
        place_layout.addLayout(place_error)

        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        names = QHBoxLayout()
        names.addWidget(self.errors.wrap(self.first_name, "first_name"))
        names.addWidget(self.errors.wrap(self.last_name, "last_name"))
        self.first_name.setPlaceholderText("Förnamn")
        self.last_name.setPlaceholderText("Efternamn")
        form.addRow(buddy("&Namn:", self.first_name), names)
        form.addRow(
            buddy("&Adress:", self.street),
            self.errors.wrap(self.street, "street"),
        )
        form.addRow(buddy("Postnr/&ort:", self.postal_code), place_box)
        phone_row = QHBoxLayout()
        phone_row.addWidget(self.errors.wrap(self.phone, "phone"), 1)
        phone_row.addWidget(self.protected_identity)
        form.addRow(buddy("&Telefon:", self.phone), phone_row)
        return page

    def _existing_person_page(self) -> QWidget:
        page = QFrame()
        page.setObjectName("existing_person")
        page.setFrameShape(QFrame.Shape.StyledPanel)
        page.setStyleSheet(
            "#existing_person { background:#f6f8fb; border:1px solid #b7c4d1; border-radius:4px; }"
        )
        self.existing_name = QLabel()
        self.existing_name.setObjectName("existing_name")
        font = self.existing_name.font()
        font.setBold(True)
        self.existing_name.setFont(font)
        self.existing_address = QLabel()
        self.existing_address.setObjectName("existing_address")
        self.existing_address.setWordWrap(True)
        self.existing_protected = protected_badge()
        self.change_person_button = QPushButton("Välj en annan person")
        self.change_person_button.setObjectName("change_person_button")
        self.change_person_button.setAutoDefault(False)
        self.change_person_button.clicked.connect(self._clear_existing)
        form = QFormLayout()
        form.addRow("Namn:", self.existing_name)
        form.addRow("Adress:", self.existing_address)
        bottom = QHBoxLayout()
        bottom.addWidget(self.existing_protected)
        bottom.addStretch(1)
        bottom.addWidget(self.change_person_button)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addLayout(bottom)
        return page

    def field(self, key: str) -> QLineEdit:
        """The line edit for a field key of the person (identity_number or a new person's)."""
        edits: dict[str, QLineEdit] = {
            "identity_number": self.identity,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "street": self.street,
            "postal_code": self.postal_code,
            "city": self.city,
            "phone": self.phone,
        }
        return edits[key]

    # -- the lookup -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in the number field searches instead of sending the whole dialog.
        if (
            watched is self.identity
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.search()
            return True
        return super().eventFilter(watched, event)

    def _identity_edited(self, _text: str) -> None:
        self.searched_free = None
        self.errors.clear_field("identity_number")
        if self.existing is not None:
            self._clear_existing()
        self.person_status.setText(SEARCH_HINT)

    def search(self) -> bool:
        """Look the number up. True when the person is settled: confirmed, or known to be new."""
        self.errors.clear_field("identity_number")
        text = self.identity.text().strip()
        try:
            number = parse_identity_number(text, today=self.today)
        except ValidationError as error:
            self.errors.show_all([("identity_number", error.message)])
            return False
        self.identity.setText(number.display(self.today))
        fetched = self.lookup(text)
        if fetched.error is not None:
            self.errors.show_all([("identity_number", fetched.error)])
            return False
        match = fetched.value
        if match is None:
            self.searched_free = number.value
            self.person_status.setText(NOT_FOUND)
            self.first_name.setFocus()
            return True
        confirmed = PersonConfirmDialog.ask(self.window(), match, number_label=number.kind.label)
        if confirmed is None:
            self.person_status.setText("Personen valdes inte. Kontrollera numret och sök igen.")
            self.identity.setFocus()
            self.identity.selectAll()
            return False
        self._use_existing(confirmed)
        return True

    def _use_existing(self, match: PersonMatch) -> None:
        self.existing = match
        self.existing_name.setText(f"{match.name}, {match.identity_display}")
        self.existing_address.setText(match.address or "Ingen adress registrerad")
        self.existing_protected.setVisible(match.protected_identity)
        self.person_stack.setCurrentIndex(1)
        self.person_status.setText("Befintlig person vald. Uppdraget registreras på personen.")
        for key in NEW_PERSON_FIELDS:
            self.errors.clear_field(key)

    def _clear_existing(self) -> None:
        self.existing = None
        self.searched_free = None
        self.person_stack.setCurrentIndex(0)
        self.person_status.setText(SEARCH_HINT)
        self.identity.setFocus()
        self.identity.selectAll()

    def settled(self) -> bool:
        """True when an existing person is chosen or the number was found free as it stands."""
        return self.existing is not None or self.searched_free == self._normalised_number()

    def _normalised_number(self) -> str | None:
        try:
            return parse_identity_number(self.identity.text(), today=self.today).value
        except ValidationError:
            return None

    # -- reading ----------------------------------------------------------------------------

    def person_input(self) -> PersonInput:
        if self.existing is not None:
            return PersonInput(identity_number=self.identity.text(), first_name="", last_name="")
        return PersonInput(
            identity_number=self.identity.text(),
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            street=self.street.text(),
            postal_code=self.postal_code.text(),
            city=self.city.text(),
            phone=self.phone.text(),
            protected_identity=self.protected_identity.isChecked(),
        )

    def check(self) -> list[Problem]:
        """The number, and a new person's details, checked with the domain's rules."""
        problems: list[Problem] = []
        try:
            parse_identity_number(self.identity.text(), today=self.today)
        except ValidationError as error:
            problems.append(("identity_number", error.message))
        if self.existing is None:
            _fields, person_problems = person_rules.check_new_person(self.person_input())
            problems += [(problem.field or "", problem.message) for problem in person_problems]
        return problems
