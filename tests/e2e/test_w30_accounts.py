"""W30: accounts through the main window, as users do: Arkiv › Byt lösenord…, Administration ›
Användare… (create a user, give a role at a unit, deactivate), and Arkiv › Logga ut audited."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.domain.enums import AuditAction, Role
from treserva_desktop.ui.dialogs.change_password_dialog import ChangePasswordDialog
from treserva_desktop.ui.dialogs.login_dialog import LoginDialog
from treserva_desktop.ui.dialogs.new_user_dialog import NewUserDialog
from treserva_desktop.ui.dialogs.user_admin_dialog import UserAdminDialog
from treserva_desktop.ui.dialogs.user_roles_dialog import UserRolesDialog
from treserva_desktop.ui.handlers.accounts import PASSWORD_CHANGED
from treserva_desktop.ui.login import DatabaseLogin

NEW = "sommar vid havet 2026"
FIRST = "bara for i dag 123"  # QTest types ASCII only


def events(database: Database, action: AuditAction) -> list[tuple[int | None, int | None, dict]]:
    with database.read() as session:
        rows = session.execute(
            select(AuditEvent.user_id, AuditEvent.entity_id, AuditEvent.details)
            .where(AuditEvent.action == action)
            .order_by(AuditEvent.id)
        ).all()
    return [(user, entity, dict(details)) for user, entity, details in rows]


def test_change_own_password_from_the_file_menu(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    window = driver.log_in_and_open("gruppchef")
    answers = driver.answers()
    seen: dict[str, str] = {}

    def wrong_then_right(dialog: ChangePasswordDialog) -> None:
        qtbot.keyClicks(dialog.current, "fel")
        qtbot.keyClicks(dialog.new, NEW)
        qtbot.keyClicks(dialog.repeated, NEW)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["wrong"] = dialog.errors.message("current_password")
        qtbot.keyClicks(dialog.current, "demo")
        later(lambda: qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton))

    script = driver.modals().on(ChangePasswordDialog, wrong_then_right).start()
    driver.choose_from_menu_bar("Arkiv", "Byt lösenord…")
    script.check()
    assert seen["wrong"] == "Fel lösenord."
    assert answers.infos == [PASSWORD_CHANGED]
    user_id = window.ctx.actor.user_id
    assert [entity for _, entity, _ in events(demo_db, AuditAction.PASSWORD_CHANGED)] == [user_id]

    # Logga ut: the session's end is audited; the new password logs in, the old one does not.
    with qtbot.waitSignal(window.closed):
        driver.choose_from_menu_bar("Arkiv", "Logga ut")
    assert events(demo_db, AuditAction.LOGOUT)[-1] == (user_id, user_id, {"ending": "logout"})
    login = DatabaseLogin(demo_db)
    assert login.log_in("gruppchef", "demo").actor is None
    assert driver.log_in("gruppchef", NEW).user_id == user_id


def test_the_administrator_creates_a_user_gives_a_role_and_deactivates(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    window = driver.log_in_and_open("admin")
    assert "Administration" in [t.replace("&", "") for t in driver.menu_bar_titles()]

    def create(dialog: UserAdminDialog) -> None:
        later(lambda: qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton))

    def fill_new(dialog: NewUserDialog) -> None:
        qtbot.keyClicks(dialog.username, "Lena.Berg")
        qtbot.keyClicks(dialog.display_name, "Lena Berg")
        dialog.title.setText("Undersköterska")  # QTest types ASCII only
        qtbot.keyClicks(dialog.password, FIRST)
        qtbot.keyClicks(dialog.repeated, FIRST)
        later(lambda: qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton))

    def open_roles(dialog: UserAdminDialog) -> None:
        assert dialog.selected() is not None
        assert dialog.selected().username == "lena.berg"  # type: ignore[union-attr]
        later(lambda: qtbot.mouseClick(dialog.roles_button, Qt.MouseButton.LeftButton))

    def give_role(dialog: UserRolesDialog) -> None:
        assert dialog.grants.count() == 0
        assert dialog.empty.isVisible()
        dialog.role.setCurrentIndex(dialog.role.findData(Role.CARE_STAFF.value))
        names = [dialog.unit.itemText(i).strip() for i in range(dialog.unit.count())]
        dialog.unit.setCurrentIndex(names.index("Norr grupp 2"))
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        assert [dialog.grants.item(i).text() for i in range(dialog.grants.count())] == [
            "Omvårdnadspersonal, Norr grupp 2"
        ]
        later(dialog.reject)

    script = (
        driver.modals()
        .on(UserAdminDialog, create, name="Ny användare…")
        .on(NewUserDialog, fill_new, name="fill in")
        .on(
            UserAdminDialog,
            open_roles,
            ready=lambda d: d.selected() is not None and d.selected().username == "lena.berg",
            name="Roller…",
        )
        .on(UserRolesDialog, give_role, name="give a role")
        .on(UserAdminDialog, lambda d: later(d.reject), name="close")
        .start()
    )
    driver.choose_from_menu_bar("Administration", "Användare…")
    script.check()

    # The new user logs in with what the administrator gave and sees the unit.
    lena = DatabaseLogin(demo_db).log_in("lena.berg", FIRST).actor
    assert lena is not None
    assert [grant.unit_name for grant in lena.grants] == ["Norr grupp 2"]
    admin_id = window.ctx.actor.user_id
    assert [(u, d) for u, _, d in events(demo_db, AuditAction.GRANT_ROLE)] == [
        (admin_id, {"role": "care_staff"})
    ]

    # Deactivate: she cannot log in any more, and is told so only with the right password.
    def deactivate(dialog: UserAdminDialog) -> None:
        qtbot.keyClicks(dialog.filter, "lena")
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
        assert [u.username for u in dialog.model.rows] == ["lena.berg"]
        dialog.table.selectRow(0)
        qtbot.mouseClick(dialog.active_button, Qt.MouseButton.LeftButton)
        later(dialog.reject)

    script = driver.modals().on(UserAdminDialog, deactivate).start()
    driver.choose_from_menu_bar("Administration", "Användare…")
    script.check()
    login = DatabaseLogin(demo_db)
    assert login.log_in("lena.berg", "fel").message == "Fel användarnamn eller lösenord."
    assert login.log_in("lena.berg", FIRST).message.startswith("Kontot är inaktiverat")
    assert len(events(demo_db, AuditAction.DEACTIVATE_USER)) == 1


def test_other_roles_have_no_administration_menu(driver: E2EDriver) -> None:
    driver.log_in_and_open("verksamhetschef")
    titles = [t.replace("&", "") for t in driver.menu_bar_titles()]
    assert "Administration" not in titles
    assert "Arkiv" in titles


def test_a_login_dialog_answer_for_a_locked_account(qtbot, driver: E2EDriver) -> None:
    """Five wrong passwords in the real login dialog, then the lock message (not counted)."""
    dialog = LoginDialog(DatabaseLogin(driver.database))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for _ in range(5):
        dialog.username.setText("personal")
        qtbot.keyClicks(dialog.password, "fel")
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text().startswith("Kontot är låst till kl.")
    assert dialog.counter_label.text() == "Misslyckade försök: 5"
    qtbot.keyClicks(dialog.password, "demo")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_label.text().startswith("Kontot är låst till kl.")
    assert dialog.counter_label.text() == "Misslyckade försök: 5"  # refused unchecked
