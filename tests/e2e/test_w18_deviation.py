"""W18 Avvikelser through the main window. The omvårdnadspersonal of Norr grupp 1 right-clicks
a person › Registrera avvikelse… (a fall; an empty Vad hände is refused first), and the unit ›
Registrera avvikelse… (a deviation without a person). The gruppchef of Hemtjänst Norr gets the
message in Inkorg, opens Mitt skrivbord › Avvikelser › the deviation, analyses it, decides
actions, escalates it to a lex Sarah-utredning, gives feedback (an empty one refused), is
stopped from closing while the investigation goes on, ends it and closes the deviation (Ja to
the question). The reporter then sees it as Avslutad in their own folder and the feedback in
their Inkorg."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Deviation, DeviationEvent, OrgUnit
from treserva_desktop.db.queries import tree as tree_queries
from treserva_desktop.domain.deviation_rules import DeviationState, Escalation, RiskLevel
from treserva_desktop.ui.dialogs.deviation_dialog import DeviationDialog
from treserva_desktop.ui.dialogs.deviation_window import DeviationWindow
from treserva_desktop.ui.tree.nodes import NodeKind

UNIT = "Norr grupp 1"


def _unit_path(driver: E2EDriver) -> list[str]:
    """Mina enheter down to Norr grupp 1, as the user's tree shows it."""
    for path in (
        ["Mitt skrivbord", "Mina enheter", UNIT],
        ["Mitt skrivbord", "Mina enheter", "Hemtjänst Norr", UNIT],
        ["Mitt skrivbord", "Mina enheter", "ÄO Hemtjänst", "Hemtjänst Norr", UNIT],
    ):
        if driver.window.model.find_by_path(path) is not None:
            return path
    raise AssertionError("Norr grupp 1 is not in Mina enheter")


def _new_deviations(db: Database, before: int) -> list[Deviation]:
    with db.read() as session:
        rows = session.scalars(
            select(Deviation).where(Deviation.id > before).order_by(Deviation.id)
        ).all()
        session.expunge_all()
        return list(rows)


def test_w18_register_handle_escalate_and_close(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    with demo_db.read() as session:
        before = session.scalar(select(Deviation.id).order_by(Deviation.id.desc())) or 0
        unit_id = session.scalars(select(OrgUnit.id).where(OrgUnit.name == UNIT)).one()
        person = tree_queries.unit_persons_page(
            session, actor_for(demo_db, "personal"), unit_id
        ).items[0]

    # -- the omvårdnadspersonal registers on a person and on the unit --------------------------
    driver.log_in_and_open("personal")
    unit_path = _unit_path(driver)
    answers = driver.answers()
    seen: dict[str, object] = {}

    def register_fall(dialog: DeviationDialog) -> None:
        assert not dialog.unit.isEnabled()
        assert dialog.unit.currentText() == UNIT
        dialog.type.setCurrentIndex(dialog.type.findData("fall"))
        dialog.place.setText("Badrummet")
        dialog.ok_button.click()  # nothing written under Vad hände: refused, stays open
        seen["empty"] = dialog.errors.message("description")
        dialog.description.setPlainText("Hittades sittande på golvet i badrummet.")
        dialog.action.setPlainText("Hjälpte upp, ringde sjuksköterskan.")
        later(dialog.ok_button.click)

    script = driver.modals().on(DeviationDialog, register_fall).start()
    driver.choose_in_context_menu([*unit_path, person.name], "Registrera avvikelse…")
    script.check()
    assert seen["empty"] == "Beskriv vad som hände."

    def register_unit(dialog: DeviationDialog) -> None:
        dialog.category.setCurrentIndex(dialog.category.findData("other"))
        dialog.type.setCurrentIndex(dialog.type.findData("other"))
        dialog.description.setPlainText("Bilen startade inte, kvällens besök blev sena.")
        later(dialog.ok_button.click)

    script = driver.modals().on(DeviationDialog, register_unit).start()
    driver.choose_in_context_menu(unit_path, "Registrera avvikelse…")
    script.check()
    assert [text.split(".")[0] for text in answers.infos] == ["Avvikelsen är registrerad"] * 2
    fall, unit_only = _new_deviations(demo_db, before)
    assert (fall.person_id, fall.type_code, fall.state) == (
        person.id,
        "fall",
        DeviationState.REGISTERED,
    )
    assert (unit_only.person_id, unit_only.unit_id) == (None, unit_id)
    own = driver.children(["Mitt skrivbord", "Avvikelser"])
    assert {node.deviation_id for node in own} >= {fall.id, unit_only.id}

    # -- the gruppchef gets the message and handles the deviation ------------------------------
    driver.log_in_and_open("gruppchef")
    inbox = [node.title for node in driver.children(["Mitt skrivbord", "Inkorg"])]
    assert "Ny avvikelse: Fall vid Norr grupp 1" in inbox
    folder = driver.node(["Mitt skrivbord", "Avvikelser"])
    assert folder.count is not None
    assert folder.count >= 2
    rows = driver.children(["Mitt skrivbord", "Avvikelser"])
    node = next(row for row in rows if row.deviation_id == fall.id)
    assert node.kind is NodeKind.DEVIATION
    assert node.label.endswith("(Registrerad)")
    answers = driver.answers()

    def handle(window: DeviationWindow) -> None:
        assert window.view.may_handle
        assert not window.actions_button.isEnabled()
        assert not window.close_button.isEnabled()
        window.cause.setPlainText("Halkigt golv efter dusch, ingen matta.")
        window.consequence.setPlainText("Blåmärke på höften.")
        window.risk.setCurrentIndex(window.risk.findData(RiskLevel.HIGH.value))
        window.analyse_button.click()
        assert window.view.state is DeviationState.UNDER_ANALYSIS
        window.decided.setPlainText("Halkmatta köps in, rutin för dusch ses över.")
        window.actions_button.click()
        window.escalation.setCurrentIndex(window.escalation.findData(Escalation.LEX_SARAH.value))
        window.started.check.setChecked(True)
        window.escalate_button.click()
        assert window.view.escalation is Escalation.LEX_SARAH
        window.feedback_button.click()  # empty: refused at its field
        seen["no_feedback"] = window.errors.message("feedback")
        window.feedback.setPlainText("Tack för rapporten, halkmatta är beställd.")
        window.feedback_button.click()
        assert window.view.state is DeviationState.FEEDBACK_GIVEN
        window.close_button.click()  # the investigation still goes on: refused, not asked
        seen["ongoing"] = window.errors.message("investigation_ended_on")
        window.ended.check.setChecked(True)
        window.ivo.check.setChecked(True)
        window.escalate_button.click()
        answers.confirm_answers.append(True)
        window.close_button.click()
        seen["state"] = window.view.state
        seen["history"] = window.history.toPlainText()
        later(window.findChild(QPushButton, "done_button").click)

    script = driver.modals().on(DeviationWindow, handle).start()
    driver.choose_in_context_menu(node, "Öppna")
    script.check()
    assert seen["no_feedback"] == "Skriv återkopplingen till den som rapporterade."
    assert str(seen["ongoing"]).startswith("Lex Sarah-utredningen pågår")
    assert seen["state"] is DeviationState.CLOSED
    assert "Eskalering" in str(seen["history"])
    assert "Lex Sarah-utredning" in str(seen["history"])
    assert [q.split("?")[0] for q in answers.questions] == ["Vill du avsluta avvikelsen"]
    # Closed: it stays in the manager's folder (greyed, Avslutad) to be read again, and no
    # longer counts as open.
    rows = driver.children(["Mitt skrivbord", "Avvikelser"])
    closed_row = next(row for row in rows if row.deviation_id == fall.id)
    assert closed_row.label.endswith("(Avslutad)")
    assert closed_row.muted
    assert unit_only.id in {row.deviation_id for row in rows}
    with demo_db.read() as session:
        closed = session.get(Deviation, fall.id)
        assert closed is not None
        assert closed.state is DeviationState.CLOSED
        assert closed.investigation_ended_on is not None
        assert closed.ivo_reported_on is not None
        steps = session.scalars(
            select(DeviationEvent.step)
            .where(DeviationEvent.deviation_id == fall.id)
            .order_by(DeviationEvent.id)
        ).all()
    assert steps == [
        "register",
        "analyse",
        "decide_actions",
        "escalate",
        "give_feedback",
        "escalate",
        "close",
    ]

    # -- the reporter follows it: Avslutad, and the feedback in Inkorg ------------------------
    driver.log_in_and_open("personal")
    own = driver.children(["Mitt skrivbord", "Avvikelser"])
    mine = next(row for row in own if row.deviation_id == fall.id)
    assert mine.label.endswith("(Avslutad)")
    inbox = [row.title for row in driver.children(["Mitt skrivbord", "Inkorg"])]
    assert any(title.startswith("Återkoppling på avvikelse") for title in inbox)
