"""W11: Ej aktuella – att avsluta through the main window: a person whose rows ended shows,
Visa › look-back changes what shows, Ta bort ur mapp (after Ja) takes them out, Visa borttagna
shows them again, and Visa i mapp igen puts them back."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Execution, NotCurrentRemoval
from treserva_desktop.domain.enums import ExecutionStatus, Permission
from treserva_desktop.ui.dialogs.not_current_lookback_dialog import NotCurrentLookbackDialog
from treserva_desktop.ui.handlers.not_current import REMOVE_QUESTION
from treserva_desktop.ui.tree.loader import NO_UNIT_PLANS
from treserva_desktop.ui.tree.nodes import InterventionRef, Node, NodeKind
from treserva_desktop.ui.tree.paged_folders import REMOVED_MARK
from treserva_desktop.ui.tree.person_nodes import FOLLOW_UP_OVER, FOLLOW_UP_OVER_MARK

FOLDER = ["Mitt skrivbord", "Ej aktuella – att avsluta"]
VIEW = "&Visa"


def _end_someone(database: Database) -> int:
    """Every live row of one person who started long ago ends 45 days back. Returns the id."""
    with database.transaction() as session:
        today = database.clock.today()
        live = Execution.status != ExecutionStatus.REVOKED
        person_id = session.scalars(
            select(Execution.person_id)
            .where(live)
            .group_by(Execution.person_id)
            .having(func.max(Execution.start_date) < today - timedelta(days=60))
            .order_by(Execution.person_id)
            .limit(1)
        ).one()
        for row in session.scalars(select(Execution).where(Execution.person_id == person_id, live)):
            if row.end_date is None or row.end_date > today - timedelta(days=45):
                row.end_date = today - timedelta(days=45)
        return person_id


def _shown(driver: E2EDriver, person_id: int) -> Node | None:
    return next((n for n in driver.children(FOLDER) if n.person_id == person_id), None)


def _look_back(driver: E2EDriver, days: int) -> None:
    def choose(dialog: NotCurrentLookbackDialog) -> None:
        position = dialog.preset.findData(days)
        if position >= 0:
            dialog.preset.setCurrentIndex(position)
        else:  # Annat antal dagar, then the number
            dialog.preset.setCurrentIndex(dialog.preset.count() - 1)
            dialog.spin.setValue(days)
        later(dialog.accept)

    script = driver.modals().on(NotCurrentLookbackDialog, choose).start()
    driver.choose_from_menu_bar(VIEW, "Ej aktuella – att avsluta…")
    script.check()


def test_not_current_folder_look_back_remove_and_show_again(
    driver: E2EDriver, demo_db: Database, qtbot
) -> None:
    person_id = _end_someone(demo_db)
    window = driver.open_window(actor_for(demo_db, "verksamhetschef"))
    assert window.ctx.preferences.not_current_lookback_days == 90
    assert _shown(driver, person_id) is not None

    _look_back(driver, 30)
    assert window.ctx.preferences.not_current_lookback_days == 30
    assert _shown(driver, person_id) is None
    _look_back(driver, 90)
    node = _shown(driver, person_id)
    assert node is not None

    entries = {entry.text: entry.enabled for entry in driver.context_menu(node)}
    assert entries["Ta bort ur mapp"] is True
    assert entries["Visa i mapp igen"] is False
    answers = driver.answers(True)
    driver.choose_in_context_menu(node, "Ta bort ur mapp")
    assert answers.questions == [REMOVE_QUESTION.format(name=node.title)]
    assert answers.errors == []
    assert _shown(driver, person_id) is None
    with demo_db.read() as session:
        entry = session.scalars(select(NotCurrentRemoval)).one()
        assert (entry.person_id, entry.removed) == (person_id, True)

    driver.choose_from_menu_bar(VIEW, "Visa borttagna i Ej aktuella")
    assert driver.menu_bar_action(VIEW, "Visa borttagna i Ej aktuella").isChecked()
    removed = _shown(driver, person_id)
    assert removed is not None
    assert REMOVED_MARK in removed.label
    assert removed.muted
    driver.select(FOLDER)
    qtbot.waitUntil(lambda: window.panes.currentWidget() is window.summary_pane)
    # Listed but not counted among those still to be ended: the summary says so.
    assert "Dessutom visas 1 person som du har tagit bort ur mappen." in (
        window.summary_pane.text.text()
    )
    driver.choose_in_context_menu(removed, "Visa i mapp igen")
    back = _shown(driver, person_id)
    assert back is not None
    assert REMOVED_MARK not in back.label
    driver.choose_from_menu_bar(VIEW, "Visa borttagna i Ej aktuella")
    assert _shown(driver, person_id) is not None
    with demo_db.read() as session:
        assert [e.removed for e in session.scalars(select(NotCurrentRemoval))] == [True, False]


def _end_person_at(database: Database, days_ago: int, *, besides: int | None = None) -> int:
    """Like _end_someone, for the next suitable person after `besides`, ending `days_ago`."""
    with database.transaction() as session:
        today = database.clock.today()
        live = Execution.status != ExecutionStatus.REVOKED
        query = (
            select(Execution.person_id)
            .where(live)
            .group_by(Execution.person_id)
            .having(func.max(Execution.start_date) < today - timedelta(days=60))
            .order_by(Execution.person_id)
            .limit(1)
        )
        if besides is not None:
            query = query.where(Execution.person_id > besides)
        person_id = session.scalars(query).one()
        for row in session.scalars(select(Execution).where(Execution.person_id == person_id, live)):
            if row.end_date is None or row.end_date > today - timedelta(days=days_ago):
                row.end_date = today - timedelta(days=days_ago)
        return person_id


def test_persons_past_the_follow_up_time_are_marked_and_the_others_open_at_their_unit(
    driver: E2EDriver, demo_db: Database, qtbot
) -> None:
    old = _end_person_at(demo_db, 45)
    recent = _end_person_at(demo_db, 5, besides=old)
    window = driver.open_window(actor_for(demo_db, "verksamhetschef"))
    follow_up_days = window.ctx.actor.follow_up_days
    assert 5 <= follow_up_days < 45

    locked = _shown(driver, old)
    assert locked is not None
    assert FOLLOW_UP_OVER_MARK in locked.label
    assert locked.muted
    # Nothing under them that every read would refuse, only why.
    assert [(c.kind, c.label) for c in driver.children(locked)] == [
        (NodeKind.NOTICE, FOLLOW_UP_OVER)
    ]
    # Every action that would read or add to their record is greyed out (the services
    # refuse them); what concerns the user's own folder and view stays.
    entries = {entry.text: entry.enabled for entry in driver.context_menu(locked)}
    assert {text for text, enabled in entries.items() if enabled} == {
        "Ta bort ur mapp",
        "Uppdatera",
    }, entries
    assert {
        "Öppna personuppgifter…",
        "Checklistor",
        "Nytt boserviceärende…",
        "Logguttag…",
        "Registrera avvikelse…",
    } <= set(entries)

    open_one = _shown(driver, recent)
    assert open_one is not None
    assert FOLLOW_UP_OVER_MARK not in open_one.label
    assert not open_one.muted
    assert open_one.unit_id is not None
    within = {entry.text: entry.enabled for entry in driver.context_menu(open_one)}
    assert within["Öppna personuppgifter…"], within
    assert within["Registrera avvikelse…"], within
    children = {c.kind: c for c in driver.children(open_one)}
    assert {NodeKind.INSATS_GF, NodeKind.DOKUMENT_GF, NodeKind.CHECKLISTS} <= set(children)
    documents = driver.children(children[NodeKind.DOKUMENT_GF])
    assert all(c.label != NO_UNIT_PLANS for c in documents)
    # Nothing ongoing to hand over here.
    assert window.ctx.actor.can(Permission.CHANGE_PROVIDER)
    assert "Byt utförare…" not in {
        e.text for e in driver.context_menu(children[NodeKind.INSATS_GF])
    }
    driver.select(children[NodeKind.INSATS_GF])
    qtbot.waitUntil(lambda: window.panes.currentWidget() is window.execution_pane)
    assert window.execution_pane.rows()
    assert window.execution_pane.choose_button.isEnabled()

    driver.select(FOLDER)
    qtbot.waitUntil(lambda: window.panes.currentWidget() is window.summary_pane)
    text = window.summary_pane.text.text()
    assert "inom uppföljningstiden" in text
    assert "kan bara tas bort ur mappen" in text

    # The locked one can still be taken out of the folder: it reveals nothing about them.
    answers = driver.answers(True)
    driver.choose_in_context_menu(locked, "Ta bort ur mapp")
    assert answers.errors == []
    assert _shown(driver, old) is None

    # A table the service refuses offers no Välj.
    pane = window.execution_pane
    pane.show_node(
        Node(kind=NodeKind.INSATS_GF, label="Insats GF", ref=InterventionRef(old, open_one.unit_id))
    )
    assert pane.rows() == []
    assert not pane.choose_button.isEnabled()
