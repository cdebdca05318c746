"""Hjälp › Användarstöd…: how to reach the support desk, and what to tell them."""

from __future__ import annotations

import platform
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

import treserva_desktop
from treserva_desktop.settings import Settings
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.icons import icon


def support_contact(settings: Settings) -> str:
    """The support desk as rich text, from the installation's settings (TRESERVA_SUPPORT_*)."""
    hours = f" ({escape(settings.support_hours)})" if settings.support_hours else ""
    return (
        f"<b>{escape(settings.support_name)}</b><br>"
        f"Telefon: {escape(settings.support_phone)}{hours}<br>"
        f"E-post: {escape(settings.support_email)}<br><br>"
        "Uppge gärna uppgifterna nedan när du kontaktar oss. "
        "Skicka aldrig personnummer eller journaltext i e-post."
    )


def session_facts(ctx: AppContext) -> list[tuple[str, str]]:
    """What support asks for: version, database, user and role (no personal data)."""
    actor = ctx.actor
    units = ", ".join(dict.fromkeys(grant.unit_name for grant in actor.grants)) or "–"
    return [
        ("Version", f"Treserva Desktop {treserva_desktop.__version__}"),
        ("Databas", ctx.database_label),
        ("Användare", f"{actor.display_name} ({actor.username})"),
        ("Roll", ctx.role_label),
        ("Enheter", units),
        ("System", f"{platform.system()} {platform.release()}, Python {platform.python_version()}"),
    ]


class SupportDialog(QDialog):
    """Contact details of the support desk and the facts they need; copyable."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("support_dialog")
        self.setWindowTitle("Användarstöd")
        self.setWindowIcon(icon("owl"))
        self.facts = session_facts(ctx)

        owl = QLabel()
        owl.setPixmap(icon("owl").pixmap(64, 64))
        owl.setAlignment(Qt.AlignmentFlag.AlignTop)
        contact = QLabel(support_contact(ctx.settings))
        contact.setObjectName("contact")
        contact.setWordWrap(True)
        contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(owl)
        top.addWidget(contact, 1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.value_labels: dict[str, QLabel] = {}
        for name, value in self.facts:
            label = QLabel(value)
            label.setObjectName(f"fact_{name.lower()}")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{name}:", label)
            self.value_labels[name] = label

        buttons = QDialogButtonBox()
        copy = buttons.addButton("Kopiera uppgifter", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_facts)
        close = buttons.addButton("Stäng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        close.setDefault(True)

    def text(self) -> str:
        return "\n".join(f"{name}: {value}" for name, value in self.facts)

    def copy_facts(self) -> None:
        QGuiApplication.clipboard().setText(self.text())

    @classmethod
    def show_for(cls, parent: QWidget | None, ctx: AppContext) -> SupportDialog:
        """Open window-modally without blocking; the dialog deletes itself when closed."""
        dialog = cls(ctx, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
