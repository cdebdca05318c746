"""ui.messages: Swedish titles and buttons; confirm() is True only for Ja."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from treserva_desktop.ui import messages


@pytest.fixture
def shown(qapp, monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    boxes: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        boxes.append(box)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return boxes


def test_error_info_warning_use_swedish_titles(shown: list[QMessageBox]) -> None:
    messages.error(None, "Något gick fel.")
    messages.info(None, "Sparat.")
    messages.warning(None, "Kontrollera datumet.")
    assert [b.windowTitle() for b in shown] == [
        "Fel – Treserva Desktop",
        "Information – Treserva Desktop",
        "Varning – Treserva Desktop",
    ]
    assert shown[0].text() == "Något gick fel."
    assert [b.text() for b in shown[0].buttons()] == ["OK"]


@pytest.mark.parametrize(("answer", "expected"), [("&Ja", True), ("&Nej", False)])
def test_confirm_has_ja_and_nej(
    shown: list[QMessageBox], monkeypatch: pytest.MonkeyPatch, answer: str, expected: bool
) -> None:
    def clicked(box: QMessageBox) -> object:
        return next(b for b in box.buttons() if b.text() == answer)

    monkeypatch.setattr(QMessageBox, "clickedButton", clicked)
    assert messages.confirm(None, "Skicka meddelande till berörda?", title="Meddelande") is expected
    box = shown[0]
    assert box.windowTitle() == "Meddelande – Treserva Desktop"
    # Alt+J / Alt+N answer it from the keyboard.
    assert sorted(b.text() for b in box.buttons()) == ["&Ja", "&Nej"]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("&Ja", messages.MessageChoice.SEND),
        ("&Redigera meddelande…", messages.MessageChoice.EDIT),
        ("&Nej", messages.MessageChoice.SKIP),
    ],
)
def test_ask_message_offers_ja_redigera_and_nej_with_alt_shortcuts(
    shown: list[QMessageBox],
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    expected: messages.MessageChoice,
) -> None:
    def clicked(box: QMessageBox) -> object:
        return next(b for b in box.buttons() if b.text() == answer)

    monkeypatch.setattr(QMessageBox, "clickedButton", clicked)
    assert messages.ask_message(None, "Skicka meddelande till berörda?") is expected
    box = shown[0]
    assert sorted(b.text() for b in box.buttons()) == [
        "&Ja",
        "&Nej",
        "&Redigera meddelande…",
    ]
    assert box.defaultButton().text() == "&Ja"
    assert box.escapeButton() is next(b for b in box.buttons() if b.text() == "&Nej")
