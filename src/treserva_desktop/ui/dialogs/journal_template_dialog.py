"""Ny journal: choose the template (mall) the journal is kept by."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from treserva_desktop.domain.journal_templates import JournalTemplate
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.widgets.common import heading, muted_label
from treserva_desktop.ui.widgets.forms import ok_cancel_buttons

CODE_ROLE = Qt.ItemDataRole.UserRole


class JournalTemplateDialog(QDialog):
    """`code` is the chosen template's after OK."""

    def __init__(
        self, parent: QWidget | None, templates: Sequence[JournalTemplate], person_name: str
    ) -> None:
        super().__init__(parent)
        self.setObjectName("journal_template_dialog")
        self.setWindowTitle("Ny journal")
        self.setWindowIcon(icon("journal_new"))
        self.code: str | None = None
        self.templates = QListWidget()
        self.templates.setObjectName("templates")
        self.templates.setAccessibleName("Mallar")
        for template in templates:
            item = QListWidgetItem(icon("journal"), template.name)
            item.setData(CODE_ROLE, template.code)
            item.setToolTip(f"{template.kind.label} · {len(template.keywords)} nyckelord")
            self.templates.addItem(item)
        self.templates.setCurrentRow(0)
        label = QLabel("&Mall:")
        label.setBuddy(self.templates)
        buttons, self.ok_button, _cancel = ok_cancel_buttons(self)
        self.ok_button.setDefault(True)
        self.ok_button.setEnabled(bool(templates))
        self.templates.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Ny journal", scale=1.2))
        layout.addWidget(muted_label(person_name))
        layout.addWidget(
            muted_label(
                "Välj den mall som passar din verksamhet. Mallen ger journalens "
                "rubriker, nyckelord och frastexter."
            )
        )
        layout.addWidget(label)
        layout.addWidget(self.templates)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        self.templates.setFocus()

    def accept(self) -> None:
        item = self.templates.currentItem()
        if item is None:
            return
        self.code = str(item.data(CODE_ROLE))
        super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, templates: Sequence[JournalTemplate], person_name: str
    ) -> str | None:
        dialog = cls(parent, templates, person_name)
        return run_modal(dialog, lambda: dialog.code)
