"""The e2e driver itself: a right-click opens the row's real menu, and a missing
entry fails the test instead of silently doing nothing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from tests.e2e.driver import E2EDriver

from treserva_desktop.ui.tree.nodes import NodeKind


def test_right_click_selects_the_row_and_a_missing_entry_fails(driver: E2EDriver) -> None:
    window = driver.log_in_and_open("verksamhetschef")
    person = driver.children(["Mitt skrivbord", "Nya uppdrag"])[0]
    assert person.kind is NodeKind.PERSON
    entries = driver.context_menu(person)
    assert entries
    assert window.tree.current_node() is person
    assert QApplication.activePopupWidget() is None

    with pytest.raises(AssertionError, match="context menu of"):
        driver.choose_in_context_menu(person, "Finns inte…")
    assert QApplication.activePopupWidget() is None
