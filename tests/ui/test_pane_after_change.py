"""After a change, the pane of the selected node is shown again only when the change may
have altered what it shows: a pane of one person's data (the overview) is read again, and
audited again, after a change that touched that person, not after one that touched only
someone else (a note saved in another person's journal)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select, update
from tests.helpers.windows import open_main_window

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Assignment, AuditEvent, Execution
from treserva_desktop.domain.changes import ChangeKind, ChangeSet, Touched
from treserva_desktop.domain.enums import AuditAction, ExecutionStatus, Folder
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.tree.nodes import NodeKind


def reads_of(database: Database, person_id: int) -> int:
    with database.read() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(
                    AuditEvent.action == AuditAction.READ_PERSON,
                    AuditEvent.person_id == person_id,
                )
            )
            or 0
        )


def journal_change(person_id: int) -> ChangeSet:
    return ChangeSet.of(
        {ChangeKind.JOURNALS},
        Touched(units=(), persons={person_id}, assignments=(), messages=()),
    )


def test_a_persons_pane_is_read_again_only_after_a_change_to_that_person(
    qtbot, make_ctx: Callable[[str], AppContext], demo_db: Database
) -> None:
    window = open_main_window(qtbot, make_ctx("verksamhetschef"))
    with demo_db.read() as session:
        shown, other = session.scalars(
            select(Execution.person_id)
            .where(Execution.status != ExecutionStatus.REVOKED, Execution.end_date.is_(None))
            .distinct()
            .order_by(Execution.person_id)
            .limit(2)
        ).all()
    assert window.reveal_person(shown)
    node = window.current_node()
    assert node is not None
    assert node.kind is NodeKind.PERSON
    assert node.person_id == shown
    before = reads_of(demo_db, shown)

    window.ctx.events.data_changed.emit(journal_change(other))
    assert reads_of(demo_db, shown) == before
    assert window.current_node() is node

    window.ctx.events.data_changed.emit(journal_change(shown))
    assert reads_of(demo_db, shown) == before + 1

    # A change whose persons are not known may concern anyone: shown again.
    window.ctx.events.data_changed.emit(ChangeSet.of({ChangeKind.JOURNALS}))
    assert reads_of(demo_db, shown) == before + 2


def test_an_assignments_pane_is_read_again_only_after_a_change_to_it_or_its_person(
    qtbot, make_ctx: Callable[[str], AppContext], demo_db: Database
) -> None:
    window = open_main_window(qtbot, make_ctx("gruppchef"))
    with demo_db.read() as session:
        waiting = session.execute(
            select(Assignment.id, Assignment.person_id)
            .where(Assignment.awaiting_distribution.is_(True))
            .order_by(Assignment.id)
        ).all()
    shown = next(row for row in waiting if window.reveal_assignment(row.id))
    node = window.current_node()
    assert node is not None
    assert node.assignment_id == shown.id
    person_id = shown.person_id
    before = all_reads_of(demo_db, person_id)

    window.ctx.events.data_changed.emit(journal_change(person_id + 100_000))
    assert all_reads_of(demo_db, person_id) == before

    window.ctx.events.data_changed.emit(
        ChangeSet.of(
            {ChangeKind.ASSIGNMENTS},
            Touched(units=(), persons=(), assignments={shown.id}, messages=()),
        )
    )
    assert all_reads_of(demo_db, person_id) > before


def all_reads_of(database: Database, person_id: int) -> int:
    """Every audited read of the person (an assignment's pane audits it as read)."""
    with database.read() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.person_id == person_id)
            )
            or 0
        )


def test_a_folders_list_is_drawn_again_only_when_the_tree_reloaded_or_recounted_it(
    qtbot, make_ctx: Callable[[str], AppContext], demo_db: Database
) -> None:
    """The summary of Nya uppdrag is built from the tree: a note saved in the journal of a
    person it does not list leaves the folder as it was, so its list is not redrawn; a
    change of assignments reloads the folder, and the list is drawn again from its rows."""
    window = open_main_window(qtbot, make_ctx("gruppchef"))
    window.go_to_folder(Folder.NEW_ASSIGNMENTS)
    node = window.current_node()
    assert node is not None
    assert node.folder is Folder.NEW_ASSIGNMENTS
    assert window.summary_pane.model.rowCount() > 0
    drawn: list[bool] = []
    window.summary_pane.model.modelReset.connect(lambda: drawn.append(True))

    listed = {child.person_id for child in node.children}
    elsewhere = max(pid for pid in listed if pid is not None) + 100_000
    window.ctx.events.data_changed.emit(journal_change(elsewhere))
    assert drawn == []
    assert window.current_node() is node

    window.ctx.events.data_changed.emit(ChangeSet.of({ChangeKind.ASSIGNMENTS}))
    assert drawn
    assert window.summary_pane.model.rowCount() > 0


def test_a_folder_selected_again_after_its_reload_is_drawn_once_and_current(
    qtbot, make_ctx: Callable[[str], AppContext], demo_db: Database
) -> None:
    """Acceptera och fördela takes the selected assignment out of Nya uppdrag: the tree
    reloads the folder and selects the folder itself. That draws its summary from the
    reloaded rows, so the window does not draw it a second time for the same change."""
    window = open_main_window(qtbot, make_ctx("gruppchef"))
    with demo_db.read() as session:
        waiting = session.scalars(
            select(Assignment.id)
            .where(Assignment.awaiting_distribution.is_(True))
            .order_by(Assignment.id)
        ).all()
    shown = next(
        assignment_id for assignment_id in waiting if window.reveal_assignment(assignment_id)
    )
    # Drawing a summary empties the list first (never the previous node's rows), then fills it.
    model = window.summary_pane.model
    drawn: list[int] = []
    model.modelReset.connect(lambda: drawn.append(len(model.rows)) if model.rows else None)
    with demo_db.transaction() as session:  # what distributing it leaves behind
        session.execute(
            update(Assignment).where(Assignment.id == shown).values(awaiting_distribution=False)
        )

    window.ctx.events.data_changed.emit(
        ChangeSet.of(
            {ChangeKind.ASSIGNMENTS},
            Touched(units=(), persons=(), assignments={shown}, messages=()),
        )
    )
    folder = window.current_node()
    assert folder is not None
    assert folder.folder is Folder.NEW_ASSIGNMENTS
    assert len(drawn) == 1
    listed = list(window.summary_pane.model.rows)
    assert listed == folder.children
    assert all(
        assignment.assignment_id != shown
        for person in folder.children
        for assignment in person.children
    )

    # The next change that reloads the folder, with the folder still selected, draws it again.
    window.ctx.events.data_changed.emit(ChangeSet.of({ChangeKind.ASSIGNMENTS}))
    assert len(drawn) == 2
