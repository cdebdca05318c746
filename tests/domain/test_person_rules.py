"""Pure person-record rules: formats, lengths, temporary address, invoice recipient, access."""

from __future__ import annotations

from datetime import date

import pytest

from treserva_desktop.db.models import Person, Relation
from treserva_desktop.domain import person_rules as pr
from treserva_desktop.domain.enums import IdentityKind, Role
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.identity import make_personal_number
from treserva_desktop.domain.rules import Actor, RoleGrant


def refused(fn: object, *args: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        fn(*args)  # type: ignore[operator]
    return caught.value


@pytest.mark.parametrize(
    ("number", "stored"),
    [
        ("070-123 45 67", "070-123 45 67"),
        ("0701234567", "070-123 45 67"),
        ("08-123 456 78", "08-123 456 78"),
        ("08-12 34 56", "08-12 34 56"),
        ("031-12 34 56", "031-12 34 56"),
        ("+46 70 123 45 67", "070-123 45 67"),
        ("+46812345678", "08-123 456 78"),
        ("+358 40 123 4567", "+358 40 123 4567"),
        ("0046 70 123 45 67", "070-123 45 67"),
        ("0470123456", "0470-12 34 56"),
        ("0470-12345", "0470-123 45"),
    ],
)
def test_valid_phone_numbers_are_stored_formatted(number: str, stored: str) -> None:
    """Like postal codes: one written form, whatever was typed (issue 12)."""
    assert pr.normalize_phone("phone", number) == stored
    assert pr.normalize_phone("phone", stored) == stored  # stable


def test_phone_display_formats_old_numbers_and_keeps_the_unreadable() -> None:
    assert pr.phone_display("0701234567") == "070-123 45 67"
    assert pr.phone_display("ring växeln") == "ring växeln"
    assert pr.phone_display("") == ""


@pytest.mark.parametrize(
    "number",
    [
        "12345",
        "070-abc",
        "070 123",
        "+46 070 123 45 67",
        "+0701234567",
        "07012345678901",
        "+",
        "7-",
    ],
)
def test_invalid_phone_numbers(number: str) -> None:
    error = refused(pr.normalize_phone, "mobile_phone", number)
    assert error.field == "mobile_phone"
    assert error.message.startswith("Mobiltelefon är inte ett giltigt telefonnummer")


def test_empty_phone_is_allowed() -> None:
    assert pr.normalize_phone("phone", "  ") == ""


@pytest.mark.parametrize("email", ["anna@exempel.se", "a.b+c@sub.exempel.com", "ÅSA@skolan.se"])
def test_valid_email(email: str) -> None:
    assert pr.normalize_email("email", f" {email} ") == email


@pytest.mark.parametrize(
    "email",
    [
        "anna",
        "anna@",
        "@exempel.se",
        "anna@exempel",
        "anna @exempel.se",
        "a..b@ex.se",
        ".a@ex.se",
        "a@ex.s",
        "a@@ex.se",
        "a@ex..se",
        "a@ex.123",
    ],
)
def test_invalid_email(email: str) -> None:
    error = refused(pr.normalize_email, "email", email)
    assert error.field == "email"
    assert "E-post är inte en giltig e-postadress" in error.message


@pytest.mark.parametrize(("text", "stored"), [("12345", "123 45"), ("123 45", "123 45"), ("", "")])
def test_postal_code_is_stored_as_nnn_nn(text: str, stored: str) -> None:
    assert pr.normalize_postal_code("postal_code", text) == stored


@pytest.mark.parametrize("text", ["1234", "123456", "123-45", "abc de", "012 34", "12 345"])
def test_invalid_postal_code(text: str) -> None:
    error = refused(pr.normalize_postal_code, "temp_postal_code", text)
    assert error.field == "temp_postal_code"
    assert "NNN NN" in error.message


def test_overlong_field_says_the_maximum() -> None:
    error = refused(pr.check_length, "street", "x" * 121)
    assert error.field == "street"
    assert error.message == "Gatuadress får vara högst 120 tecken (nu 121)."
    assert pr.check_length("street", "x" * 120) == "x" * 120


def test_required_field() -> None:
    error = refused(pr.check_required, "name", " ")
    assert (error.field, error.message) == ("name", "Namn måste anges.")


def test_every_text_field_of_the_record_has_a_label_and_the_column_width() -> None:
    for model in (Person, Relation):
        for column in model.__table__.columns:
            if column.name in pr.MAX_LENGTHS and column.name not in (
                "identity_number",
                "billing_area_code",
            ):
                assert column.name in pr.FIELD_LABELS
                assert column.type.length == pr.MAX_LENGTHS[column.name], column.name


def _new_person(**changes: str) -> pr.NewPersonFields:
    values = {
        "first_name": "Anna",
        "last_name": "Berg",
        "street": "Storgatan 1",
        "postal_code": "58222",
        "city": "Linköping",
        "phone": "013-12 34 56",
    }
    return pr.NewPersonFields(**(values | changes))


def test_new_person_is_normalised_as_the_person_window_stores_it() -> None:
    fields, problems = pr.check_new_person(_new_person(first_name=" Anna ", phone="070-123  45 67"))
    assert problems == []
    assert (fields.first_name, fields.postal_code, fields.phone) == (
        "Anna",
        "582 22",
        "070-123 45 67",
    )


def test_new_person_lists_every_problem_in_swedish() -> None:
    _fields, problems = pr.check_new_person(
        _new_person(first_name="", city="x" * 81, postal_code="012 34", phone="12")
    )
    assert [(problem.field, problem.message) for problem in problems] == [
        ("first_name", "Förnamn måste anges."),
        ("postal_code", "Postnummer ska skrivas NNN NN eller NNNNN, till exempel 123 45."),
        ("city", "Ort får vara högst 80 tecken (nu 81)."),
        (
            "phone",
            "Telefon är inte ett giltigt telefonnummer. Skriv till exempel 070-123 45 67, "
            "08-123 456 78 eller +46 70 123 45 67.",
        ),
    ]


def test_temporary_address_all_or_nothing() -> None:
    pr.check_temporary_address("", "", "", None, None)
    pr.check_temporary_address("Väg 1", "123 45", "Ort", date(2026, 6, 1), None)
    pr.check_temporary_address("Väg 1", "123 45", "Ort", date(2026, 6, 1), date(2026, 6, 1))
    assert refused(pr.check_temporary_address, "Väg 1", "", "", None, None).field == (
        "temp_postal_code"
    )
    assert refused(pr.check_temporary_address, "", "", "", date(2026, 6, 1), None).field == (
        "temp_street"
    )
    assert refused(pr.check_temporary_address, "Väg 1", "123 45", "Ort", None, None).field == (
        "temp_valid_from"
    )
    error = refused(
        pr.check_temporary_address, "Väg 1", "123 45", "Ort", date(2026, 6, 2), date(2026, 6, 1)
    )
    assert error.field == "temp_valid_to"


def test_invoice_recipient_address_names_the_missing_part() -> None:
    pr.check_invoice_recipient_address("Gatan 1", "123 45", "Ort")
    assert refused(pr.check_invoice_recipient_address, "", "123 45", "Ort").field == "street"
    assert refused(pr.check_invoice_recipient_address, "G 1", "", "Ort").field == "postal_code"
    assert refused(pr.check_invoice_recipient_address, "G 1", "123 45", " ").field == "city"


def test_single_invoice_recipient() -> None:
    pr.check_single_invoice_recipient([])
    error = refused(pr.check_single_invoice_recipient, ["Britt"])
    assert error.field == "is_invoice_recipient"
    assert "Britt" in error.message


def test_reveal_reason() -> None:
    codes = ("care_visit", "other")
    assert pr.check_reveal_reason("care_visit", "", codes) == ("care_visit", "")
    assert pr.check_reveal_reason("care_visit", "  Möte \n i morgon ", codes) == (
        "care_visit",
        "Möte i morgon",
    )
    assert refused(pr.check_reveal_reason, "", "", codes).field == "reason_code"
    assert refused(pr.check_reveal_reason, "fritext", "", codes).field == "reason_code"
    other = refused(pr.check_reveal_reason, "other", "  ", codes)
    assert other.field == "comment"
    assert "Annat skäl" in other.message
    assert pr.check_reveal_reason("other", "Socialjouren ringde", codes)[1] == "Socialjouren ringde"
    too_long = refused(pr.check_reveal_reason, "care_visit", "x" * 201, codes)
    assert too_long.field == "comment"
    assert "högst 200" in too_long.message


def test_gender_from_identity_number() -> None:
    female = make_personal_number(date(1940, 1, 1), 122)  # serial's last digit even
    male = make_personal_number(date(1940, 1, 1), 123)
    assert pr.derived_gender(female, IdentityKind.PERSONAL) is pr.Gender.FEMALE
    assert pr.derived_gender(male, IdentityKind.PERSONAL) is pr.Gender.MALE
    assert pr.derived_gender("R1234", IdentityKind.RESERVE) is None
    assert pr.Gender.FEMALE.label == "Kvinna"


def _actor(*grants: tuple[Role, int]) -> Actor:
    scope: dict[Role, frozenset[int]] = {}
    for role, unit in grants:
        scope[role] = scope.get(role, frozenset()) | {unit}
    return Actor(
        1, "u", "U", tuple(RoleGrant(role, unit, str(unit)) for role, unit in grants), scope
    )


def test_edit_refusal() -> None:
    coordinator = _actor((Role.COORDINATOR, 10))
    assert pr.edit_refusal(coordinator, {10, 20}) is None
    other_unit = pr.edit_refusal(coordinator, {20})
    assert other_unit is not None
    assert other_unit.message == (
        "Du har inte behörighet att ändra personuppgifter för den här enheten."
    )
    staff = pr.edit_refusal(_actor((Role.CARE_STAFF, 10)), {10})
    assert staff is not None
    assert staff.message == "Din roll ger inte behörighet att ändra personuppgifter."
    nowhere = pr.edit_refusal(coordinator, set())
    assert nowhere is not None
    assert "någon av dina enheter" in nowhere.message


def test_who_sees_keys_and_history_values() -> None:
    assert pr.may_see_keys(_actor((Role.CARE_STAFF, 10)), {10})
    assert not pr.may_see_keys(_actor((Role.CARE_STAFF, 11)), {10})
    assert not pr.may_see_keys(_actor((Role.NURSE, 10)), {10})
    assert not pr.may_see_keys(_actor((Role.NEEDS_ASSESSOR, 1)), {10})
    assert pr.may_see_history_values(_actor((Role.GROUP_MANAGER, 10)), {10})
    assert not pr.may_see_history_values(_actor((Role.CARE_STAFF, 10)), {10})


def test_display_value() -> None:
    assert pr.display_value(True) == "Ja"
    assert pr.display_value(False) == "Nej"
    assert pr.display_value(None) == ""
    assert pr.display_value(date(2026, 1, 2)) == "2026-01-02"
    assert pr.display_value(pr.Gender.MALE) == "Man"
    assert pr.display_value("text") == "text"


def _relation(**changes: object) -> pr.RelationFields:
    values: dict[str, object] = {
        "name": " Lena Berg ",
        "relation_type": "Dotter",
        "phone": "070-222  33 44",
        "street": "Ängsvägen 3",
        "postal_code": "12345",
        "city": "Åby",
    }
    return pr.RelationFields(**(values | changes))  # type: ignore[arg-type]


def test_relation_values_are_stored_normalised() -> None:
    checked = pr.check_relation(
        _relation(), kind_label="Närstående", same_kind_names=["Olle"], other_invoice_recipients=[]
    )
    assert (checked.name, checked.phone, checked.postal_code) == (
        "Lena Berg",
        "070-222 33 44",
        "123 45",
    )


@pytest.mark.parametrize(
    ("changes", "same_kind", "recipients", "field", "message"),
    [
        ({"name": " "}, [], [], "name", "Namn måste anges."),
        (
            {"postal_code": "9999"},
            ["lena berg"],
            [],
            "name",
            "Lena Berg finns redan som närstående för personen. "
            "Ändra den befintliga relationen i stället.",
        ),
        (
            {"postal_code": "012 34"},
            [],
            [],
            "postal_code",
            "Postnummer ska skrivas NNN NN eller NNNNN, till exempel 123 45.",
        ),
        (
            {"is_invoice_recipient": True, "city": ""},
            [],
            [],
            "city",
            "En fakturamottagare måste ha fullständig postadress – ange ort.",
        ),
        (
            {"is_invoice_recipient": True},
            [],
            ["Olle Berg"],
            "is_invoice_recipient",
            "Personen har redan en fakturamottagare (Olle Berg). Ta bort markeringen där först "
            "– en person kan bara ha en aktiv fakturamottagare.",
        ),
    ],
)
def test_relation_rules_in_one_order(
    changes: dict[str, object],
    same_kind: list[str],
    recipients: list[str],
    field: str,
    message: str,
) -> None:
    with pytest.raises(ValidationError) as caught:
        pr.check_relation(
            _relation(**changes),
            kind_label="Närstående",
            same_kind_names=same_kind,
            other_invoice_recipients=recipients,
        )
    assert (caught.value.field, caught.value.message) == (field, message)
