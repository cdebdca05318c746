"""Genomförandejournaler: Documenta on Dokument GF (with Ny journal), Öppna on a journal in the
tree, and the drafts offered back after login."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QApplication, QWidget

from treserva_desktop.db.journal_templates import all_templates
from treserva_desktop.db.queries.journals import (
    journal_view,
    journal_window_data,
    person_documents,
)
from treserva_desktop.domain.commands.journals import CreateJournal
from treserva_desktop.domain.enums import JournalKind, Permission, Role
from treserva_desktop.domain.journal_templates import JournalTemplate, templates_for
from treserva_desktop.domain.views.journals import PersonDocuments
from treserva_desktop.services import journals as journal_services
from treserva_desktop.ui import messages
from treserva_desktop.ui.action_ids import ActionId, Section
from treserva_desktop.ui.action_spec import ActionContext, ActionSpec
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.journal_template_dialog import JournalTemplateDialog
from treserva_desktop.ui.journal.documenta_window import DocumentaWindow
from treserva_desktop.ui.journal.drafts import DraftStore
from treserva_desktop.ui.journal.journal_window import JournalWindow
from treserva_desktop.ui.journal.record_actions import ensure_hsl_opening
from treserva_desktop.ui.runner import fetch, run
from treserva_desktop.ui.tree.nodes import Node, NodeKind

log = logging.getLogger(__name__)

DRAFT_QUESTION = (
    "Det finns ett osparat utkast från {written} i {title} för {person}. Återställ?\n\n"
    "Ja öppnar anteckningen med texten. Nej tar bort utkastet."
)


def keeps_journal(ctx: AppContext, unit_id: int) -> bool:
    """Whether the user keeps any journal at the unit (social or HSL); services check it."""
    return ctx.actor.can(Permission.WRITE_JOURNAL, unit_id) or unit_id in ctx.actor.scope.get(
        Role.NURSE, frozenset()
    )


ALREADY_OPEN_TEXT = (
    "Personen har redan en aktuell journal vid enheten. Öppna den i listan, eller avsluta den "
    "innan en ny skapas."
)


def writable_templates(ctx: AppContext, documents: PersonDocuments) -> list[JournalTemplate]:
    """The templates of the unit's verksamhet whose kind the user writes there."""
    unit_id = documents.unit_id
    kinds = set()
    if ctx.actor.can(Permission.WRITE_JOURNAL, unit_id):
        kinds.add(JournalKind.SOCIAL)
    if unit_id in ctx.actor.scope.get(Role.NURSE, frozenset()):
        kinds.add(JournalKind.HSL)
    templates = templates_for(all_templates(), documents.business_area)
    return [t for t in templates if t.kind in kinds]


def creatable_templates(ctx: AppContext, documents: PersonDocuments) -> list[JournalTemplate]:
    """Those of writable_templates whose kind has no open journal at the unit (the service
    allows one open journal of a kind per person and unit)."""
    open_kinds = {journal.kind for journal in documents.journals if not journal.closed}
    return [t for t in writable_templates(ctx, documents) if t.kind not in open_kinds]


def _in_unit(node: Node) -> bool:
    return node.unit_id is not None and node.person_id is not None


def _can_keep(actx: ActionContext) -> bool:
    node = actx.node
    return node is not None and node.unit_id is not None and keeps_journal(actx.ctx, node.unit_id)


# -- Documenta ---------------------------------------------------------------------------------


def documenta(actx: ActionContext) -> None:
    node = actx.node
    if node is None or node.person_id is None or node.unit_id is None:
        return
    open_documenta(actx.ctx, actx.parent, node.person_id, node.unit_id)


def open_documenta(
    ctx: AppContext, parent: QWidget | None, person_id: int, unit_id: int
) -> DocumentaWindow | None:
    fetched = fetch(ctx, person_documents, person_id, unit_id)
    if fetched.value is None:
        messages.error(parent, fetched.error or "Dokumenten kunde inte visas.")
        return None
    documents = fetched.value

    def load() -> PersonDocuments | None:
        return fetch(ctx, person_documents, person_id, unit_id).value

    window: DocumentaWindow | None = None

    def new() -> None:
        created = new_journal(ctx, window, window.documents if window else documents)
        if created is not None and window is not None:
            window.reload()

    window = DocumentaWindow(
        documents,
        load=load,
        open_journal=lambda journal_id: open_journal_window(ctx, window, journal_id),
        new_journal=new,
        can_create=lambda shown: bool(creatable_templates(ctx, shown)),
        parent=parent,
    )
    ctx.events.data_changed.connect(window.on_change)
    window.show()
    window.raise_()
    window.activateWindow()
    window.table.setFocus()
    return window


def new_journal(
    ctx: AppContext, parent: QWidget | None, documents: PersonDocuments
) -> JournalWindow | None:
    """Ny journal: choose a template, create the journal, open the journal window."""
    templates = creatable_templates(ctx, documents)
    if not templates:
        messages.error(
            parent,
            ALREADY_OPEN_TEXT
            if writable_templates(ctx, documents)
            else "Det finns ingen journalmall som du kan använda vid enheten.",
        )
        return None
    code = JournalTemplateDialog.ask(parent, templates, documents.person_name)
    if code is None:
        return None
    command = CreateJournal(
        person_id=documents.person_id, unit_id=documents.unit_id, template_code=code
    )
    result = run(ctx, parent, journal_services.create_journal, command)
    if result is None:
        return None
    return open_journal_window(ctx, parent, result.journal_id)


# -- the journal window --------------------------------------------------------------------------


def _shown_window_of(ctx: AppContext, journal_id: int) -> JournalWindow | None:
    """The journal's window if this login has it open already: one window per journal."""
    return next(
        (
            widget
            for widget in QApplication.topLevelWidgets()
            if isinstance(widget, JournalWindow)
            and widget.ctx is ctx
            and widget.view.id == journal_id
            and widget.isVisible()
        ),
        None,
    )


def open_journal_window(
    ctx: AppContext, parent: QWidget | None, journal_id: int
) -> JournalWindow | None:
    """The journal's window, brought to the front if it is open already (it follows every
    committed change; an HSL journal is not opened, nor its reason asked, a second time)."""
    shown = _shown_window_of(ctx, journal_id)
    if shown is not None:
        if shown.isMinimized():
            shown.showNormal()
        shown.raise_()
        shown.activateWindow()
        return shown
    if not ensure_hsl_opening(ctx, parent, journal_id):  # journal2 (W13)
        return None
    fetched = fetch(ctx, journal_window_data, journal_id)
    if fetched.value is None:
        messages.error(parent, fetched.error or "Journalen kunde inte öppnas.")
        return None
    window = JournalWindow(ctx, fetched.value.view, parent, first_page=fetched.value.notes)
    window.show()
    window.raise_()
    window.activateWindow()
    window.table.setFocus()
    return window


def open_journal(actx: ActionContext) -> None:
    node = actx.node
    if node is None or node.journal_id is None:
        return
    open_journal_window(actx.ctx, actx.parent, node.journal_id)


# -- drafts after login ------------------------------------------------------------------------


def offer_drafts(ctx: AppContext, parent: QWidget | None) -> list[JournalWindow]:
    """Each note draft left by a crash or power cut: Återställ? Ja opens its journal and the
    note window with the text; Nej removes it."""
    store = DraftStore(ctx.settings.data_dir, ctx.actor.user_id)
    opened: list[JournalWindow] = []
    for draft in store.load_all():
        fetched = fetch(ctx, journal_view, draft.journal_id)
        view = fetched.value
        if view is None:
            log.info("draft for journal id %s not offered: not readable", draft.journal_id)
            continue
        question = DRAFT_QUESTION.format(
            written=f"{draft.written:%Y-%m-%d %H:%M}", title=view.title, person=view.person_name
        )
        if not messages.confirm(parent, question, title="Osparat utkast"):
            store.remove(draft.key)
            continue
        window = JournalWindow(ctx, view, parent)
        window.show()
        window.open_draft(draft)
        opened.append(window)
    return opened


_DOKUMENT_GF = frozenset({NodeKind.DOKUMENT_GF})

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.OPEN_JOURNAL,
        "Öppna",
        open_journal,
        applies_to=frozenset({NodeKind.JOURNAL}),
        section=Section.OPEN,
        icon="journal",
        status_tip="Öppna journalen med dess anteckningar (Enter)",
    ),
    ActionSpec(
        ActionId.DOCUMENTA,
        "Documenta",
        documenta,
        applies_to=_DOKUMENT_GF,
        applies_when=_in_unit,
        section=Section.ASSIGNMENT,
        enabled=_can_keep,
        icon="documents",
        status_tip="Personens dokument vid enheten: journaler och genomförandeplaner, Ny journal",
    ),
)
