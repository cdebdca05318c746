"""Visa skyddade uppgifter: the reason is chosen from the code list, the comment is optional
(needed only for Annat skäl), and the dialog stays open with the problem shown."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from treserva_desktop.domain.commands.persons import RevealReasonChoice
from treserva_desktop.domain.views.persons import RevealReasonOption
from treserva_desktop.ui.person_window.reveal_reason_dialog import CHOOSE, RevealReasonDialog

REASONS = (
    RevealReasonOption("care_visit", "Besök eller insats i hemmet"),
    RevealReasonOption("other", "Annat skäl (ange kommentar)"),
)


def _dialog(qtbot: QtBot) -> RevealReasonDialog:
    dialog = RevealReasonDialog("Anna Andersson", REASONS)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_fields_have_visible_labels(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    labels = {label.text(): label.buddy() for label in dialog.findChildren(QLabel)}
    assert labels["&Skäl:"] is dialog.reason
    assert labels["&Kommentar:"] is dialog.comment
    assert [dialog.reason.itemText(i) for i in range(dialog.reason.count())] == [
        CHOOSE,
        "Besök eller insats i hemmet",
        "Annat skäl (ange kommentar)",
    ]


def test_a_reason_must_be_chosen(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.choice is None
    assert "Välj skälet" in dialog.error.text()


def test_other_needs_a_comment(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.reason.setCurrentIndex(2)
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert "kommentar" in dialog.error.text()
    qtbot.keyClicks(dialog.comment, "Socialjouren ringde")
    dialog.ok_button.click()
    assert dialog.choice == RevealReasonChoice(code="other", comment="Socialjouren ringde")


def test_code_without_comment_is_accepted(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.reason.setCurrentIndex(1)
    dialog.ok_button.click()
    assert dialog.choice == RevealReasonChoice(code="care_visit", comment="")
    assert dialog.comment.maxLength() == 200
