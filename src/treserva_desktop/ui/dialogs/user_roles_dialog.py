"""Administration › Användare… › Roller…: one user's roles at units, granted and revoked here."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.commands.accounts import GrantRole, RevokeRole
from treserva_desktop.domain.enums import Role
from treserva_desktop.domain.views.accounts import GrantView, UnitChoice, UserView
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.runner import Attempt, Submit
from treserva_desktop.ui.widgets.field_errors import FieldErrors, fit_to_contents

GrantSubmit = Submit[GrantRole, None]
RevokeSubmit = Submit[RevokeRole, None]
ReloadUser = Callable[[int], UserView | None]

NO_ROLES = "Användaren har inga roller och ser därför inga enheter."
CHOOSE_GRANT = "Markera rollen som ska tas bort."


class UserRolesDialog(QDialog):
    """Each Lägg till / Ta bort runs at once (audited); the list shows what the database holds."""

    def __init__(
        self,
        user: UserView,
        units: Sequence[UnitChoice],
        parent: QWidget | None,
        *,
        grant: GrantSubmit,
        revoke: RevokeSubmit,
        reload_user: ReloadUser,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("user_roles_dialog")
        self.setWindowTitle(f"Roller – {user.display_name}")
        self.user = user
        self.changed = False
        self._grant = grant
        self._revoke = revoke
        self._reload_user = reload_user

        heading = QLabel(
            f"{user.display_name} ({user.username}). En roll vid en enhet gäller också alla "
            "enheter under den."
        )
        heading.setWordWrap(True)
        self.grants = QListWidget()
        self.grants.setObjectName("grants")
        self.grants.setAccessibleName("Roller vid enheter")
        self.empty = QLabel(NO_ROLES)
        self.empty.setObjectName("no_roles")
        self.remove_button = QPushButton("&Ta bort roll")
        self.remove_button.setObjectName("remove_button")
        self.remove_button.clicked.connect(self.remove_selected)

        self.role = QComboBox()
        self.role.setObjectName("role")
        self.role.setAccessibleName("Roll")
        for role in Role:
            self.role.addItem(role.label, role.value)  # Qt hands a str enum back as str
        self.unit = QComboBox()
        self.unit.setObjectName("unit")
        self.unit.setAccessibleName("Enhet")
        for choice in units:
            self.unit.addItem("    " * choice.depth + choice.name, choice.id)
        self.add_button = QPushButton("&Lägg till roll")
        self.add_button.setObjectName("add_button")
        self.add_button.clicked.connect(self.add_grant)

        self.errors = FieldErrors()
        form = QFormLayout()
        form.addRow("&Roll:", self.role)
        form.addRow("&Enhet:", self.unit)
        adding = QHBoxLayout()
        adding.addStretch(1)
        adding.addWidget(self.add_button)

        buttons = QDialogButtonBox()
        close = buttons.addButton("Stäng", QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("close_button")
        close.setAutoDefault(False)
        self.remove_button.setAutoDefault(False)
        # Enter adds the role chosen in the combo boxes.
        self.add_button.setDefault(True)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        grants_label = QLabel("R&oller vid enheter:")
        grants_label.setBuddy(self.grants)
        layout.addWidget(grants_label)
        layout.addWidget(self.grants)
        layout.addWidget(self.empty)
        removing = QHBoxLayout()
        removing.addStretch(1)
        removing.addWidget(self.remove_button)
        layout.addLayout(removing)
        layout.addWidget(QLabel("Ge en ny roll:"))
        layout.addLayout(form)
        layout.addLayout(adding)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self._show_grants(user.grants)
        self.grants.currentRowChanged.connect(self._update_buttons)
        self._update_buttons()

    def _show_grants(self, grants: Sequence[GrantView]) -> None:
        self.grants.clear()
        for grant in grants:
            item = QListWidgetItem(grant.label)
            item.setData(Qt.ItemDataRole.UserRole, grant)
            self.grants.addItem(item)
        self.empty.setVisible(not grants)
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        self.remove_button.setEnabled(self.grants.currentItem() is not None)
        self.add_button.setEnabled(self.unit.count() > 0)

    def selected_grant(self) -> GrantView | None:
        item = self.grants.currentItem()
        if item is None:
            return None
        grant = item.data(Qt.ItemDataRole.UserRole)
        return grant if isinstance(grant, GrantView) else None

    def add_grant(self) -> None:
        role = Role(self.role.currentData())
        unit_id = self.unit.currentData()
        if not isinstance(unit_id, int):
            return
        self._after(self._grant(self, GrantRole(user_id=self.user.id, role=role, unit_id=unit_id)))

    def remove_selected(self) -> None:
        grant = self.selected_grant()
        if grant is None:
            self.errors.show(None, CHOOSE_GRANT)
            return
        command = RevokeRole(user_id=self.user.id, role=grant.role, unit_id=grant.unit_id)
        self._after(self._revoke(self, command))

    def _after(self, outcome: Attempt[None]) -> None:
        self.errors.clear()
        if outcome.refused is not None:
            self.errors.show(None, outcome.refused.message)
            fit_to_contents(self)
            return
        if not outcome.ok:
            return  # an unexpected error, shown by the runner
        self.changed = True
        fresh = self._reload_user(self.user.id)
        if fresh is not None:
            self.user = fresh
            self._show_grants(fresh.grants)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        user: UserView,
        units: Sequence[UnitChoice],
        *,
        grant: GrantSubmit,
        revoke: RevokeSubmit,
        reload_user: ReloadUser,
    ) -> bool:
        """True when a role was granted or revoked while the dialog was open."""
        dialog = cls(user, units, parent, grant=grant, revoke=revoke, reload_user=reload_user)
        run_modal(dialog, lambda: None)
        return dialog.changed
