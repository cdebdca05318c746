"""Logga ut and closing the main window ask each open person window about unsaved edits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.helpers.persons import load_person, person_at

from treserva_desktop.db.database import Database
from treserva_desktop.ui import messages
from treserva_desktop.ui.actions import ActionId
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.handlers import persons as person_handlers
from treserva_desktop.ui.main_window import MainWindow
from treserva_desktop.ui.person_window.person_window import PersonWindow

NEW_EMAIL = "utloggning@exempel.se"
SAVE, DISCARD, CANCEL = True, False, None


def open_with_unsaved_edit(
    qtbot, ctx: AppContext, demo_db: Database
) -> tuple[MainWindow, PersonWindow, int]:
    window = MainWindow(ctx, remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    person_id = person_at(demo_db)
    person = person_handlers.open_person_window(ctx, window, person_id)
    assert person is not None
    person.contact_tab.email.setText(NEW_EMAIL)
    assert person.dirty_tabs()
    return window, person, person_id


@pytest.mark.parametrize(
    ("answer", "logged_out", "saved"),
    [(CANCEL, False, False), (SAVE, True, True), (DISCARD, True, False)],
)
def test_logout_asks_the_person_window_first(
    qtbot,
    make_ctx: Callable[[str], AppContext],
    demo_db: Database,
    monkeypatch: pytest.MonkeyPatch,
    answer: bool | None,
    logged_out: bool,
    saved: bool,
) -> None:
    window, person, person_id = open_with_unsaved_edit(qtbot, make_ctx("samordnare"), demo_db)
    questions: list[str] = []

    def ask(_parent: object, text: str, **_kw: object) -> bool | None:
        questions.append(text)
        return answer

    monkeypatch.setattr(messages, "ask_save_changes", ask)
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))

    window.window_actions.actions[ActionId.LOGOUT].trigger()

    assert len(questions) == 1  # asked once, not again when the person window closes
    assert questions[0].startswith("Vill du spara ändringarna?")
    assert window.logout_requested is logged_out
    assert bool(closed) is logged_out
    assert window.isVisible() is not logged_out
    assert person.isVisible() is not logged_out
    assert (load_person(demo_db, person_id).email == NEW_EMAIL) is saved
    if not logged_out:
        # Avbryt: the edits are still there, unsaved, to go on with.
        assert person.contact_tab.email.text() == NEW_EMAIL
        assert person.dirty_tabs()


def test_closing_the_main_window_with_avbryt_keeps_everything_open(
    qtbot, make_ctx: Callable[[str], AppContext], demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, person, _person_id = open_with_unsaved_edit(qtbot, make_ctx("samordnare"), demo_db)
    monkeypatch.setattr(messages, "ask_save_changes", lambda *_a, **_kw: CANCEL)
    assert not window.close()
    assert window.isVisible()
    assert person.isVisible()
    assert person.contact_tab.email.text() == NEW_EMAIL


def test_closing_without_unsaved_edits_does_not_ask(
    qtbot, make_ctx: Callable[[str], AppContext], demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = make_ctx("samordnare")
    window = MainWindow(ctx, remember_geometry=False)
    qtbot.addWidget(window)
    window.show()
    person = person_handlers.open_person_window(ctx, window, person_at(demo_db))
    assert person is not None

    def refuse(*_args: object, **_kwargs: object) -> bool | None:
        raise AssertionError("asked although nothing changed")

    monkeypatch.setattr(messages, "ask_save_changes", refuse)
    window.request_quit()
    assert not window.isVisible()
    assert not person.isVisible()
    assert window.logout_requested is False
