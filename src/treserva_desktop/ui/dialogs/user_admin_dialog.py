"""Administration › Användare…: the systemadministratör's list of accounts, with Ny användare…,
Roller…, Lösenord… and Inaktivera/Återaktivera (accounts are never deleted)."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.commands.accounts import (
    CreateUser,
    GrantRole,
    RevokeRole,
    SetPassword,
    SetUserActive,
)
from treserva_desktop.domain.views.accounts import UnitChoice, UserList, UserView
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.dialogs.new_user_dialog import NewUserDialog
from treserva_desktop.ui.dialogs.set_password_dialog import SetPasswordDialog
from treserva_desktop.ui.dialogs.user_roles_dialog import UserRolesDialog
from treserva_desktop.ui.formatting import date_time_text
from treserva_desktop.ui.runner import Attempt, Fetched
from treserva_desktop.ui.widgets.field_errors import error_label
from treserva_desktop.ui.widgets.table_model import Column, RowTableModel

MORE = "Fler användare matchar. Skriv en del av namnet eller användarnamnet för att hitta fler."
NONE_FOUND = "Ingen användare matchar."


class UserAdminBackend(Protocol):
    """What the dialogs need from the services (ui/handlers/accounts.py provides it)."""

    def users(self, text: str) -> Fetched[UserList]: ...

    def user(self, user_id: int) -> UserView | None: ...

    def units(self) -> list[UnitChoice]: ...

    def create(self, parent: QWidget, command: CreateUser) -> Attempt[int]: ...

    def grant(self, parent: QWidget, command: GrantRole) -> Attempt[None]: ...

    def revoke(self, parent: QWidget, command: RevokeRole) -> Attempt[None]: ...

    def set_active(self, parent: QWidget, command: SetUserActive) -> Attempt[None]: ...

    def set_password(self, parent: QWidget, command: SetPassword) -> Attempt[None]: ...


def status_text(user: UserView) -> str:
    if not user.active:
        return "Inaktiverad"
    if user.locked_until is not None:
        return f"Låst till {date_time_text(user.locked_until)}"
    return "Aktiv"


def roles_text(user: UserView) -> str:
    return "; ".join(grant.label for grant in user.grants) or "Inga roller"


COLUMNS: tuple[Column[UserView], ...] = (
    Column("Namn", lambda u: u.display_name),
    Column("Användarnamn", lambda u: u.username),
    Column("Titel", lambda u: u.title),
    Column("Roller", roles_text),
    Column("Status", status_text),
    Column(
        "Senast inloggad",
        lambda u: date_time_text(u.last_login_at) if u.last_login_at else "",
    ),
)


class UserAdminDialog(QDialog):
    """Every change runs at once through the backend and the list is read again after it."""

    def __init__(self, backend: UserAdminBackend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("user_admin_dialog")
        self.setWindowTitle("Användare")
        self.backend = backend

        self.filter = QLineEdit()
        self.filter.setObjectName("filter")
        self.filter.setAccessibleName("Sök användare")
        self.filter.setPlaceholderText("Namn eller användarnamn")
        self.filter.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(250)
        self._filter_timer.timeout.connect(self.reload)
        self.filter.textEdited.connect(lambda _text: self._filter_timer.start())
        self.filter.returnPressed.connect(self.reload)
        find_label = QLabel("&Sök:")
        find_label.setBuddy(self.filter)

        self.model: RowTableModel[UserView] = RowTableModel(
            COLUMNS, muted=lambda u: not u.active, alert=lambda u: u.locked_until is not None
        )
        self.table = QTableView()
        self.table.setObjectName("users")
        self.table.setAccessibleName("Användare")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self._row_activated)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        list_label = QLabel("&Användare:")
        list_label.setBuddy(self.table)

        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.error = error_label("error")

        self.new_button = QPushButton("&Ny användare…")
        self.new_button.setObjectName("new_button")
        self.new_button.clicked.connect(self.create_user)
        self.roles_button = QPushButton("&Roller…")
        self.roles_button.setObjectName("roles_button")
        self.roles_button.clicked.connect(self.edit_roles)
        self.password_button = QPushButton("&Lösenord…")
        self.password_button.setObjectName("password_button")
        self.password_button.clicked.connect(self.set_password)
        self.active_button = QPushButton("&Inaktivera")
        self.active_button.setObjectName("active_button")
        self.active_button.clicked.connect(self.toggle_active)

        # Enter belongs to the search field and the list (Roller…), never to a button.
        for button in (
            self.new_button,
            self.roles_button,
            self.password_button,
            self.active_button,
        ):
            button.setAutoDefault(False)

        search = QHBoxLayout()
        search.addWidget(find_label)
        search.addWidget(self.filter, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.roles_button)
        actions.addWidget(self.password_button)
        actions.addWidget(self.active_button)
        actions.addStretch(1)
        buttons = QDialogButtonBox()
        close = buttons.addButton("Stäng", QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("close_button")
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(search)
        layout.addWidget(list_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        layout.addLayout(actions)
        layout.addWidget(buttons)
        self.resize(900, 560)
        self.reload()
        self.filter.setFocus()

    # -- the list -------------------------------------------------------------------------------

    def reload(self, *, select_id: int | None = None) -> None:
        """Read the list again for the filter, keeping (or moving to) the selected user."""
        keep = select_id if select_id is not None else self._selected_id()
        fetched = self.backend.users(self.filter.text())
        self.error.hide()
        if fetched.value is None:
            self.model.set_rows([])
            self.error.setText(fetched.error or "")
            self.error.show()
            self._update_buttons()
            return
        found = fetched.value
        self.model.set_rows(found.users)
        self.notice.setText(MORE if found.more else NONE_FOUND if not found.users else "")
        self.notice.setVisible(found.more or not found.users)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self._select(keep)
        self._update_buttons()

    def _select(self, user_id: int | None) -> None:
        for position, user in enumerate(self.model.rows):
            if user.id == user_id:
                self.table.selectRow(position)
                return
        if self.model.rows:
            self.table.selectRow(0)

    def _selected_id(self) -> int | None:
        user = self.selected()
        return user.id if user is not None else None

    def selected(self) -> UserView | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.row(index)

    def _update_buttons(self, *_args: object) -> None:
        user = self.selected()
        self.roles_button.setEnabled(user is not None)
        self.password_button.setEnabled(user is not None)
        self.active_button.setEnabled(user is not None)
        reactivate = user is not None and not user.active
        self.active_button.setText("Återaktiv&era" if reactivate else "&Inaktivera")

    def _row_activated(self, _index: QModelIndex) -> None:
        self.edit_roles()

    # -- changes --------------------------------------------------------------------------------

    def create_user(self) -> None:
        submitted = NewUserDialog.ask(self, self.backend.create)
        if submitted is not None and submitted.value is not None:
            self.filter.clear()
            self.reload(select_id=submitted.value)

    def edit_roles(self) -> None:
        user = self.selected()
        if user is None:
            return
        changed = UserRolesDialog.ask(
            self,
            user,
            self.backend.units(),
            grant=self.backend.grant,
            revoke=self.backend.revoke,
            reload_user=self.backend.user,
        )
        if changed:
            self.reload(select_id=user.id)

    def set_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        submitted = SetPasswordDialog.ask(self, user, self.backend.set_password)
        if submitted is not None:
            self.reload(select_id=user.id)

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        outcome = self.backend.set_active(
            self, SetUserActive(user_id=user.id, active=not user.active)
        )
        if outcome.refused is not None:
            self.error.setText(outcome.refused.message)
            self.error.show()
            return
        self.reload(select_id=user.id)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    @classmethod
    def show_for(cls, parent: QWidget | None, backend: UserAdminBackend) -> None:
        dialog = cls(backend, parent)
        run_modal(dialog, lambda: None)
