"""W3: Acceptera och fördela from the tree's context menu, through every dialog step, on the
demo database; then what the database holds and what the tree shows."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for
from tests.helpers.distribution import home_care_view
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    Assignment,
    Execution,
    Message,
    MessageRecipient,
    OrgUnit,
    Person,
)
from treserva_desktop.db.queries.ui_support import user_id_for_username
from treserva_desktop.domain.distribution_defaults import BILLING_FROM_UNIT
from treserva_desktop.domain.enums import AssignmentStatus, ExecutionStatus, Folder, TimePer
from treserva_desktop.domain.views.distribution import AssignmentDistributionView
from treserva_desktop.ui.dialogs.accept_distribute_dialog import ALL_DONE, AcceptDistributeDialog
from treserva_desktop.ui.dialogs.billing_area_dialog import BillingAreaDialog
from treserva_desktop.ui.dialogs.compose_message_dialog import ComposeMessageDialog
from treserva_desktop.ui.dialogs.register_execution_dialog import (
    SEND_QUESTION,
    RegisterExecutionDialog,
)
from treserva_desktop.ui.handlers.distribution import MESSAGE_QUESTION
from treserva_desktop.ui.messages import MessageChoice
from treserva_desktop.ui.tree.nodes import Node, NodeKind

SENT = ExecutionStatus.SENT_TO_EXECUTION.label
PERFORMING_UNIT = "Norr grupp 1"


def child(driver: E2EDriver, node: Node, **ids: object) -> Node | None:
    return next(
        (c for c in driver.children(node) if all(getattr(c, k) == v for k, v in ids.items())),
        None,
    )


def assignment_in_new_assignments(driver: E2EDriver, view: AssignmentDistributionView):
    folder = driver.node(["Mitt skrivbord", "Nya uppdrag"])
    person = child(driver, folder, kind=NodeKind.PERSON, person_id=view.person.id)
    if person is None:
        return None
    return child(driver, person, kind=NodeKind.ASSIGNMENT, assignment_id=view.assignment_id)


def menu_entries(driver: E2EDriver, node: Node) -> dict[str, bool]:
    """Right-click the row: each entry's text and whether it is enabled."""
    entries = driver.context_menu(node)
    assert len({e.text for e in entries}) == len(entries), entries
    return {e.text: e.enabled for e in entries}


def unit_under_my_units(driver: E2EDriver, *titles: str) -> Node:
    node = driver.node(["Mitt skrivbord", "Mina enheter", *titles])
    assert node.title == titles[-1]
    return node


def choose_unit(dialog: RegisterExecutionDialog, name: str) -> int:
    position = next(
        i
        for i in range(dialog.unit.count())
        if dialog.unit.itemText(i).endswith(f"› {name}") or dialog.unit.itemText(i) == name
    )
    dialog.unit.setCurrentIndex(position)
    unit_id = dialog.unit.currentData()
    assert isinstance(unit_id, int)
    return unit_id


def named(name: str):
    return lambda dialog: dialog.intervention.name == name


def test_manager_accepts_and_distributes_every_intervention(
    driver: E2EDriver, demo_db: Database
) -> None:
    window = driver.open_window(actor_for(demo_db, "verksamhetschef"))
    view = home_care_view(window.ctx)
    timed = [item for item in view.interventions if item.requires_time]
    untimed = [item for item in view.interventions if not item.requires_time]
    assert len(timed) == 2
    assert len(untimed) == 1
    care, service, alarm = timed[0], timed[1], untimed[0]
    new_count_before = window.model.folder_node(Folder.NEW_ASSIGNMENTS).count or 0
    norr_1 = unit_under_my_units(driver, "ÄO Hemtjänst", "Hemtjänst Norr", PERFORMING_UNIT)
    assert child(driver, norr_1, person_id=view.person.id) is None
    with demo_db.read() as session:
        handlaggare = user_id_for_username(session, "handlaggare")
        staff_at_unit = user_id_for_username(session, "personal")
        unit_id = session.scalars(select(OrgUnit.id).where(OrgUnit.name == PERFORMING_UNIT)).one()

    node = assignment_in_new_assignments(driver, view)
    assert node is not None
    entries = menu_entries(driver, node)
    assert entries["Stoppa uppdrag…"]
    assert entries["Acceptera och fördela…"]

    # Ja to sending three times; the one message question (all distributed) opens the
    # composer through Redigera meddelande….
    answers = driver.answers(True, True, True, MessageChoice.EDIT)
    seen: dict[str, object] = {}

    def registrera(name: str):
        def step(dialog: AcceptDistributeDialog) -> None:
            dialog.select_intervention(name)
            later(dialog.register_button.click)

        step.__name__ = f"registrera {name}"
        return step

    def first_row(dialog: RegisterExecutionDialog) -> None:
        assert dialog.start.date().toPython() == view.decision_start
        assert dialog.until_further.isChecked()
        assert dialog.to_execution.isChecked()
        choose_unit(dialog, PERFORMING_UNIT)
        dialog.hours.setValue(12.5)
        dialog.per.setCurrentIndex(dialog.per.findText(TimePer.WEEK.label))
        later(dialog.ok_button.click)

    def message(dialog: ComposeMessageDialog) -> None:
        seen["recipients"] = set(dialog.chosen_ids())
        seen["subject"] = dialog.subject.text()
        later(dialog.send_button.click)

    def second_row_with_a_mistake(dialog: RegisterExecutionDialog) -> None:
        start = view.decision_start + timedelta(days=7)
        dialog.start.setDate(QDate(start.year, start.month, start.day))
        dialog.until_further.setChecked(False)
        before = start - timedelta(days=1)
        dialog.end.setDate(QDate(before.year, before.month, before.day))
        dialog.ok_button.click()  # refused inline: nothing is asked, the dialog stays
        seen["end_error"] = dialog.errors.message("end_date")
        seen["still_open"] = dialog.isVisible()
        dialog.start.setDate(
            QDate(view.decision_start.year, view.decision_start.month, view.decision_start.day)
        )
        dialog.until_further.setChecked(True)
        choose_unit(dialog, PERFORMING_UNIT)
        later(dialog.ok_button.click)

    def third_row(dialog: RegisterExecutionDialog) -> None:
        seen["time_hidden"] = dialog.time_field.isHidden()
        choose_unit(dialog, PERFORMING_UNIT)
        later(dialog.ok_button.click)

    def close(dialog: AcceptDistributeDialog) -> None:
        seen["hint"] = dialog.hint.text()
        seen["statuses"] = dialog.status_texts()
        later(dialog.close_button.click)

    script = (
        driver.modals()
        .on(AcceptDistributeDialog, registrera(care.name))
        .on(RegisterExecutionDialog, first_row, ready=named(care.name))
        .on(
            AcceptDistributeDialog,
            registrera(service.name),
            ready=lambda d: d.status_texts()[0] == SENT,
        )
        .on(RegisterExecutionDialog, second_row_with_a_mistake, ready=named(service.name))
        .on(
            AcceptDistributeDialog,
            registrera(alarm.name),
            ready=lambda d: d.status_texts()[1] == SENT,
        )
        .on(RegisterExecutionDialog, third_row, ready=named(alarm.name))
        .on(ComposeMessageDialog, message)
        .on(AcceptDistributeDialog, close, ready=lambda d: d.view.all_distributed)
        .start()
    )
    driver.choose_in_context_menu(node, "Acceptera och fördela…")
    script.check()

    # What the user was asked and told, in the manual's order; no box to click away.
    assert answers.errors == []
    assert answers.questions == [SEND_QUESTION, SEND_QUESTION, SEND_QUESTION, MESSAGE_QUESTION]
    recipients = seen["recipients"]
    assert isinstance(recipients, set)
    assert {handlaggare, staff_at_unit} <= recipients
    assert answers.infos == []
    assert answers.statuses == [
        f"{care.name} har status {SENT}.",
        f"{service.name} har status {SENT}.",
        f"{alarm.name} har status {SENT}. Meddelande har skickats till {len(recipients)} "
        "mottagare.",
    ]
    assert str(seen["end_error"]).startswith("T.o.m.")
    assert "kan inte vara före Fr.o.m." in str(seen["end_error"])
    assert seen["still_open"] is True
    assert seen["time_hidden"] is True
    assert seen["statuses"] == [SENT, SENT, SENT]
    assert seen["hint"] == ALL_DONE

    # The database: three rows sent to Genomförande at the chosen unit, the assignment accepted.
    with demo_db.read() as session:
        rows = {
            row.intervention_id: row
            for row in session.scalars(
                select(Execution).where(Execution.assignment_id == view.assignment_id)
            ).all()
        }
        assert set(rows) == {care.intervention_id, service.intervention_id, alarm.intervention_id}
        for row in rows.values():
            assert row.status is ExecutionStatus.SENT_TO_EXECUTION
            assert row.unit_id == unit_id
            assert row.start_date == view.decision_start
            assert row.end_date is None
        assert (rows[care.intervention_id].minutes, rows[care.intervention_id].per) == (
            750,
            TimePer.WEEK,
        )
        assert rows[service.intervention_id].minutes == int(service.default_hours * 60)
        assert rows[service.intervention_id].per is service.default_per
        assert rows[alarm.intervention_id].minutes is None
        assignment = session.get(Assignment, view.assignment_id)
        assert assignment.status is AssignmentStatus.ACCEPTED
        assert assignment.accepted_by_user_id == window.ctx.actor.user_id
        message_row = session.scalars(
            select(Message).where(
                Message.assignment_id == view.assignment_id,
                Message.sender_user_id == window.ctx.actor.user_id,
            )
        ).one()
        assert message_row.subject == seen["subject"]
        assert (
            set(
                session.scalars(
                    select(MessageRecipient.user_id).where(
                        MessageRecipient.message_id == message_row.id
                    )
                ).all()
            )
            == recipients
        )

    # The tree: gone from Nya uppdrag, the person under Mina enheter › the unit.
    assert assignment_in_new_assignments(driver, view) is None
    assert window.model.folder_node(Folder.NEW_ASSIGNMENTS).count == new_count_before - 1
    norr_1 = unit_under_my_units(driver, "ÄO Hemtjänst", "Hemtjänst Norr", PERFORMING_UNIT)
    person = child(driver, norr_1, person_id=view.person.id)
    assert person is not None
    assert person.kind is NodeKind.PERSON


def test_billing_area_proposed_from_the_performing_unit_shown_and_changeable(
    driver: E2EDriver, demo_db: Database
) -> None:
    """A person without a billing area: choosing Norr grupp 1 proposes its area (shown, with
    the reason); the user picks another; OK sets it on the person with the row."""
    window = driver.open_window(actor_for(demo_db, "verksamhetschef"))
    view = home_care_view(window.ctx)
    care = next(item for item in view.interventions if item.requires_time)
    with demo_db.transaction() as session:
        person = session.get(Person, view.person.id)
        version_before = person.version
        person.billing_area_code = None
    node = assignment_in_new_assignments(driver, view)
    assert node is not None
    answers = driver.answers(True, False)  # Ja to sending; Nej to the message at Stäng
    seen: dict[str, object] = {}

    def registrera(dialog: AcceptDistributeDialog) -> None:
        seen["billing"] = dialog.billing.text()
        dialog.select_intervention(care.name)
        later(dialog.register_button.click)

    def propose_then_change(dialog: RegisterExecutionDialog) -> None:
        assert dialog.billing_area is not None
        seen["before_unit"] = (dialog.billing_code(), dialog.to_execution.isEnabled())
        choose_unit(dialog, PERFORMING_UNIT)
        seen["proposed"] = dialog.billing_code()
        seen["reason"] = dialog.billing_reason.text()
        seen["ticked"] = dialog.to_execution.isChecked()
        seen["box"] = dialog.findChild(QLabel, "billing_warning")
        combo = dialog.billing_area
        combo.setCurrentIndex(combo.findData("HT-S"))
        combo.activated.emit(combo.currentIndex())  # as a user's choice does
        seen["reason_after"] = dialog.billing_reason.text()
        later(dialog.ok_button.click)

    def close(dialog: AcceptDistributeDialog) -> None:
        seen["billing_after"] = dialog.billing.text()
        seen["statuses"] = dialog.status_texts()
        later(dialog.close_button.click)

    script = (
        driver.modals()
        .on(AcceptDistributeDialog, registrera)
        .on(RegisterExecutionDialog, propose_then_change)
        .on(AcceptDistributeDialog, close, ready=lambda d: d.status_texts()[0] == SENT)
        .start()
    )
    driver.choose_in_context_menu(node, "Acceptera och fördela…")
    script.check()

    assert str(seen["billing"]).startswith("Saknas")
    assert seen["before_unit"] == (None, False)  # no unit, no proposal, not sendable
    assert seen["proposed"] == "HT-N"
    assert seen["reason"] == BILLING_FROM_UNIT
    assert seen["ticked"] is True
    assert seen["box"] is None
    assert seen["reason_after"] == ""
    assert str(seen["billing_after"]).startswith("HT-S")
    assert answers.errors == []
    assert answers.questions == [SEND_QUESTION, MESSAGE_QUESTION]
    with demo_db.read() as session:
        person = session.get(Person, view.person.id)
        assert person.billing_area_code == "HT-S"
        assert person.version > version_before
        rows = session.scalars(
            select(Execution).where(Execution.assignment_id == view.assignment_id)
        ).all()
        assert [(r.intervention_id, r.status) for r in rows] == [
            (care.intervention_id, ExecutionStatus.SENT_TO_EXECUTION)
        ]
    # Other interventions are still waiting: the assignment stays in Nya uppdrag.
    assert assignment_in_new_assignments(driver, view) is not None


def test_without_a_billing_area_saved_under_fordelning_then_set_and_sent(
    driver: E2EDriver, demo_db: Database
) -> None:
    """No area chosen: the row is saved Under fördelning (nothing asked); Registrera on that
    row offers Ange debiteringsområde…, which sets it (persons service); then it is sent."""
    window = driver.open_window(actor_for(demo_db, "verksamhetschef"))
    view = home_care_view(window.ctx)
    care = next(item for item in view.interventions if item.requires_time)
    with demo_db.transaction() as session:
        person = session.get(Person, view.person.id)
        billing_code = person.billing_area_code
        person.billing_area_code = None
    node = assignment_in_new_assignments(driver, view)
    assert node is not None
    answers = driver.answers(True, False)  # Ja to sending; Nej to the message at Stäng
    seen: dict[str, object] = {}

    def registrera(dialog: AcceptDistributeDialog) -> None:
        dialog.select_intervention(care.name)
        later(dialog.register_button.click)

    def no_area(dialog: RegisterExecutionDialog) -> None:
        choose_unit(dialog, "Norr grupp 2")
        assert dialog.billing_area is not None
        dialog.billing_area.setCurrentIndex(0)
        dialog.billing_area.activated.emit(0)
        seen["ticked"] = dialog.to_execution.isChecked()
        seen["enabled"] = dialog.to_execution.isEnabled()
        seen["asked"] = list(answers.questions)
        later(dialog.ok_button.click)

    def registrera_again(dialog: AcceptDistributeDialog) -> None:
        dialog.select_intervention(care.name)
        later(dialog.register_button.click)

    def open_billing_area(dialog: RegisterExecutionDialog) -> None:
        seen["row_unit"] = dialog.unit_text.text()
        assert dialog.billing_button is not None
        seen["button"] = dialog.billing_button.isVisible()
        later(dialog.billing_button.click)

    def choose_area(dialog: BillingAreaDialog) -> None:
        dialog.choose(billing_code)
        later(dialog.ok_button.click)

    def send(dialog: RegisterExecutionDialog) -> None:
        seen["ticked_after"] = dialog.to_execution.isChecked()
        later(dialog.ok_button.click)

    def close(dialog: AcceptDistributeDialog) -> None:
        seen["statuses"] = dialog.status_texts()
        later(dialog.close_button.click)

    pending = ExecutionStatus.UNDER_DISTRIBUTION.label
    script = (
        driver.modals()
        .on(AcceptDistributeDialog, registrera)
        .on(RegisterExecutionDialog, no_area)
        .on(
            AcceptDistributeDialog, registrera_again, ready=lambda d: d.status_texts()[0] == pending
        )
        .on(RegisterExecutionDialog, open_billing_area, ready=lambda d: d.row is not None)
        .on(BillingAreaDialog, choose_area)
        .on(
            RegisterExecutionDialog,
            send,
            ready=lambda d: d.billing_box is not None and d.billing_box.isHidden(),
        )
        .on(AcceptDistributeDialog, close, ready=lambda d: d.status_texts()[0] == SENT)
        .start()
    )
    driver.choose_in_context_menu(node, "Acceptera och fördela…")
    script.check()

    assert seen["ticked"] is False
    assert seen["enabled"] is False
    assert seen["asked"] == []
    assert seen["row_unit"] == "Norr grupp 2"
    assert seen["button"] is True
    assert seen["ticked_after"] is True
    assert answers.errors == []
    assert answers.questions == [SEND_QUESTION, MESSAGE_QUESTION]
    assert answers.statuses[:2] == [
        f"{care.name} har status {pending}.",
        f"{care.name} har status {SENT}.",
    ]
    with demo_db.read() as session:
        assert session.get(Person, view.person.id).billing_area_code == billing_code
        rows = session.scalars(
            select(Execution).where(Execution.assignment_id == view.assignment_id)
        ).all()
        # One row: created Under fördelning, then registered and sent on (not a second row).
        assert [(r.intervention_id, r.status) for r in rows] == [
            (care.intervention_id, ExecutionStatus.SENT_TO_EXECUTION)
        ]
        assert session.get(Assignment, view.assignment_id).status is AssignmentStatus.ACCEPTED
