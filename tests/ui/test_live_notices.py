"""The texts of the live updates: unit names and counts only in the notification, who and
when in the banner, as much of it as the record says."""

from __future__ import annotations

from datetime import UTC, datetime

from treserva_desktop.domain.views.live import AssignmentLastChange, LastChangeKind
from treserva_desktop.ui.formatting import local_time
from treserva_desktop.ui.live_notices import CHANGED_ELSEWHERE, change_text
from treserva_desktop.ui.live_window import assignment_notice, message_notice


def test_the_notification_names_units_and_counts_only() -> None:
    assert assignment_notice(["Hemtjänst Norr"], 1) == "Nytt uppdrag till Hemtjänst Norr"
    assert assignment_notice(["Hemtjänst Norr"] * 3, 3) == "3 nya uppdrag till Hemtjänst Norr"
    assert assignment_notice(["Hemtjänst Norr", "Hemtjänst Söder"], 2) == "2 nya uppdrag"
    # The names not known (a burst beyond the ids sent): the count from the folder.
    assert assignment_notice([], 4) == "4 nya uppdrag"
    assert assignment_notice([], 0) == ""
    assert message_notice(1) == "Nytt meddelande"
    assert message_notice(2) == "2 nya meddelanden"
    assert message_notice(0) == ""


def test_the_banner_says_who_and_when() -> None:
    at = datetime(2026, 12, 2, 9, 42, tzinfo=UTC)
    hhmm = f"{local_time(at):%H:%M}"
    distributed = AssignmentLastChange(LastChangeKind.DISTRIBUTED, "Anna Svensson", at)
    assert change_text(distributed) == f"Uppdraget har fördelats av Anna Svensson kl. {hhmm}."
    acknowledged = AssignmentLastChange(LastChangeKind.ACKNOWLEDGED, "", at)
    assert change_text(acknowledged) == f"Uppdraget har kvitterats kl. {hhmm}."
    assert change_text(AssignmentLastChange(LastChangeKind.STOPPED)) == "Uppdraget har stoppats."
    assert change_text(None) == CHANGED_ELSEWHERE
