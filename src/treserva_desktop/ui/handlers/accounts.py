"""Handlers of the account actions: Arkiv › Byt lösenord… for everyone, and Administration ›
Användare… for the systemadministratör (the services refuse anyone else regardless)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from treserva_desktop.db.queries import accounts as account_queries
from treserva_desktop.domain.commands.accounts import (
    CreateUser,
    GrantRole,
    RevokeRole,
    SetPassword,
    SetUserActive,
)
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.views.accounts import UnitChoice, UserList, UserView
from treserva_desktop.services import accounts
from treserva_desktop.ui import messages
from treserva_desktop.ui.action_ids import ActionId, MenuId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.change_password_dialog import ChangePasswordDialog
from treserva_desktop.ui.dialogs.user_admin_dialog import UserAdminDialog
from treserva_desktop.ui.runner import Attempt, Fetched, attempt, fetch, submitter

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext

PASSWORD_CHANGED = "Ditt lösenord är bytt. Använd det nya lösenordet nästa gång du loggar in."


def change_password(actx: ActionContext) -> None:
    """Arkiv › Byt lösenord…: the dialog runs the change before it closes."""
    submitted = ChangePasswordDialog.ask(actx.parent, submitter(actx.ctx, accounts.change_password))
    if submitted is not None and submitted.value is not None and submitted.value.ok:
        messages.info(actx.parent, PASSWORD_CHANGED, title="Byt lösenord")


class UserAdministration:
    """The UserAdminBackend over the services and queries, for one logged-in administrator."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def users(self, text: str) -> Fetched[UserList]:
        return fetch(self.ctx, account_queries.list_users, text)

    def user(self, user_id: int) -> UserView | None:
        return fetch(self.ctx, account_queries.user_detail, user_id).value

    def units(self) -> list[UnitChoice]:
        return fetch(self.ctx, account_queries.unit_choices).value or []

    def create(self, parent: QWidget, command: CreateUser) -> Attempt[int]:
        return attempt(self.ctx, parent, accounts.create_user, command)

    def grant(self, parent: QWidget, command: GrantRole) -> Attempt[None]:
        return attempt(self.ctx, parent, accounts.grant_role, command)

    def revoke(self, parent: QWidget, command: RevokeRole) -> Attempt[None]:
        return attempt(self.ctx, parent, accounts.revoke_role, command)

    def set_active(self, parent: QWidget, command: SetUserActive) -> Attempt[None]:
        return attempt(self.ctx, parent, accounts.set_user_active, command)

    def set_password(self, parent: QWidget, command: SetPassword) -> Attempt[None]:
        return attempt(self.ctx, parent, accounts.set_password, command)


def administer_users(actx: ActionContext) -> None:
    """Administration › Användare…"""
    UserAdminDialog.show_for(actx.parent, UserAdministration(actx.ctx))


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.USER_ADMIN,
        "Användare…",
        administer_users,
        section=Section.ADMIN,
        menu=MenuId.ADMIN,
        permission=Permission.ADMINISTER,
        opens_dialog=True,
        status_tip="Skapa användare, ge och ta bort roller vid enheter, inaktivera konton",
    ),
    ActionSpec(
        ActionId.CHANGE_PASSWORD,
        "Byt lösenord…",
        change_password,
        section=Section.ACCOUNT,
        menu=MenuId.FILE,
        opens_dialog=True,
        status_tip="Byt ditt eget lösenord",
    ),
)
