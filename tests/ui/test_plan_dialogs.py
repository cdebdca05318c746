"""The genomförandeplan dialogs: defaults, rows added and removed, refusals at the field and
the command built on OK; the end dialog asks before it ends the plan."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QDate
from tests.helpers.distribution import Answers

from treserva_desktop.domain.commands.plans import EndPlan, EstablishPlan, PlanActivityInput
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.plan_rules import PlanState
from treserva_desktop.domain.views.plans import PlanFollowUpView, PlanResult, PlanView
from treserva_desktop.ui.dialogs.implementation_plan_dialog import (
    ImplementationPlanDialog,
    fill_row,
)
from treserva_desktop.ui.dialogs.plan_end_dialog import PlanEndDialog
from treserva_desktop.ui.dialogs.plan_follow_up_dialog import PlanFollowUpDialog
from treserva_desktop.ui.runner import Attempt

TODAY = date(2026, 12, 2)


def new_dialog(qtbot, **kwargs: object) -> ImplementationPlanDialog:
    dialog = ImplementationPlanDialog(
        None,
        person_id=7,
        unit_id=3,
        person_text="Öberg, Märta (19380412-1014)",
        unit_name="Norr grupp 1",
        today=TODAY,
        **kwargs,  # type: ignore[arg-type]
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def plan_view(**changes: object) -> PlanView:
    values: dict[str, object] = {
        "id": 5,
        "person_id": 7,
        "unit_id": 3,
        "person_name": "Märta Öberg",
        "identity_label": "Personnummer",
        "identity_display": "19380412-1014",
        "unit_name": "Norr grupp 1",
        "municipality": "Åby kommun",
        "is_test_data": True,
        "established_on": date(2026, 6, 1),
        "established_by_name": "Amina Hassan",
        "person_took_part": True,
        "participants": "Märta",
        "goals": ("Trygghet",),
        "activities": (),
        "follow_ups": (),
        "next_follow_up_on": date(2026, 12, 1),
        "ended_on": None,
        "end_reason": "",
        "ended_by_name": "",
        "state": PlanState.FOLLOW_UP_OVERDUE,
        "version": 3,
        "created_at": datetime(2026, 6, 1, 9, tzinfo=UTC),
    }
    values.update(changes)
    return PlanView(**values)  # type: ignore[arg-type]


def test_new_plan_defaults_and_command(qtbot) -> None:
    dialog = new_dialog(qtbot)
    assert dialog.established_on.value() == TODAY
    assert dialog.next_follow_up.value() == date(2027, 6, 2)
    assert dialog.took_part.isChecked()
    # The follow-up moves with the plan's date until the user sets it.
    dialog.established_on.setDate(QDate(2026, 11, 30))
    assert dialog.next_follow_up.value() == date(2027, 5, 30)
    dialog.participants.setText("  Märta och dottern Eva ")
    fill_row(dialog.goals, ("Klara morgonrutinen",))
    fill_row(dialog.goals, ("",))
    fill_row(dialog.activities, ("Dusch", "Kontaktman", "Tisdagar"))
    dialog.took_part.setChecked(False)
    dialog.ok_button.click()
    assert dialog.command == EstablishPlan(
        person_id=7,
        unit_id=3,
        established_on=date(2026, 11, 30),
        participants="Märta och dottern Eva",
        person_took_part=False,
        goals=("Klara morgonrutinen",),
        activities=(PlanActivityInput(what="Dusch", who="Kontaktman", when_how="Tisdagar"),),
        next_follow_up_on=date(2027, 5, 30),
    )


def test_add_and_remove_rows(qtbot) -> None:
    dialog = new_dialog(qtbot)
    dialog.add_activity.click()
    dialog.add_activity.click()
    assert dialog.activities.rowCount() == 2
    dialog.activities.setCurrentCell(0, 0)
    dialog.remove_activity.click()
    assert dialog.activities.rowCount() == 1
    dialog.add_goal.click()
    assert dialog.goals.rowCount() == 1


@pytest.mark.parametrize(
    ("fill", "field", "text"),
    [
        (lambda d: None, "participants", "Ange vilka som deltog"),
        (lambda d: d.participants.setText("Märta"), "goals", "Ange minst ett mål."),
        (
            lambda d: (d.participants.setText("Märta"), fill_row(d.goals, ("Mål",))),
            "activities",
            "Ange minst en aktivitet",
        ),
        (
            lambda d: (
                d.participants.setText("Märta"),
                fill_row(d.goals, ("Mål",)),
                fill_row(d.activities, ("Dusch", "", "")),
            ),
            "activities",
            "Aktivitet 1: ange vem som ansvarar.",
        ),
    ],
)
def test_refusals_show_at_the_field_and_the_dialog_stays(
    qtbot, fill: object, field: str, text: str
) -> None:
    dialog = new_dialog(qtbot)
    fill(dialog)  # type: ignore[operator]
    dialog.ok_button.click()
    assert dialog.command is None
    assert dialog.isVisible()
    assert text in dialog.errors.message(field)


def test_a_refusal_of_the_service_is_shown_at_its_field(qtbot) -> None:
    refused = ValidationError("Personen har redan en aktuell genomförandeplan.")

    def submit(_parent: object, _command: EstablishPlan) -> Attempt[PlanResult]:
        return Attempt(None, refused=refused)

    dialog = new_dialog(qtbot, submit=submit)
    dialog.participants.setText("Märta")
    fill_row(dialog.goals, ("Mål",))
    fill_row(dialog.activities, ("Dusch", "Kontaktman", ""))
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.errors.general.text() == refused.message


def test_follow_up_dialog(qtbot) -> None:
    view = plan_view(
        follow_ups=(PlanFollowUpView(date(2026, 9, 1), "Anders Holmgren", "Ok", None),)
    )
    dialog = PlanFollowUpDialog(None, view, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.next_follow_up.value() == date(2027, 6, 2)
    dialog.ok_button.click()
    assert "Beskriv resultatet" in dialog.errors.message("comment")
    dialog.comment.setPlainText("Målen nås.")
    dialog.followed_up_on.setDate(QDate(2026, 8, 31))
    dialog.ok_button.click()
    assert "2026-09-01" in dialog.errors.message("followed_up_on")
    dialog.followed_up_on.setDate(QDate(2026, 12, 1))
    assert dialog.next_follow_up.value() == date(2027, 6, 1)
    dialog.plan_next.setChecked(False)
    assert not dialog.next_follow_up.isEnabled()
    dialog.ok_button.click()
    assert dialog.command is not None
    assert dialog.command.next_follow_up_on is None
    assert dialog.command.expected_version == 3


def test_end_dialog_asks_first(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = Answers(monkeypatch, False, True)
    dialog = PlanEndDialog(None, plan_view(), today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.ended_on.value() == TODAY
    dialog.ok_button.click()  # Nej: nothing happens
    assert dialog.command is None
    dialog.reason.setEditText("Personen har flyttat till särskilt boende")
    dialog.ok_button.click()
    assert "2026-12-02" in answers.questions[-1]
    assert dialog.command == EndPlan(
        plan_id=5,
        ended_on=TODAY,
        reason="Personen har flyttat till särskilt boende",
        expected_version=3,
    )


def test_end_dialog_refuses_a_stop_date_before_the_plan(qtbot) -> None:
    dialog = PlanEndDialog(None, plan_view(), today=TODAY)
    qtbot.addWidget(dialog)
    dialog.ended_on.setDate(QDate(2026, 5, 31))
    dialog.ok_button.click()
    assert "2026-06-01" in dialog.errors.message("ended_on")
