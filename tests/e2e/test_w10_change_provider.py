"""W10 Byt utförare: the sending manager right-clicks an intervention › Byt utförare… ›
ticks › Nästa › unit and date › Nästa › review › Slutför › Ja; the receiving manager finds
it under Nya uppdrag › Acceptera/Stoppa… › Acceptera (Acceptera och fördela) – the old rows
end the day before – or Stoppa with a reason (nothing changes at the old unit)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QWizard
from sqlalchemy import or_, select
from tests.e2e.driver import E2EDriver
from tests.helpers.modal import later

from treserva_desktop.db.database import Database, clock_of
from treserva_desktop.db.models import (
    Assignment,
    Decision,
    Execution,
    Intervention,
    InterventionType,
    Message,
    MessageRecipient,
    OrgUnit,
)
from treserva_desktop.db.queries.ui_support import user_id_for_username
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    BusinessArea,
    ExecutionStatus,
)
from treserva_desktop.ui.dialogs.accept_distribute_dialog import AcceptDistributeDialog
from treserva_desktop.ui.dialogs.accept_or_stop_dialog import AcceptOrStopDialog
from treserva_desktop.ui.dialogs.compose_message_dialog import ComposeMessageDialog
from treserva_desktop.ui.dialogs.register_execution_dialog import (
    SEND_QUESTION,
    RegisterExecutionDialog,
)
from treserva_desktop.ui.dialogs.stop_assignment_dialog import (
    CONFIRM_CHANGE,
    StopAssignmentDialog,
)
from treserva_desktop.ui.handlers.distribution import MESSAGE_QUESTION as DISTRIBUTED_QUESTION
from treserva_desktop.ui.handlers.distribution import STOPPED_CHANGE_INFO
from treserva_desktop.ui.handlers.provider_change import MESSAGE_QUESTION
from treserva_desktop.ui.tree.nodes import Node, NodeKind
from treserva_desktop.ui.wizards.change_provider_wizard import (
    REVIEW_PAGE,
    UNIT_PAGE,
    ChangeProviderWizard,
)

OLD_UNIT = "Norr grupp 1"
NEW_UNIT = "Hemtjänst Söder"
PERFORMING = "Söder grupp A"


def _unit_id(db: Database, name: str) -> int:
    with db.read() as session:
        return session.scalars(select(OrgUnit.id).where(OrgUnit.name == name)).one()


def _candidates(db: Database, change_date: date) -> list[tuple[int, int, str]]:
    """(person, intervention, name) with a home-care row running at the old unit past the
    takeover inside its decision, not yet in any provider change."""
    unit_id = _unit_id(db, OLD_UNIT)
    with db.read() as session:
        pending = select(Assignment.person_id).where(
            Assignment.kind == AssignmentKind.PROVIDER_CHANGE
        )
        rows = session.execute(
            select(Execution.person_id, Execution.intervention_id, InterventionType.name)
            .join(Intervention, Intervention.id == Execution.intervention_id)
            .join(InterventionType, InterventionType.code == Intervention.type_code)
            .join(Decision, Decision.id == Intervention.decision_id)
            .where(
                Execution.unit_id == unit_id,
                Execution.status != ExecutionStatus.REVOKED,
                Execution.start_date < change_date,
                or_(Execution.end_date.is_(None), Execution.end_date > change_date),
                or_(Decision.period_end.is_(None), Decision.period_end > change_date),
                InterventionType.business_area == BusinessArea.HOME_CARE,
                Execution.person_id.not_in(pending),
            )
            .order_by(Execution.person_id, Execution.intervention_id)
        ).all()
    return [(int(p), int(i), str(n)) for p, i, n in rows]


def _intervention_node(driver: E2EDriver, person_id: int, intervention_id: int) -> Node:
    model = driver.window.model
    unit = model.find(lambda n: n.kind is NodeKind.UNIT and n.title == OLD_UNIT)
    assert unit is not None
    person = model.find(
        lambda n: n.kind is NodeKind.PERSON and n.person_id == person_id, start=unit
    )
    assert person is not None
    found = model.find(
        lambda n: n.kind is NodeKind.INTERVENTION and n.intervention_id == intervention_id,
        start=person,
    )
    assert found is not None
    return found


def _provider_change_node(driver: E2EDriver, assignment_id: int) -> Node | None:
    folder = driver.node(["Mitt skrivbord", "Nya uppdrag"])
    return driver.window.model.find(
        lambda n: n.kind is NodeKind.ASSIGNMENT and n.assignment_id == assignment_id,
        start=folder,
    )


def _send_change(driver: E2EDriver, db: Database, change_date: date) -> tuple[int, int, int]:
    """As the group manager of Hemtjänst Norr, through the wizard: (person, intervention,
    assignment)."""
    person_id, intervention_id, _name = _candidates(db, change_date)[0]
    driver.log_in_and_open("gruppchef")
    node = _intervention_node(driver, person_id, intervention_id)
    target = _unit_id(db, NEW_UNIT)
    seen: dict[str, object] = {}

    def wizard(w: ChangeProviderWizard) -> None:
        seen["preticked"] = w.interventions_page.chosen()
        next_button = w.button(QWizard.WizardButton.NextButton)
        next_button.click()
        assert w.currentId() == UNIT_PAGE
        next_button.click()  # no unit yet: stays, with the message at the tree
        seen["no_unit"] = w.unit_page.errors.message("to_unit_id")
        picker = w.unit_page.picker
        picker.view.selectionModel().select(
            picker.proxy_index_of(target), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        w.unit_page.date.set_value(change_date)
        next_button.click()
        assert w.currentId() == REVIEW_PAGE
        seen["review_to"] = w.review_page.values["to_unit"].text()
        w.button(QWizard.WizardButton.BackButton).click()
        assert w.currentId() == UNIT_PAGE
        next_button.click()
        later(w.button(QWizard.WizardButton.FinishButton).click)

    def message(dialog: ComposeMessageDialog) -> None:
        seen["recipients"] = set(dialog.chosen_ids())
        later(dialog.send_button.click)

    answers = driver.answers(True)
    script = (
        driver.modals().on(ChangeProviderWizard, wizard).on(ComposeMessageDialog, message).start()
    )
    driver.choose_in_context_menu(node, "Byt utförare…")
    script.check()
    assert answers.errors == []
    assert answers.questions == [MESSAGE_QUESTION]
    assert seen["preticked"] == (intervention_id,)
    assert seen["no_unit"] == "Välj den enhet som ska ta över insatserna."
    assert str(seen["review_to"]).endswith("ÄO Hemtjänst › Hemtjänst Söder")
    with db.read() as session:
        staff = user_id_for_username(session, "personal")
        assignment = session.scalars(
            select(Assignment).where(
                Assignment.person_id == person_id,
                Assignment.kind == AssignmentKind.PROVIDER_CHANGE,
            )
        ).one()
        assert assignment.status is AssignmentStatus.RECEIVED
        assert assignment.change_date == change_date
        assignment_id = assignment.id
    assert staff in seen["recipients"]  # type: ignore[operator]
    assert answers.infos[-1].startswith("Uppdraget har skickats till den nya utförarens")
    return person_id, intervention_id, assignment_id


def _old_rows(db: Database, person_id: int, intervention_id: int) -> list[tuple[date | None, str]]:
    unit_id = _unit_id(db, OLD_UNIT)
    with db.read() as session:
        return [
            (row.end_date, row.end_reason)
            for row in session.scalars(
                select(Execution).where(
                    Execution.person_id == person_id,
                    Execution.intervention_id == intervention_id,
                    Execution.unit_id == unit_id,
                    Execution.status != ExecutionStatus.REVOKED,
                )
            ).all()
        ]


def test_change_provider_accepted_ends_the_old_rows(driver: E2EDriver, demo_db: Database) -> None:
    with demo_db.read() as session:
        change_date = clock_of(session).today() + timedelta(days=7)
    person_id, intervention_id, assignment_id = _send_change(driver, demo_db, change_date)

    # The receiving manager (samordnare at Hemtjänst Söder) and the Inkorg message.
    window = driver.log_in_and_open("samordnare")
    with demo_db.read() as session:
        inbox = session.scalars(
            select(Message.subject)
            .join(MessageRecipient, MessageRecipient.message_id == Message.id)
            .where(
                MessageRecipient.user_id == window.ctx.actor.user_id,
                Message.assignment_id == assignment_id,
            )
        ).all()
    assert inbox[0].startswith("Nytt uppdrag – byte av utförare")
    node = _provider_change_node(driver, assignment_id)
    assert node is not None
    assert node.title.startswith("Byte av utförare")
    entries = {e.text: e.enabled for e in driver.context_menu(node)}
    assert entries["Acceptera/Stoppa…"]

    def accept(dialog: AcceptOrStopDialog) -> None:
        later(dialog.accept_button.click)

    def registrera(dialog: AcceptDistributeDialog) -> None:
        later(dialog.register_button.click)

    def row(dialog: RegisterExecutionDialog) -> None:
        assert dialog.start.date().toPython() == change_date
        position = next(
            i for i in range(dialog.unit.count()) if dialog.unit.itemText(i).endswith(PERFORMING)
        )
        dialog.unit.setCurrentIndex(position)
        if not dialog.time_field.isHidden():
            dialog.hours.setValue(8)
        later(dialog.ok_button.click)

    def close(dialog: AcceptDistributeDialog) -> None:
        later(dialog.close_button.click)

    answers = driver.answers(True, False)
    script = (
        driver.modals()
        .on(AcceptOrStopDialog, accept)
        .on(AcceptDistributeDialog, registrera)
        .on(RegisterExecutionDialog, row)
        .on(AcceptDistributeDialog, close, ready=lambda d: d.view.all_distributed)
        .start()
    )
    driver.choose_in_context_menu(node, "Acceptera/Stoppa…")
    script.check()
    assert answers.errors == []
    assert answers.questions == [SEND_QUESTION, DISTRIBUTED_QUESTION]

    # The old rows ended the day before the takeover; the new row starts on it.
    assert _old_rows(demo_db, person_id, intervention_id)[-1] == (
        change_date - timedelta(days=1),
        "provider_change",
    )
    with demo_db.read() as session:
        new_row = session.scalars(
            select(Execution).where(Execution.assignment_id == assignment_id)
        ).one()
        assert new_row.start_date == change_date
        assert new_row.unit_id == _unit_id(demo_db, PERFORMING)
        assert session.get_one(Assignment, assignment_id).status is AssignmentStatus.ACCEPTED
    # The tree: gone from Nya uppdrag, the person listed at the new performing unit.
    assert _provider_change_node(driver, assignment_id) is None
    performing = driver.window.model.find(
        lambda n: n.kind is NodeKind.UNIT and n.title == PERFORMING
    )
    assert performing is not None
    assert any(c.person_id == person_id for c in driver.children(performing))


def test_change_provider_stopped_leaves_the_old_unit(driver: E2EDriver, demo_db: Database) -> None:
    with demo_db.read() as session:
        change_date = clock_of(session).today() + timedelta(days=3)
    person_id, intervention_id, assignment_id = _send_change(driver, demo_db, change_date)
    before = _old_rows(demo_db, person_id, intervention_id)

    driver.log_in_and_open("samordnare")
    node = _provider_change_node(driver, assignment_id)
    assert node is not None
    seen: dict[str, object] = {}

    def stop(dialog: AcceptOrStopDialog) -> None:
        later(dialog.stop_button.click)

    def reason(dialog: StopAssignmentDialog) -> None:
        seen["enabled_without_reason"] = dialog.stop_button.isEnabled()
        dialog.reason.setPlainText("Ingen plats i Söders grupper just nu.")
        later(dialog.stop_button.click)

    answers = driver.answers(True)
    script = driver.modals().on(AcceptOrStopDialog, stop).on(StopAssignmentDialog, reason).start()
    driver.choose_in_context_menu(node, "Acceptera/Stoppa…")
    script.check()
    assert seen["enabled_without_reason"] is False
    assert answers.questions == [CONFIRM_CHANGE]
    assert answers.infos == [STOPPED_CHANGE_INFO]
    assert _old_rows(demo_db, person_id, intervention_id) == before
    with demo_db.read() as session:
        assert session.get_one(Assignment, assignment_id).status is AssignmentStatus.STOPPED
        sender = user_id_for_username(session, "gruppchef")
        body = session.scalars(
            select(Message.body)
            .join(MessageRecipient, MessageRecipient.message_id == Message.id)
            .where(MessageRecipient.user_id == sender, Message.subject == "Uppdrag stoppat")
        ).one()
    assert "Ingen plats i Söders grupper just nu." in body
    assert _provider_change_node(driver, assignment_id) is None
