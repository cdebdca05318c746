"""The main window: the tree on the left, a pane for the selection on the right."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from treserva_desktop.db.queries import tree as tree_queries
from treserva_desktop.db.queries.counts import genomforande_count
from treserva_desktop.db.queries.person_record import person_tree_units
from treserva_desktop.domain.account_rules import SessionEnding
from treserva_desktop.domain.changes import ChangeKind, ChangeSet
from treserva_desktop.domain.commands.accounts import Logout
from treserva_desktop.domain.enums import Folder, Permission
from treserva_desktop.services import auth
from treserva_desktop.ui import actions
from treserva_desktop.ui.actions import ActionContext, ActionId, WindowActions
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.handlers import executions as execution_handlers
from treserva_desktop.ui.icons import app_icon
from treserva_desktop.ui.idle_lock import IdleLock
from treserva_desktop.ui.live_window import LiveWindow
from treserva_desktop.ui.panes.assignment_view import AssignmentPane
from treserva_desktop.ui.panes.checklist_pane import ChecklistPane
from treserva_desktop.ui.panes.execution_table import ExecutionTablePane
from treserva_desktop.ui.panes.folder_summary import FolderSummaryPane
from treserva_desktop.ui.panes.housing_pane import HousingPane
from treserva_desktop.ui.panes.message_view import MessageViewPane
from treserva_desktop.ui.panes.person_overview import PersonOverviewPane
from treserva_desktop.ui.panes.plan_pane import PlanPane
from treserva_desktop.ui.person_window.person_window import PersonWindow
from treserva_desktop.ui.runner import call, fetch
from treserva_desktop.ui.tree.kinds import PaneKey, kind_spec
from treserva_desktop.ui.tree.loader import TreeLoader
from treserva_desktop.ui.tree.model import TreeModel
from treserva_desktop.ui.tree.nodes import Node, NodeKind
from treserva_desktop.ui.tree.view import TreeView

# What Genomförande (N) counts: rows sent to execution, per assignment.
GENOMFORANDE_COUNTED = frozenset({ChangeKind.ASSIGNMENTS, ChangeKind.EXECUTIONS})

log = logging.getLogger(__name__)


DEMO_TITLE = "demodatabas"


def window_title(ctx: AppContext) -> str:
    """Who is logged in, and, on a demo database, that it is one."""
    demo = f" – {DEMO_TITLE}" if ctx.is_demo else ""
    return f"Treserva Desktop{demo} – {ctx.actor.display_name} ({ctx.role_label})"


def _elide_middle(text: str, limit: int = 70) -> str:
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return f"{text[:half]}…{text[-half:]}"


def genomforande_tooltip(count: int) -> str:
    """What Genomförande (N) counts, so it is not taken for the tree's Nya uppdrag."""
    waiting = "1 nytt uppdrag" if count == 1 else f"{count} nya uppdrag"
    return (
        f"Genomförande (Ctrl+G): {waiting} att kvittera vid dina enheter. Nya uppdrag i "
        "trädet räknar de uppdrag som väntar på att accepteras och fördelas."
    )


# The panes that show one person's data only (see MainWindow._pane_shows_change).
_PERSON_PANES = frozenset(
    {PaneKey.PERSON, PaneKey.EXECUTIONS, PaneKey.CHECKLISTS, PaneKey.PLAN, PaneKey.HOUSING}
)


class MainWindow(QMainWindow):
    """Implements ActionHost for the handlers; everything else is built from the registry."""

    closed = Signal()

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        remember_geometry: bool = True,
        session: bool = True,
    ) -> None:
        """`session`: the window belongs to a login, so closing it ends the session (audited)
        and the idle lock guards it; a screenshot's window is no session."""
        super().__init__(parent)
        self._ctx = ctx
        self._remember_geometry = remember_geometry
        self._session = session
        self.logout_requested = False
        self.ending = SessionEnding.QUIT
        self._forced = False
        self.setObjectName("main_window")
        self.setWindowTitle(window_title(ctx))
        self.setWindowIcon(app_icon())

        self.loader = TreeLoader(ctx)
        self.model = TreeModel(self.loader, ctx.events, self)
        self.tree = TreeView(self.model)
        self.tree.setObjectName("tree")
        self.tree.menu_builder = lambda node, parent: actions.build_context_menu(self, node, parent)

        self.summary_pane = FolderSummaryPane(ctx, self._children_of, pager=self.model)
        self.person_pane = PersonOverviewPane(ctx)
        self.execution_pane = ExecutionTablePane(ctx)
        self.message_pane = MessageViewPane(ctx)
        self.assignment_pane = AssignmentPane(self)
        self.checklist_pane = ChecklistPane(self)
        self.plan_pane = PlanPane(ctx)
        self.housing_pane = HousingPane(ctx)
        self.panes = QStackedWidget()
        self.panes.setObjectName("panes")
        # Each kind names its pane (tree/kinds.py); every pane shows a node with show_node.
        self.pane_of: dict[PaneKey, tuple[QWidget, Callable[[Node], None]]] = {
            PaneKey.SUMMARY: (self.summary_pane, self.summary_pane.show_node),
            PaneKey.PERSON: (self.person_pane, self.person_pane.show_node),
            PaneKey.EXECUTIONS: (self.execution_pane, self.execution_pane.show_node),
            PaneKey.MESSAGE: (self.message_pane, self.message_pane.show_node),
            PaneKey.ASSIGNMENT: (self.assignment_pane, self.assignment_pane.show_node),
            PaneKey.CHECKLISTS: (self.checklist_pane, self.checklist_pane.show_node),
            PaneKey.PLAN: (self.plan_pane, self.plan_pane.show_node),
            PaneKey.HOUSING: (self.housing_pane, self.housing_pane.show_node),
        }
        for pane, _show in self.pane_of.values():
            self.panes.addWidget(pane)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.panes)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.window_actions: WindowActions = actions.build_window_actions(self, self)
        actions.build_menu_bar(self.window_actions, self.menuBar())
        self.toolbar = QToolBar("Verktygsfält")
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        actions.build_toolbar(self.window_actions, self.toolbar)
        self.addToolBar(self.toolbar)

        self.user_label = QLabel(f"{ctx.actor.display_name} ({ctx.role_label})")
        self.user_label.setObjectName("status_user")
        self.database_label = QLabel(_elide_middle(ctx.database_label))
        self.database_label.setObjectName("status_database")
        self.database_label.setToolTip(ctx.database_label)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("status_counts")
        for label in (self.counts_label, self.user_label, self.database_label):
            label.setStyleSheet("padding: 0 8px; border-left: 1px solid #c4c4c4;")
        status = self.statusBar()
        status.addPermanentWidget(self.counts_label)
        status.addPermanentWidget(self.user_label)
        status.addPermanentWidget(self.database_label)

        # The node whose pane was drawn during which change (see _on_current_node).
        self._drawn_in_change: tuple[Node | None, int] | None = None
        self.tree.current_node_changed.connect(self._on_current_node)
        self.tree.open_requested.connect(self._on_open_requested)
        self.summary_pane.node_activated.connect(self.open_node)
        self.summary_pane.dashboard.open_requested.connect(lambda provider: provider.open(self))
        self.person_pane.choose_requested.connect(self._open_person_record)
        self.execution_pane.choose_requested.connect(self._open_execution_window)
        self.housing_pane.open_requested.connect(self._on_open_requested)
        ctx.events.data_changed.connect(self._after_data_changed)

        # Other workstations' changes (ui/live_window.py), started once the window shows.
        self.live: LiveWindow | None = None
        self.idle_lock: IdleLock | None = None
        if session:
            self.idle_lock = IdleLock(
                self, ctx, self.log_out_from_lock, ctx.settings.idle_lock_minutes
            )

        self._restore_window()
        self.update_status_counts()
        desktop = self.model.desktop
        self.tree.select_node(desktop, expand=True)
        self.tree.setFocus()
        if session:
            # Once shown: a note being written when the app last died is offered back.
            QTimer.singleShot(0, self, self.offer_drafts)

    def start_live_updates(self) -> None:
        """Listen for other workstations' changes (a worker thread with its own connection;
        started after the window shows, so it costs the first window nothing)."""
        if self.live is None and self._session and self.ctx.settings.live_updates:
            self.live = LiveWindow.start(self)

    def offer_drafts(self) -> None:
        from treserva_desktop.ui.handlers.journals import offer_drafts

        offer_drafts(self._ctx, self)

    # -- ActionHost ---------------------------------------------------------------------------

    @property
    def ctx(self) -> AppContext:
        return self._ctx

    def widget(self) -> QWidget:
        return self

    def current_node(self) -> Node | None:
        return self.tree.current_node()

    def reload_branch(self, node: Node | None) -> None:
        self.model.reload(node)
        self.update_status_counts()
        self._on_current_node(self.current_node())
        self.statusBar().showMessage("Uppdaterat", 3000)

    def open_node(self, node: Node) -> None:
        self.tree.select_node(node, expand=not kind_spec(node.kind).leaf)
        self.tree.setFocus()

    def go_to_folder(self, folder: Folder) -> None:
        self.open_node(self.model.folder_node(folder))

    def reveal_assignment(self, assignment_id: int) -> bool:
        """Mitt skrivbord › Nya uppdrag › person › the assignment, expanded and selected. The
        folder's pages are loaded until its person is there, and the folder is reloaded once
        if it does not hold the assignment (it may be older than the list that named it);
        False when the assignment no longer waits there."""
        folder = self.model.folders.get(Folder.NEW_ASSIGNMENTS)
        if folder is None:
            return False

        def is_it(node: Node) -> bool:
            return node.kind is NodeKind.ASSIGNMENT and node.assignment_id == assignment_id

        def holds_it(person: Node) -> bool:
            return any(is_it(child) for child in person.children)

        was_loaded = folder.loaded
        person = self.model.load_until(folder, holds_it)
        if person is None and was_loaded:
            self.model.reload(folder)
            person = self.model.load_until(folder, holds_it)
        node = next((child for child in person.children if is_it(child)), None) if person else None
        if node is None:
            return False
        self.tree.select_node(node)
        self.tree.setFocus()
        return True

    def reveal_person(self, person_id: int) -> bool:
        """Mitt skrivbord › Mina enheter › … › the person, expanded and selected (Sök person).
        Only the branches of the units the person belongs to are loaded; False when the
        person is under none of the user's units."""
        folder = self.model.folders.get(Folder.MY_UNITS)
        if folder is None:
            return False
        units = fetch(self.ctx, person_tree_units, person_id).value
        if not units:
            return False
        found = self._find_person_under(folder, person_id, units)
        if found is None:
            return False
        self.tree.select_node(found, expand=True)
        self.tree.setFocus()
        return True

    def _find_person_under(self, top: Node, person_id: int, units: frozenset[int]) -> Node | None:
        pending = [top]
        while pending:
            node = pending.pop(0)
            self.model.ensure_loaded(node)
            while self.model.fetch_more(node):
                pass
            for child in node.children:
                if child.kind is NodeKind.PERSON and child.person_id == person_id:
                    return child
                if child.kind is NodeKind.UNIT and child.unit_id in units:
                    pending.append(child)
        return None

    def request_logout(self) -> None:
        self.logout_requested = True
        self.ending = SessionEnding.LOGOUT
        if not self.close():
            # A person window answered Avbryt: stay logged in.
            self.logout_requested = False
            self.ending = SessionEnding.QUIT

    def request_quit(self) -> None:
        self.logout_requested = False
        self.ending = SessionEnding.QUIT
        self.close()

    def log_out_from_lock(self) -> None:
        """Logga ut on the lock screen: the session ends without asking the locked user's
        questions (unsaved edits in a person window are not saved). Every other window is
        closed now; the main window once their event loops have returned."""
        self.logout_requested = True
        self.ending = SessionEnding.FROM_LOCK
        self._forced = True
        for widget in QApplication.topLevelWidgets():
            if widget is self or not widget.isVisible():
                continue
            if isinstance(widget, QDialog):
                widget.done(QDialog.DialogCode.Rejected)
            else:
                widget.close()
        QTimer.singleShot(0, self.close)

    # -- selection and panes ------------------------------------------------------------------

    def _children_of(self, node: Node) -> list[Node]:
        self.model.ensure_loaded(node)
        return list(node.children)

    def _on_open_requested(self, node: Node) -> None:
        default = actions.default_spec(node, self.ctx.actor)
        if default is not None:
            actions.trigger(default, ActionContext(self, node))

    def _open_person_record(self, _person_id: int) -> None:
        """Välj in the person overview: the same as Öppna personuppgifter… on the node."""
        actx = ActionContext(self, self.current_node())
        actions.trigger(actions.spec(ActionId.PERSON_RECORD), actx)

    def _open_execution_window(
        self, person_id: int, unit_id: int | None, execution_id: int | None
    ) -> None:
        """Välj in Insats GF: the execution window (Rätta/Avsluta, Återkalla, Registrera)."""
        execution_handlers.open_window(self.ctx, self, person_id, unit_id, select_id=execution_id)

    def _on_current_node(self, node: Node | None) -> None:
        self.window_actions.update_enabled()
        # Drawn while the tree applies a change, once the branch is back (the view selecting
        # the node again): the pane then shows the change already (_after_data_changed).
        self._drawn_in_change = (
            (node, self.model.change_serial) if not self.model.reloads_under_way else None
        )
        if node is None:
            node = self.model.desktop
        pane, show = self.pane_of[kind_spec(node.kind).pane]
        show(node)
        self.panes.setCurrentWidget(pane)

    def _after_data_changed(self, change: ChangeSet) -> None:
        # The model has reloaded what the change touched and the folder counts already (it
        # connected first): the status bar takes those, Genomförande (N) is counted again
        # only after a change of what it counts.
        self.update_status_counts(genomforande=change.any_of(GENOMFORANDE_COUNTED))
        node = self.current_node()
        # A pane the tree's reload already drew for this change is not drawn twice.
        drawn_already = self._drawn_in_change == (node, self.model.change_serial)
        if not drawn_already and self._pane_shows_change(node, change):
            self._on_current_node(node)
        else:
            self.window_actions.update_enabled()

    def _pane_shows_change(self, node: Node | None, change: ChangeSet) -> bool:
        """Whether the pane of the current node may show something the change altered. A
        pane of one person's data (overview, insatser, checklists, plan, boende) is read
        again only after a change that touched that person, an assignment's pane only after
        one that touched the assignment or its person: not re-read (nor audited as a read
        again) after a note saved for someone else. A summary (a folder's or a unit's list)
        is built from the tree, so it is drawn again only when the tree reloaded or counted
        again its node, a node above it or one below it: a note saved in a journal window
        no longer redraws the Nya uppdrag list behind it. The dashboard counts again by
        itself what a change made stale."""
        if node is None:
            return True
        pane = kind_spec(node.kind).pane
        if pane is PaneKey.SUMMARY:
            return not self.model.unchanged_by_last_change(node)
        if node.person_id is None:
            return True
        if pane is PaneKey.ASSIGNMENT and node.assignment_id is not None:
            return change.touches_person(node.person_id) or change.touches_assignment(
                node.assignment_id
            )
        if pane not in _PERSON_PANES:
            return True
        return change.touches_person(node.person_id)

    def update_status_counts(self, *, genomforande: bool = True) -> None:
        """The status bar from the folder counts the model holds (Inkorg is there for every
        role), and Genomförande (N) on the toolbar."""
        parts = []
        if self.ctx.actor.can(Permission.VIEW_NEW_ASSIGNMENTS):
            new = self.model.folder_node(Folder.NEW_ASSIGNMENTS)
            # Says what it counts: the tree's Nya uppdrag (to accept and distribute), not
            # Genomförande's (to acknowledge), which the toolbar button counts.
            parts.append(f"Nya uppdrag att fördela: {new.count or 0}")
        inbox = self.model.folders.get(Folder.INBOX)
        unread = (
            inbox.count if inbox is not None else fetch(self.ctx, tree_queries.unread_count).value
        )
        if unread is not None:
            parts.append(f"Olästa meddelanden: {unread}")
        self.counts_label.setText("  ·  ".join(parts))
        if genomforande:
            self._update_genomforande_count()

    def _update_genomforande_count(self) -> None:
        """Genomförande (N) on the toolbar: assignments waiting to be kvitterade."""
        action = self.window_actions.actions.get(ActionId.GENOMFORANDE)
        if action is None:
            return
        count = fetch(self.ctx, genomforande_count).value
        text = actions.spec(ActionId.GENOMFORANDE).text
        action.setIconText(f"{text} ({count})" if count else text)
        action.setToolTip(genomforande_tooltip(count or 0))

    # -- window state -------------------------------------------------------------------------

    def _restore_window(self) -> None:
        preferences = self.ctx.preferences
        remember = self._remember_geometry
        geometry = preferences.window_geometry() if remember else None
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
            screen = QGuiApplication.primaryScreen()
            if screen is not None:
                frame = self.frameGeometry()
                frame.moveCenter(screen.availableGeometry().center())
                self.move(frame.topLeft())
        state = preferences.window_state() if remember else None
        if state is not None:
            self.restoreState(state)
        splitter = preferences.splitter_state() if remember else None
        if splitter is None or not self.splitter.restoreState(splitter):
            self.splitter.setSizes([470, 930])

    def person_windows(self) -> list[PersonWindow]:
        return [w for w in self.findChildren(PersonWindow) if w.isVisible()]

    def _close_person_windows(self) -> bool:
        """Each open person window offers to save its edits; False if one answers Avbryt."""
        for window in self.person_windows():
            window.raise_()
            if not window.may_close():
                return False
            # Asked already: close without asking again.
            window.done(QDialog.DialogCode.Rejected)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._forced and not self._close_person_windows():
            event.ignore()
            return
        if self._remember_geometry:
            self.ctx.preferences.save_window(
                self.saveGeometry(), self.saveState(), self.splitter.saveState()
            )
        super().closeEvent(event)
        if self.live is not None:
            self.live.stop()
        if self._session:
            self._end_session()
        self.closed.emit()

    def _end_session(self) -> None:
        """The session's end in the audit trail, once (a close may come twice)."""
        self._session = False
        if self.idle_lock is not None:
            self.idle_lock.stop()
        call(self.ctx.database, self.ctx.actor, auth.logout, Logout(ending=self.ending))
