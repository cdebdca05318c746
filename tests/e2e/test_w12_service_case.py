"""W12: a boservice case opened from a person under Mina enheter (Nytt boserviceärende…) and
closed through Ärenden (boservice)… › Välj › Spara › Avsluta › Sammanställ › date and
avslutsorsak › Avsluta ärendet; and the refusal while personal care goes on."""

from __future__ import annotations

from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Case, Decision, Execution, Intervention, Person
from treserva_desktop.domain import service_case_rules
from treserva_desktop.domain.enums import CaseKind, ExecutionStatus
from treserva_desktop.ui.dialogs.close_service_case_dialog import CloseServiceCaseDialog
from treserva_desktop.ui.dialogs.new_service_case_dialog import NewServiceCaseDialog
from treserva_desktop.ui.dialogs.service_case_dialog import ServiceCaseDialog
from treserva_desktop.ui.tree.nodes import Node, NodeKind

UNIT = ["Mitt skrivbord", "Mina enheter", "ÄO Hemtjänst", "Hemtjänst Norr", "Norr grupp 1"]


def _persons(driver: E2EDriver) -> list[Node]:
    return [n for n in driver.children(UNIT) if n.kind is NodeKind.PERSON]


def _prepare(database: Database, person_id: int, *, end_personal_care: bool) -> None:
    """Billed (a billing area), and with personal care ending today or going on."""
    with database.transaction() as session:
        today = database.clock.today()
        person = session.get(Person, person_id)
        assert person is not None
        person.billing_area_code = person.billing_area_code or "HT-N"
        if end_personal_care:
            for row in session.scalars(
                select(Execution)
                .join(Intervention, Intervention.id == Execution.intervention_id)
                .where(Execution.person_id == person_id, Intervention.type_code == "personal_care")
            ):
                if row.end_date is None or row.end_date > today:
                    row.end_date = max(row.start_date, today)


def _open_through_the_menu(driver: E2EDriver, node: Node, *, other_unit: bool = False) -> str:
    """Nytt boserviceärende… with the first intervention at 2 hours; at the person's own unit
    or at another one. Returns the chosen unit's path."""
    chosen: list[str] = []

    def fill(dialog: NewServiceCaseDialog) -> None:
        if other_unit:
            texts = [dialog.unit.itemText(i) for i in range(dialog.unit.count())]
            other = next(i for i, text in enumerate(texts) if not text.endswith(UNIT[-1]))
            dialog.unit.setCurrentIndex(other)
        chosen.append(dialog.unit.currentText())
        dialog.rows[0].check.setChecked(True)
        dialog.rows[0].hours.setValue(2)
        later(dialog.save_button.click)

    script = driver.modals().on(NewServiceCaseDialog, fill).start()
    driver.choose_in_context_menu(node, "Nytt boserviceärende…")
    script.check()
    return chosen[0]


def _service_case(database: Database, person_id: int) -> Case:
    with database.read() as session:
        return session.scalars(
            select(Case).where(Case.person_id == person_id, Case.kind == CaseKind.SERVICE)
        ).one()


def test_open_and_close_a_service_case(driver: E2EDriver, demo_db: Database) -> None:
    window = driver.open_window(actor_for(demo_db, "verksamhetschef"))
    today = window.ctx.clock.today()
    with demo_db.read() as session:
        planned_care = set(
            session.scalars(
                select(Execution.person_id)
                .join(Intervention, Intervention.id == Execution.intervention_id)
                .where(Intervention.type_code == "personal_care", Execution.start_date > today)
            )
        )
    node = next(n for n in _persons(driver) if n.person_id not in planned_care)
    assert node.person_id is not None
    person_id = node.person_id
    _prepare(demo_db, person_id, end_personal_care=True)

    answers = driver.answers(True)
    path = _open_through_the_menu(driver, node, other_unit=True)
    assert not path.endswith(UNIT[-1])
    # The person now also shows under the unit that gives the boservice.
    other = ["Mitt skrivbord", "Mina enheter", *path.split(" › ")]
    assert person_id in {n.person_id for n in driver.children(other)}
    case = _service_case(demo_db, person_id)
    assert case.authority_unit_id is None
    assert case.closed_on is None
    # The unit was reloaded: the person's row is a new one.
    node = next(n for n in _persons(driver) if n.person_id == person_id)

    seen: dict[str, object] = {}

    def choose_and_save(dialog: ServiceCaseDialog) -> None:
        dialog.list.setCurrentRow(0)
        dialog.choose_button.click()
        dialog.has_end.setChecked(True)
        dialog.period_end.set_value(today)
        dialog.save_button.click()
        seen["saved"] = dialog.period.text()
        dialog.end_button.click()
        later(dialog.summarise_button.click)

    def close(dialog: CloseServiceCaseDialog) -> None:
        seen["summary"] = dialog.summary_text.text()
        dialog.reason.setCurrentIndex(dialog.reason.findData("moved"))
        later(dialog.close_button.click)

    def done(dialog: ServiceCaseDialog) -> None:
        seen["state"] = dialog.state.text()
        later(dialog.reject)

    script = (
        driver.modals()
        .on(ServiceCaseDialog, choose_and_save)
        .on(CloseServiceCaseDialog, close)
        .on(ServiceCaseDialog, done, ready=lambda d: d.case is not None and not d.case.is_open)
        .start()
    )
    driver.choose_in_context_menu(node, "Ärenden (boservice)…")
    script.check()

    assert answers.errors == []
    assert len(answers.questions) == 1
    assert str(seen["saved"]).endswith(f"{today:%Y-%m-%d}")
    assert "Inköp" in str(seen["summary"])
    assert seen["state"] == f"Avslutat {today:%Y-%m-%d}"
    closed = _service_case(demo_db, person_id)
    assert (closed.closed_on, closed.close_reason) == (today, "moved")
    with demo_db.read() as session:
        decision = session.scalars(select(Decision).where(Decision.case_id == closed.id)).one()
        assert decision.period_end == today
        rows = session.scalars(
            select(Execution)
            .join(Intervention, Intervention.id == Execution.intervention_id)
            .where(Intervention.decision_id == decision.id)
        ).all()
        assert [(row.end_date, row.status) for row in rows] == [
            (today, ExecutionStatus.SENT_TO_EXECUTION)
        ]


def test_closing_is_refused_while_personal_care_goes_on(
    driver: E2EDriver, demo_db: Database
) -> None:
    window = driver.open_window(actor_for(demo_db, "verksamhetschef"))
    with demo_db.read() as session:
        carers = set(
            session.scalars(
                select(Execution.person_id)
                .join(Intervention, Intervention.id == Execution.intervention_id)
                .where(Intervention.type_code == "personal_care", Execution.end_date.is_(None))
            )
        )
    node = next(n for n in _persons(driver) if n.person_id in carers)
    assert node.person_id is not None
    _prepare(demo_db, node.person_id, end_personal_care=False)
    driver.answers(True, True)
    person_id = node.person_id
    _open_through_the_menu(driver, node)
    node = next(n for n in _persons(driver) if n.person_id == person_id)
    seen: dict[str, object] = {}

    def choose(dialog: ServiceCaseDialog) -> None:
        dialog.list.setCurrentRow(0)
        dialog.choose_button.click()
        dialog.end_button.click()
        later(dialog.summarise_button.click)

    def refused(dialog: CloseServiceCaseDialog) -> None:
        seen["at_once"] = dialog.errors.message("closed_on")
        dialog.reason.setCurrentIndex(dialog.reason.findData("own_wish"))
        dialog.close_button.click()
        seen["after"] = dialog.errors.message("closed_on")
        seen["open"] = dialog.isVisible()
        later(dialog.reject)

    def leave(dialog: ServiceCaseDialog) -> None:
        later(dialog.reject)

    script = (
        driver.modals()
        .on(ServiceCaseDialog, choose)
        .on(CloseServiceCaseDialog, refused)
        .on(ServiceCaseDialog, leave)
        .start()
    )
    driver.choose_in_context_menu(node, "Ärenden (boservice)…")
    script.check()
    assert seen["at_once"] == service_case_rules.PERSONAL_CARE_ONGOING
    assert seen["after"] == service_case_rules.PERSONAL_CARE_ONGOING
    assert seen["open"] is True
    assert window.ctx.actor.user_id
    assert _service_case(demo_db, person_id).closed_on is None
