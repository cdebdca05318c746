"""Genomförandeplan through the main window: Mina enheter › unit › person › Dokument GF ›
Ny genomförandeplan… › the plan under Dokument GF › Följ upp… › Skriv ut › Avsluta
genomförandeplan…; what the database holds and what the tree shows at each step."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select
from tests.e2e.driver import E2EDriver
from tests.helpers import actor_for
from tests.helpers.modal import later

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    AuditEvent,
    ImplementationPlan,
    ImplementationPlanFollowUp,
    OrgUnit,
)
from treserva_desktop.db.queries import tree as tree_queries
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.plan_rules import add_months
from treserva_desktop.ui.dialogs.implementation_plan_dialog import (
    ImplementationPlanDialog,
    fill_row,
)
from treserva_desktop.ui.dialogs.plan_end_dialog import PlanEndDialog
from treserva_desktop.ui.dialogs.plan_follow_up_dialog import PlanFollowUpDialog
from treserva_desktop.ui.dialogs.plan_view_dialog import PlanViewDialog
from treserva_desktop.ui.pdf_window import PdfWindow
from treserva_desktop.ui.tree.nodes import Node, NodeKind

UNIT = "Norr grupp 1"
GOAL = "Klara morgonrutinen med så lite hjälp som möjligt"
ACTIVITY = ("Stöd vid dusch", "Kontaktman Amina", "Tisdagar och fredagar kl. 8")


def plans_under(driver: E2EDriver, path: list[str]) -> list[Node]:
    return [n for n in driver.children(driver.node(path)) if n.kind is NodeKind.PLAN]


def test_staff_establish_follow_up_print_and_end_a_plan(
    qtbot, driver: E2EDriver, demo_db: Database
) -> None:
    actor = actor_for(demo_db, "personal")
    window = driver.open_window(actor)
    today = window.ctx.clock.today()
    with demo_db.read() as session:
        unit_id = session.scalars(select(OrgUnit.id).where(OrgUnit.name == UNIT)).one()
        person = tree_queries.unit_persons_page(session, actor, unit_id).items[0]
    documents = ["Mitt skrivbord", "Mina enheter", UNIT, person.name, "Dokument GF"]
    assert plans_under(driver, documents) == []

    # Ny genomförandeplan…: a goal and an activity missing first, then filled in.
    answers = driver.answers(True)
    seen: dict[str, object] = {}

    def fill(dialog: ImplementationPlanDialog) -> None:
        seen["default_follow_up"] = dialog.next_follow_up.value()
        dialog.participants.setText("Personen, dottern Eva och kontaktman Amina")
        dialog.ok_button.click()  # refused at the goals: nothing is saved, the dialog stays
        seen["goal_error"] = dialog.errors.message("goals")
        fill_row(dialog.goals, (GOAL,))
        fill_row(dialog.activities, ACTIVITY)
        later(dialog.ok_button.click)

    script = driver.modals().on(ImplementationPlanDialog, fill).start()
    driver.choose_in_context_menu(driver.node(documents), "Ny genomförandeplan…")
    script.check()
    assert seen["goal_error"] == "Ange minst ett mål."
    assert seen["default_follow_up"] == add_months(today, 6)
    with demo_db.read() as session:
        plan = session.scalars(
            select(ImplementationPlan).where(ImplementationPlan.person_id == person.id)
        ).one()
        assert plan.unit_id == unit_id
        assert plan.established_on == today
        assert plan.person_took_part
        plan_id = plan.id
    qtbot.waitUntil(lambda: len(plans_under(driver, documents)) == 1)
    node = plans_under(driver, documents)[0]
    assert node.label == f"Genomförandeplan {today:%Y-%m-%d}"
    assert not node.overdue

    # Öppna (the default action, Enter): the plan read-only, then Stäng.
    def read(dialog: PlanViewDialog) -> None:
        seen["shown"] = dialog.body.toPlainText()
        later(dialog.findChild(QPushButton, "close_button").click)

    script = driver.modals().on(PlanViewDialog, read).start()
    offered = driver.choose_in_context_menu(node, "Öppna")
    script.check()
    assert offered[0].default
    assert GOAL in str(seen["shown"])
    assert "Stöd vid dusch" in str(seen["shown"])

    # Följ upp…
    def follow_up(dialog: PlanFollowUpDialog) -> None:
        dialog.comment.setPlainText("Duschen fungerar; fortsätt som planerat.")
        later(dialog.ok_button.click)

    script = driver.modals().on(PlanFollowUpDialog, follow_up).start()
    driver.choose_in_context_menu(node, "Följ upp…")
    script.check()
    with demo_db.read() as session:
        follow_ups = session.scalars(
            select(ImplementationPlanFollowUp).where(ImplementationPlanFollowUp.plan_id == plan_id)
        ).all()
        assert [f.followed_up_on for f in follow_ups] == [today]
        refreshed = session.get(ImplementationPlan, plan_id)
        assert refreshed is not None
        assert refreshed.next_follow_up_on == add_months(today, 6)

    # Skriv ut: the PDF window with the goal and the activity; printing is audited.
    node = plans_under(driver, documents)[0]
    driver.choose_in_context_menu(node, "Skriv ut")
    qtbot.waitUntil(lambda: bool(window.findChildren(PdfWindow)))
    pdf_window = window.findChildren(PdfWindow)[0]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_window.pdf)).pages)
    assert "Genomförandeplan" in text
    assert "morgonrutinen" in text
    assert "Stöd vid dusch" in text
    assert pdf_window.on_output is not None
    assert pdf_window.on_output(False)
    pdf_window.close()
    qtbot.waitUntil(lambda: not window.findChildren(PdfWindow))
    with demo_db.read() as session:
        printed = session.scalars(
            select(AuditEvent.id).where(
                AuditEvent.action == AuditAction.PRINT,
                AuditEvent.entity_type == "implementation_plan",
                AuditEvent.entity_id == plan_id,
            )
        ).all()
    assert len(printed) == 1

    # Avsluta genomförandeplan…: stop date and reason, confirmed.
    def end(dialog: PlanEndDialog) -> None:
        later(dialog.ok_button.click)

    script = driver.modals().on(PlanEndDialog, end).start()
    node = plans_under(driver, documents)[0]
    driver.choose_in_context_menu(node, "Avsluta genomförandeplan…")
    script.check()
    assert answers.errors == []
    assert any("avsluta genomförandeplanen" in q for q in answers.questions)
    with demo_db.read() as session:
        ended = session.get(ImplementationPlan, plan_id)
        assert ended is not None
        assert ended.ended_on == today
        assert ended.end_reason == "Insatserna har avslutats"
    qtbot.waitUntil(lambda: plans_under(driver, documents)[0].muted)
    entries = {e.text: e.enabled for e in driver.context_menu(plans_under(driver, documents)[0])}
    assert entries["Följ upp…"] is False
    assert entries["Skriv ut"] is True
