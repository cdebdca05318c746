"""W20: Hjälp › Användarstöd… shows the support desk, version, database and user."""

from __future__ import annotations

from collections.abc import Callable

from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for

import treserva_desktop
from treserva_desktop.db.database import Database
from treserva_desktop.settings import Settings
from treserva_desktop.ui.actions import MenuId
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.support_dialog import SupportDialog


def test_support_dialog_from_the_help_menu(
    qtbot,
    qapp,
    driver: E2EDriver,
    demo_db: Database,
    make_ctx: Callable[[str], AppContext],
) -> None:
    window = driver.open_window(make_ctx("samordnare"), remember_geometry=True)

    help_menu = window.window_actions.menus[MenuId.HELP]
    assert window.menuBar().actions()[-1].menu() is help_menu
    assert driver.menu_bar_menu("Hjälp") is help_menu
    driver.choose_from_menu_bar("Hjälp", "Användarstöd…")

    qtbot.waitUntil(lambda: window.findChild(SupportDialog) is not None)
    dialog = window.findChild(SupportDialog)
    assert isinstance(dialog, SupportDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowTitle() == "Användarstöd"
    facts = dict(dialog.facts)
    assert treserva_desktop.__version__ in facts["Version"]
    assert facts["Databas"] == f"SQLite: {demo_db.display_location}"
    assert "(samordnare)" in facts["Användare"]
    assert facts["Roll"] == "Samordnare"
    assert dialog.value_labels["Version"].text() == facts["Version"]
    assert "Telefon" in dialog.findChild(type(dialog.value_labels["Roll"]), "contact").text()

    dialog.copy_facts()
    assert qapp.clipboard().text() == dialog.text()

    dialog.reject()
    qtbot.waitUntil(lambda: window.findChild(SupportDialog) is None)


def test_support_desk_comes_from_the_installations_settings(
    qtbot, demo_db: Database, tmp_path
) -> None:

    settings = Settings(
        data_dir=tmp_path,
        support_name="IT-service Storköping",
        support_phone="0123-456 78",
        support_hours="",
        support_email="it@storkoping.example",
    )
    ctx = AppContext.create(demo_db, settings, actor_for(demo_db, "gruppchef"))
    dialog = SupportDialog(ctx)
    qtbot.addWidget(dialog)
    contact = dialog.findChild(type(dialog.value_labels["Roll"]), "contact").text()
    assert "IT-service Storköping" in contact
    assert "0123-456 78" in contact
    assert "it@storkoping.example" in contact
    assert "08-465" not in contact
