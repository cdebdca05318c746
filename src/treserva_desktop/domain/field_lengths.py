"""The longest text each stored field takes: one table for ORM columns, commands and dialogs."""

from __future__ import annotations

from collections.abc import Mapping

from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.numbers import grouped

# Keyed by field name; a name used by several records (street on a person and on a relation)
# has one length everywhere, so a value copied from one to the other always fits.
MAX_LENGTHS: Mapping[str, int] = {
    # person record and relations
    "identity_number": 16,
    "first_name": 80,
    "last_name": 80,
    "language": 60,
    "phone": 40,
    "mobile_phone": 40,
    "email": 254,
    "door_code": 40,
    "key_info": 200,
    "street": 120,
    "postal_code": 10,
    "city": 80,
    "temp_street": 120,
    "temp_postal_code": 10,
    "temp_city": 80,
    "name": 120,
    "relation_type": 60,
    "reveal_comment": 200,
    # users and login
    "username": 64,
    "password": 256,
    "display_name": 120,
    "title": 120,
    "password_hash": 255,
    # organisation and code lists
    "unit_name": 120,
    "billing_area_code": 16,
    "intervention_type_code": 32,
    "code_name": 120,
    "reveal_reason_code": 32,
    "end_reason_code": 32,
    # cases, decisions, assignments and executions
    "close_reason": 120,
    "legal_basis": 120,
    "goals": 10_000,
    # the authority system's id of an imported assignment (uppdrag_id in the import file)
    "external_id": 64,
    "intervention_description": 500,
    "stop_reason": 2_000,
    "end_reason": 120,
    # messages
    "subject": 200,
    "body": 20_000,
    # audit and settings
    "audit_role": 32,
    "entity_type": 40,
    "setting_key": 64,
    "changed_field": 40,
    # implementation plans (genomförandeplaner)
    "plan_participants": 500,
    "plan_goal": 1_000,
    "plan_activity": 500,
    "plan_responsible": 200,
    "plan_when_how": 500,
    "plan_comment": 4_000,
    # genomförandejournaler (issue 11): a note's text is Text in the database; its limit is
    # the longest free text any command carries (domain.bounds.TEXT_MAX): a pasted longer text
    # stays in the note window and its draft, and Spara says how much to shorten it
    "journal_title": 200,
    "journal_template_code": 64,
    "journal_heading": 200,
    "journal_keyword": 100,
    "journal_body": 20_000,
    # corrections, HSL openings and disclosures (migration 0018)
    "correction_reason": 1_000,
    "licensed_colleague": 200,
    "hsl_reason": 1_000,
    "disclosure_note": 2_000,
    # housing objects (boendeobjekt)
    "housing_label": 40,
    "housing_address": 200,
    # avvikelser (W18)
    "deviation_type_code": 32,
    "deviation_place": 200,
    "deviation_text": 4_000,
}

# What a user may type as an identity number: the stored 12 digits plus separators and spaces.
IDENTITY_INPUT_LENGTH = 20
# A postal code as typed: "NNN NN" or "NNNNN".
POSTAL_CODE_INPUT_LENGTH = 6


def max_length(field: str) -> int:
    """The maximum length of a field (KeyError for a name the table does not know)."""
    return MAX_LENGTHS[field]


def check_fits(field: str, value: str, what: str, *, error_field: str | None = None) -> str:
    """The value if it fits; else '<what> får vara högst N tecken.' against the field."""
    limit = MAX_LENGTHS[field]
    if len(value) > limit:
        raise ValidationError(
            f"{what} får vara högst {grouped(limit)} tecken.", field=error_field or field
        )
    return value
