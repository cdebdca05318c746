"""Enter in a dialog's field does the dialog's main action (OK, Spara, Sök), or closes a
dialog that only has Stäng; it never presses a side button (Lägg till, Ta bort, Välj, …),
not even after the user has clicked one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QDialog
from tests.helpers.enter_key import default_buttons, enter_in, show_active
from tests.ui.test_correct_entry_dialog import _view as corrected_note
from tests.ui.test_journal_windows import NOW, Saver
from tests.ui.test_journal_windows import VIEW as JOURNAL
from tests.ui.test_plan_dialogs import TODAY, new_dialog, plan_view
from tests.ui.test_service_case_dialogs import CASE

from treserva_desktop.domain.commands.accounts import GrantRole
from treserva_desktop.domain.enums import Role
from treserva_desktop.domain.views.accounts import UnitChoice, UserView
from treserva_desktop.domain.views.housing import PersonHousing
from treserva_desktop.domain.views.persons import BillingAreaOption
from treserva_desktop.ui.dialogs.billing_area_dialog import BillingAreaDialog
from treserva_desktop.ui.dialogs.contract_list_dialog import ContractListDialog
from treserva_desktop.ui.dialogs.contract_window import ContractWindow
from treserva_desktop.ui.dialogs.correct_entry_dialog import CorrectEntryDialog
from treserva_desktop.ui.dialogs.implementation_plan_dialog import fill_row
from treserva_desktop.ui.dialogs.plan_follow_up_dialog import PlanFollowUpDialog
from treserva_desktop.ui.dialogs.service_case_dialog import ServiceCaseDialog, ServiceCaseOps
from treserva_desktop.ui.dialogs.user_roles_dialog import UserRolesDialog
from treserva_desktop.ui.journal.drafts import DraftStore
from treserva_desktop.ui.journal.note_window import NoteWindow
from treserva_desktop.ui.runner import Attempt, Fetched

ACCEPTED = QDialog.DialogCode.Accepted


def test_enter_in_the_plan_means_ok_not_lagg_till_mal(qtbot) -> None:
    """Enter in Deltagare added an empty goal row: Lägg till mål was the default."""
    dialog = new_dialog(qtbot)
    show_active(qtbot, dialog)
    assert default_buttons(dialog) == ["&OK"]
    fill_row(dialog.goals, ("Trygghet",))
    fill_row(dialog.activities, ("Dusch", "Kontaktman", "Tisdagar"))
    dialog.participants.setText("Märta")
    enter_in(qtbot, dialog.participants, visited=dialog.add_activity)
    assert dialog.goals.rowCount() == 1
    assert dialog.activities.rowCount() == 1
    assert dialog.result() == ACCEPTED
    assert dialog.command is not None
    assert dialog.command.goals == ("Trygghet",)


def test_enter_after_a_visit_to_avbryt_still_means_ok(qtbot) -> None:
    """A plan dialog's OK is its default for good, not only until Avbryt had the focus."""
    dialog = PlanFollowUpDialog(None, plan_view(), today=TODAY)
    show_active(qtbot, dialog)
    dialog.comment.setPlainText("Målen nås.")
    cancel = dialog.findChild(type(dialog.ok_button), "cancel_button")
    enter_in(qtbot, dialog.followed_up_on, visited=cancel)
    assert dialog.result() == ACCEPTED
    assert dialog.command is not None


def test_billing_area_enter_means_ok_after_avbryt_had_the_focus(qtbot) -> None:
    dialog = BillingAreaDialog(
        9, 2, "Bergman, Bertil", [BillingAreaOption("N1", "Norr"), BillingAreaOption("S1", "Syd")]
    )
    show_active(qtbot, dialog)
    dialog.area.setCurrentIndex(1)
    cancel = next(b for b in dialog.findChildren(type(dialog.ok_button)) if b.text() == "Avbryt")
    enter_in(qtbot, dialog.area, visited=cancel)
    assert dialog.result() == ACCEPTED
    assert dialog.command is not None
    assert dialog.command.billing_area_code == "S1"


def test_enter_in_the_role_fields_adds_the_role_also_after_lagg_till_had_the_focus(
    qtbot,
) -> None:
    granted: list[GrantRole] = []

    def grant(_parent: object, command: GrantRole) -> Attempt[None]:
        granted.append(command)
        return Attempt(None)

    user = UserView(7, "eva", "Eva Ek", "", True, None, None, ())
    dialog = UserRolesDialog(
        user,
        [UnitChoice(3, "Norr grupp 1", 0)],
        None,
        grant=grant,
        revoke=lambda _parent, _command: Attempt(None),
        reload_user=lambda _id: user,
    )
    show_active(qtbot, dialog)
    enter_in(qtbot, dialog.unit, visited=dialog.add_button)
    assert [(g.role, g.unit_id) for g in granted] == [(Role(dialog.role.currentData()), 3)]
    assert dialog.isVisible()


def test_enter_in_the_contract_list_searches_once_and_never_closes(qtbot) -> None:
    searches: list[object] = []

    def search(command: object, offset: int) -> Fetched[object]:
        searches.append(command)
        return Fetched(None, None)

    ended: list[object] = []
    dialog = ContractListDialog(
        None, units=[(2, "Lindgården")], search=search, end=lambda *a: ended.append(a)
    )
    show_active(qtbot, dialog)
    dialog.identity.setText("19380412-1014")
    close = dialog.findChild(type(dialog.end_button), "close_button")
    enter_in(qtbot, dialog.identity, visited=close)
    assert len(searches) == 1
    assert ended == []
    assert dialog.isVisible()


class _NoSteps:
    def load(self, parent: object) -> None:
        return None

    def create(self, parent: object, housing: object) -> bool:
        raise AssertionError("Enter must not create a contract")

    def change(self, parent: object, housing: object, contract: object) -> bool:
        raise AssertionError("Enter must not change a contract")

    def end(self, parent: object, housing: object, contract: object) -> bool:
        raise AssertionError("Enter must not end a contract")


def test_the_contract_window_closes_on_enter(qtbot) -> None:
    housing = PersonHousing(7, "Öberg, Märta", 2, "Lindgården", (), executed=True)
    window = ContractWindow(None, housing, _NoSteps())  # type: ignore[arg-type]
    show_active(qtbot, window)
    enter_in(qtbot, window.table, visited=window.create_button)
    assert not window.isVisible()


def test_correcting_a_note_enter_never_presses_valj_or_stang(qtbot) -> None:
    dialog = CorrectEntryDialog(None, corrected_note(()))
    show_active(qtbot, dialog)
    enter_in(qtbot, dialog.reason, visited=dialog.choose_button)
    assert dialog.isVisible()
    assert dialog.errors.message("selection") == ""  # Välj was not pressed


def test_a_shown_correction_closes_on_enter(qtbot) -> None:
    dialog = CorrectEntryDialog(None, corrected_note(()), read_only=True)
    show_active(qtbot, dialog)
    enter_in(qtbot, dialog.original)
    assert not dialog.isVisible()


def test_enter_in_the_service_case_end_date_neither_closes_nor_starts_a_step(qtbot) -> None:
    closing: list[date] = []
    ops = ServiceCaseOps(
        load=lambda: Fetched([CASE], None),
        save_end=lambda _parent, _command: Attempt(4),
        close=lambda _parent, _case, day: bool(closing.append(day)),
        today=TODAY,
    )
    dialog = ServiceCaseDialog("Bergman, Bertil", ops)
    show_active(qtbot, dialog)
    dialog.choose_button.click()
    dialog.has_end.setChecked(True)
    enter_in(qtbot, dialog.period_end, visited=dialog.end_button)
    assert dialog.isVisible()
    assert dialog.summarise_button.isHidden()
    assert default_buttons(dialog) == []


def test_enter_in_a_note_field_never_links_a_keyword(qtbot, tmp_path: Path) -> None:
    note = NoteWindow(JOURNAL, save=Saver(), drafts=DraftStore(tmp_path, 1), now=lambda: NOW)
    show_active(qtbot, note)
    note.keywords.available.item(0).setSelected(True)
    enter_in(qtbot, note.heading_box)
    assert note.keywords.linked() == ()
    assert "→" not in default_buttons(note)
