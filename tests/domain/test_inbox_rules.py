"""Pure Inkorg rules: recipients, subject and body of a message and of a reply."""

from __future__ import annotations

import pytest

from treserva_desktop.domain import inbox_rules
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.field_lengths import check_fits


def refused(fn: object, *args: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        fn(*args)  # type: ignore[operator]
    return caught.value


def test_a_message_needs_a_recipient() -> None:
    inbox_rules.check_recipients([4])
    error = refused(inbox_rules.check_recipients, [])
    assert (error.field, error.message) == ("recipient_ids", "Välj minst en mottagare.")


def test_subject_is_required_and_both_texts_fit() -> None:
    inbox_rules.check_subject_and_body("x" * 200, "y" * 20_000)
    assert refused(inbox_rules.check_subject_and_body, " ", "hej").message == (
        "Ange en rubrik för meddelandet."
    )
    error = refused(inbox_rules.check_subject_and_body, "x" * 201, "")
    assert (error.field, error.message) == ("subject", "Rubriken får vara högst 200 tecken.")
    error = refused(inbox_rules.check_subject_and_body, "Hej", "y" * 20_001)
    too_long = "Meddelandet får vara högst 20\u00a0000 tecken."
    assert (error.field, error.message) == ("body", too_long)


def test_a_reply_must_say_something_before_anything_else() -> None:
    inbox_rules.check_reply("Sv: Hej", "Tack!")
    error = refused(inbox_rules.check_reply, "", "  ")
    assert (error.field, error.message) == ("body", "Skriv ett svar.")
    assert refused(inbox_rules.check_reply, "", "Tack").field == "subject"


def test_check_fits_reports_against_the_given_field() -> None:
    assert check_fits("legal_basis", "x" * 120, "Lagrummet") == "x" * 120
    error = refused(check_fits, "stop_reason", "x" * 2001, "Orsaken")
    assert error.field == "stop_reason"
    with pytest.raises(ValidationError) as caught:
        check_fits("stop_reason", "x" * 2001, "Orsaken", error_field="reason")
    assert caught.value.field == "reason"


def test_only_a_message_with_a_sender_can_be_answered() -> None:
    assert inbox_rules.check_replyable(7) == 7
    error = refused(inbox_rules.check_replyable, None)
    assert (error.field, error.message) == (
        "message_id",
        "Meddelandet kommer från systemet och kan inte besvaras.",
    )
