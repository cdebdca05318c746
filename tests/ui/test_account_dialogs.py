"""The account dialogs driven like a user: Byt lösenord, the administrator's user list, Ny
användare and Roller, each running the real services on the demo database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QLabel
from sqlalchemy import select
from tests.helpers import actor_for
from tests.helpers.accounts import user_row
from tests.helpers.modal import ModalScript, later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import RoleAssignment
from treserva_desktop.domain.account_rules import MAX_FAILED_LOGINS
from treserva_desktop.domain.enums import Role
from treserva_desktop.services import accounts
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.change_password_dialog import ChangePasswordDialog
from treserva_desktop.ui.dialogs.lock_dialog import LockDialog
from treserva_desktop.ui.dialogs.new_user_dialog import NewUserDialog
from treserva_desktop.ui.dialogs.set_password_dialog import SetPasswordDialog
from treserva_desktop.ui.dialogs.user_admin_dialog import UserAdminDialog
from treserva_desktop.ui.dialogs.user_roles_dialog import UserRolesDialog
from treserva_desktop.ui.handlers.accounts import UserAdministration
from treserva_desktop.ui.login import DatabaseLogin
from treserva_desktop.ui.runner import submitter

NEW = "korvgubbe med senap"

MakeCtx = Callable[[str], AppContext]


def change_dialog(qtbot, ctx: AppContext) -> ChangePasswordDialog:
    dialog = ChangePasswordDialog(None, submitter(ctx, accounts.change_password))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def fill(qtbot, dialog: ChangePasswordDialog, current: str, new: str, repeated: str) -> None:
    for field, text in ((dialog.current, current), (dialog.new, new), (dialog.repeated, repeated)):
        field.clear()
        qtbot.keyClicks(field, text)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_change_password_shows_the_policy_at_the_field_and_changes_nothing(
    qtbot, make_ctx: MakeCtx, demo_db: Database
) -> None:
    dialog = change_dialog(qtbot, make_ctx("personal"))
    before = user_row(demo_db, "personal").password_hash
    fill(qtbot, dialog, "demo", "kort", "kort")
    assert dialog.isVisible()
    assert dialog.errors.message("new_password") == "Lösenordet måste vara minst 12 tecken långt."
    fill(qtbot, dialog, "demo", NEW, NEW + "!")
    assert "inte lika" in dialog.errors.message("repeated_password")
    fill(qtbot, dialog, "", NEW, NEW)
    assert dialog.errors.message("current_password") == "Skriv ditt nuvarande lösenord."
    assert user_row(demo_db, "personal").password_hash == before


def test_a_wrong_current_password_is_shown_counted_and_locks_at_the_fifth(
    qtbot, make_ctx: MakeCtx, demo_db: Database
) -> None:
    dialog = change_dialog(qtbot, make_ctx("personal"))
    fill(qtbot, dialog, "fel", NEW, NEW)
    assert dialog.errors.message("current_password") == "Fel lösenord."
    assert dialog.current.text() == ""
    assert user_row(demo_db, "personal").failed_logins == 1
    for _ in range(MAX_FAILED_LOGINS - 1):
        fill(qtbot, dialog, "fel", NEW, NEW)
    assert dialog.errors.message("current_password").startswith("Kontot är låst till kl.")
    assert dialog.isVisible()


def test_change_password_then_only_the_new_one_logs_in(
    qtbot, make_ctx: MakeCtx, demo_db: Database
) -> None:
    dialog = change_dialog(qtbot, make_ctx("personal"))
    fill(qtbot, dialog, "demo", NEW, NEW)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.submitted is not None
    assert dialog.submitted.value is not None
    assert dialog.submitted.value.ok
    login = DatabaseLogin(demo_db)
    assert login.log_in("personal", "demo").actor is None
    assert login.log_in("personal", NEW).actor is not None


# -- user administration --------------------------------------------------------------------


@pytest.fixture
def admin_dialog(qtbot, make_ctx: MakeCtx) -> UserAdminDialog:
    dialog = UserAdminDialog(UserAdministration(make_ctx("admin")))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def select_user(dialog: UserAdminDialog, username: str) -> None:
    rows = [u.username for u in dialog.model.rows]
    dialog.table.selectRow(rows.index(username))


def test_the_list_shows_every_user_and_the_filter_narrows_it(
    qtbot, admin_dialog: UserAdminDialog
) -> None:
    assert len(admin_dialog.model.rows) == 7
    assert admin_dialog.model.columnCount() == 6
    qtbot.keyClicks(admin_dialog.filter, "sara")
    qtbot.waitUntil(lambda: len(admin_dialog.model.rows) == 1)
    assert admin_dialog.model.rows[0].username == "samordnare"
    index = admin_dialog.model.index(0, 3)
    assert (
        admin_dialog.model.data(index) == "Samordnare, Hemtjänst Norr; Samordnare, Hemtjänst Söder"
    )
    admin_dialog.filter.clear()
    qtbot.keyClicks(admin_dialog.filter, "ingen sådan")
    qtbot.keyClick(admin_dialog.filter, Qt.Key.Key_Return)
    assert admin_dialog.model.rows == []
    assert admin_dialog.notice.text() == "Ingen användare matchar."
    assert not admin_dialog.roles_button.isEnabled()


def test_deactivate_and_reactivate_from_the_list(
    qtbot, admin_dialog: UserAdminDialog, demo_db: Database
) -> None:
    select_user(admin_dialog, "personal")
    assert admin_dialog.active_button.text() == "&Inaktivera"
    qtbot.mouseClick(admin_dialog.active_button, Qt.MouseButton.LeftButton)
    assert not user_row(demo_db, "personal").active
    assert admin_dialog.selected() is not None
    assert admin_dialog.selected().username == "personal"
    assert (
        admin_dialog.model.data(
            admin_dialog.model.index(admin_dialog.table.currentIndex().row(), 4)
        )
        == "Inaktiverad"
    )
    assert admin_dialog.active_button.text() == "Återaktiv&era"
    qtbot.mouseClick(admin_dialog.active_button, Qt.MouseButton.LeftButton)
    assert user_row(demo_db, "personal").active


def test_the_administrator_cannot_deactivate_themselves_and_is_told_so(
    qtbot, admin_dialog: UserAdminDialog, demo_db: Database
) -> None:
    select_user(admin_dialog, "admin")
    qtbot.mouseClick(admin_dialog.active_button, Qt.MouseButton.LeftButton)
    assert admin_dialog.error.text() == "Du kan inte inaktivera ditt eget konto."
    assert not admin_dialog.error.isHidden()
    assert user_row(demo_db, "admin").active


def test_new_user_dialog_refuses_a_taken_name_at_the_field_then_creates(
    qtbot, admin_dialog: UserAdminDialog, demo_db: Database
) -> None:
    script = ModalScript()
    seen: dict[str, str] = {}

    def taken(dialog: NewUserDialog) -> None:
        qtbot.keyClicks(dialog.username, "personal")
        qtbot.keyClicks(dialog.display_name, "Eva Ek")
        dialog.title.setText("Undersköterska")  # QTest types ASCII only
        qtbot.keyClicks(dialog.password, NEW)
        qtbot.keyClicks(dialog.repeated, NEW)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["taken"] = dialog.errors.message("username")
        dialog.username.clear()
        qtbot.keyClicks(dialog.username, "eva.ek")
        later(lambda: qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton))

    script.on(NewUserDialog, taken).start()
    qtbot.mouseClick(admin_dialog.new_button, Qt.MouseButton.LeftButton)
    script.check()
    assert seen["taken"] == "Det finns redan en användare med det användarnamnet."
    created = user_row(demo_db, "eva.ek")
    assert (created.display_name, created.title, created.active) == (
        "Eva Ek",
        "Undersköterska",
        True,
    )
    assert admin_dialog.selected() is not None
    assert admin_dialog.selected().username == "eva.ek"
    assert DatabaseLogin(demo_db).log_in("eva.ek", NEW).actor is not None


def test_roles_dialog_grants_and_revokes_at_a_unit(
    qtbot, admin_dialog: UserAdminDialog, demo_db: Database
) -> None:
    select_user(admin_dialog, "personal")
    user_id = admin_dialog.selected().id  # type: ignore[union-attr]
    script = ModalScript()
    seen: dict[str, list[str]] = {}

    def grant_and_revoke(dialog: UserRolesDialog) -> None:
        seen["before"] = [dialog.grants.item(i).text() for i in range(dialog.grants.count())]
        dialog.role.setCurrentIndex(dialog.role.findData(Role.COORDINATOR.value))
        names = [dialog.unit.itemText(i).strip() for i in range(dialog.unit.count())]
        dialog.unit.setCurrentIndex(names.index("Hemtjänst Söder"))
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        seen["granted"] = [dialog.grants.item(i).text() for i in range(dialog.grants.count())]
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)  # again: refused
        seen["twice"] = [dialog.errors.general.text()]
        dialog.grants.setCurrentRow(0)
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
        seen["after"] = [dialog.grants.item(i).text() for i in range(dialog.grants.count())]
        dialog.reject()

    script.on(UserRolesDialog, grant_and_revoke).start()
    qtbot.mouseClick(admin_dialog.roles_button, Qt.MouseButton.LeftButton)
    script.check()
    assert seen["before"] == ["Omvårdnadspersonal, Norr grupp 1"]
    assert seen["granted"] == ["Omvårdnadspersonal, Norr grupp 1", "Samordnare, Hemtjänst Söder"]
    assert seen["twice"] == ["Användaren har redan den rollen vid den enheten."]
    assert seen["after"] == ["Samordnare, Hemtjänst Söder"]
    with demo_db.read() as session:
        grants = (
            session.execute(select(RoleAssignment.role).where(RoleAssignment.user_id == user_id))
            .scalars()
            .all()
        )
    assert grants == [Role.COORDINATOR]
    assert (
        admin_dialog.model.data(
            admin_dialog.model.index(admin_dialog.table.currentIndex().row(), 3)
        )
        == "Samordnare, Hemtjänst Söder"
    )


def test_the_administrator_gives_a_user_a_new_password(
    qtbot, admin_dialog: UserAdminDialog, demo_db: Database
) -> None:
    select_user(admin_dialog, "personal")
    seen: dict[str, str] = {}

    def set_it(dialog: SetPasswordDialog) -> None:
        qtbot.keyClicks(dialog.password, NEW)
        qtbot.keyClicks(dialog.repeated, "annat")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["mismatch"] = dialog.errors.message("repeated_password")
        dialog.repeated.clear()
        qtbot.keyClicks(dialog.repeated, NEW)
        later(lambda: qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton))

    script = ModalScript().on(SetPasswordDialog, set_it).start()
    qtbot.mouseClick(admin_dialog.password_button, Qt.MouseButton.LeftButton)
    script.check()
    assert "inte lika" in seen["mismatch"]
    assert DatabaseLogin(demo_db).log_in("personal", NEW).actor is not None


def test_a_non_administrator_gets_the_refusal_not_the_list(qtbot, make_ctx: MakeCtx) -> None:
    dialog = UserAdminDialog(UserAdministration(make_ctx("verksamhetschef")))
    qtbot.addWidget(dialog)
    assert dialog.model.rows == []
    assert dialog.error.text() == "Din roll ger inte behörighet att administrera systemet."


def mnemonics(dialog: QDialog) -> list[str]:
    """The Alt letters of a dialog's visible labels and buttons."""
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    texts += [button.text() for button in dialog.findChildren(QAbstractButton)]
    texts += [form_label.text() for form_label in dialog.findChildren(QLabel)]
    letters = []
    for text in set(texts):
        position = text.replace("&&", "").find("&")
        if position >= 0:
            letters.append(text.replace("&&", "")[position + 1].lower())
    return letters


def test_every_account_dialog_is_keyboard_usable_with_unique_alt_letters(
    qtbot, make_ctx: MakeCtx, demo_db: Database
) -> None:
    ctx = make_ctx("admin")
    backend = UserAdministration(ctx)
    admin = UserAdminDialog(backend)
    roles = UserRolesDialog(
        backend.user(actor_for(demo_db, "personal").user_id),  # type: ignore[arg-type]
        backend.units(),
        None,
        grant=backend.grant,
        revoke=backend.revoke,
        reload_user=backend.user,
    )
    dialogs = [
        admin,
        roles,
        NewUserDialog(None, backend.create),
        SetPasswordDialog(
            backend.user(actor_for(demo_db, "personal").user_id),  # type: ignore[arg-type]
            None,
            backend.set_password,
        ),
        ChangePasswordDialog(None, submitter(ctx, accounts.change_password)),
        LockDialog("Per Axelsson (Systemadministratör)", 15, lambda _p: None),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        letters = mnemonics(dialog)
        assert letters, type(dialog).__name__
        assert len(letters) == len(set(letters)), (type(dialog).__name__, sorted(letters))
    # Reactivate shares no letter with the rest either.
    admin.active_button.setText("Återaktiv&era")
    assert len(mnemonics(admin)) == len(set(mnemonics(admin)))
