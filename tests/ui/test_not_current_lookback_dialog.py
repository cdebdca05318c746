"""The look-back dialog: one value, the number field only for Annat antal dagar, and a mnemonic
per label."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QFormLayout, QLabel

from treserva_desktop.ui.dialogs.not_current_lookback_dialog import NotCurrentLookbackDialog


def _mnemonics(dialog: NotCurrentLookbackDialog) -> list[str]:
    found = []
    for label in dialog.findChildren(QLabel):
        match = re.search(r"&(\w)", label.text())
        if match:
            found.append(match.group(1).lower())
    return found


def test_a_preset_hides_the_number_field_and_is_what_counts(qtbot) -> None:
    dialog = NotCurrentLookbackDialog(90)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.preset.currentData() == 90
    assert not dialog.form.isRowVisible(dialog.spin)

    dialog.preset.setCurrentIndex(dialog.preset.findData(30))
    assert not dialog.form.isRowVisible(dialog.spin)
    dialog.accept()
    assert dialog.days == 30


def test_annat_antal_dagar_shows_the_number_field(qtbot) -> None:
    dialog = NotCurrentLookbackDialog(90)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.preset.setCurrentIndex(dialog.preset.count() - 1)
    assert dialog.preset.currentData() is None
    assert dialog.form.isRowVisible(dialog.spin)
    assert dialog.spin.isVisibleTo(dialog)
    dialog.spin.setValue(45)
    dialog.accept()
    assert dialog.days == 45


def test_an_odd_current_value_opens_on_annat_antal_dagar(qtbot) -> None:
    dialog = NotCurrentLookbackDialog(45)
    qtbot.addWidget(dialog)
    assert dialog.preset.currentData() is None
    assert dialog.form.isRowVisible(dialog.spin)
    assert dialog.spin.value() == 45


def test_each_label_has_its_own_mnemonic(qtbot) -> None:
    dialog = NotCurrentLookbackDialog(90)
    qtbot.addWidget(dialog)
    keys = _mnemonics(dialog)
    assert len(keys) == 2
    assert len(set(keys)) == len(keys)
    assert isinstance(dialog.form, QFormLayout)
