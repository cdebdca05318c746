"""Journal rules as pure functions, and the shipped templates (mallar)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from treserva_desktop.db.journal_templates import all_templates, template_by_code
from treserva_desktop.domain import journal_rules
from treserva_desktop.domain.enums import BusinessArea, JournalKind, Role
from treserva_desktop.domain.errors import PermissionDenied, ValidationError
from treserva_desktop.domain.journal_templates import (
    TemplateFormatError,
    parse_template,
    templates_for,
)
from treserva_desktop.domain.rules import Actor, RoleGrant

SAVED = datetime(2026, 3, 1, 14, 30, tzinfo=UTC)
IBIC = (
    "Lärande och att tillämpa kunskap",
    "Allmänna uppgifter och krav",
    "Kommunikation",
    "Förflyttning",
    "Personlig vård",
    "Hemliv",
    "Mellanmänskliga interaktioner och relationer",
    "Samhällsgemenskap, socialt och medborgerligt liv",
)


def actor(*grants: tuple[Role, int]) -> Actor:
    return Actor(
        user_id=1,
        username="u",
        display_name="U",
        grants=tuple(RoleGrant(role, unit, "") for role, unit in grants),
        scope={role: frozenset({unit}) for role, unit in grants},
    )


def test_a_note_locks_at_its_due_time_or_when_signed() -> None:
    due = journal_rules.lock_due_at(SAVED, 24)
    assert due == SAVED + timedelta(hours=24)
    assert not journal_rules.is_locked(None, due, due - timedelta(seconds=1))
    assert journal_rules.is_locked(None, due, due)
    assert journal_rules.is_locked(SAVED, due, SAVED)


def test_who_writes_which_journal() -> None:
    staff = actor((Role.CARE_STAFF, 5))
    nurse = actor((Role.NURSE, 5))
    journal_rules.check_writer(staff, JournalKind.SOCIAL, 5)
    journal_rules.check_writer(nurse, JournalKind.HSL, 5)
    with pytest.raises(PermissionDenied, match="HSL-journalen"):
        journal_rules.check_writer(nurse, JournalKind.SOCIAL, 5)
    with pytest.raises(PermissionDenied, match="sjuksköterskor"):
        journal_rules.check_writer(staff, JournalKind.HSL, 5)
    with pytest.raises(PermissionDenied):
        journal_rules.check_writer(staff, JournalKind.SOCIAL, 6)
    with pytest.raises(PermissionDenied):
        journal_rules.check_writer(nurse, JournalKind.HSL, 6)


def test_what_a_note_must_hold() -> None:
    journal_rules.check_note_text("Besök", "Text")
    with pytest.raises(ValidationError) as no_heading:
        journal_rules.check_note_text(" ", "Text")
    assert no_heading.value.field == "heading"
    with pytest.raises(ValidationError) as empty:
        journal_rules.check_note_text("Besök", " \n ")
    assert empty.value.field == "body"
    journal_rules.check_note_text("Besök", "x" * 20_000)
    with pytest.raises(ValidationError, match="Korta texten"):
        journal_rules.check_note_text("Besök", "x" * 20_001)
    with pytest.raises(ValidationError, match="framtiden"):
        journal_rules.check_event_at(SAVED + timedelta(hours=1), SAVED)
    journal_rules.check_event_at(SAVED + timedelta(minutes=5), SAVED)


def test_keywords_are_trimmed_and_kept_once() -> None:
    assert journal_rules.clean_keywords([" Sömn", "Sömn", "", "Hygien "]) == ("Sömn", "Hygien")
    with pytest.raises(ValidationError):
        journal_rules.clean_keywords(["x" * 101])


def test_the_shipped_templates() -> None:
    templates = all_templates()
    assert {t.code for t in templates} == {"home_care", "nursing_home", "short_term", "hsl"}
    for template in templates:
        assert template.headings
        assert template.phrases
        assert all(p.text.endswith(".") for p in template.phrases)
        if template.kind is JournalKind.SOCIAL:
            assert set(IBIC) <= set(template.keywords)
            assert {"Måltider", "Hygien", "Sömn", "Trygghet"} <= set(template.keywords)
    home = templates_for(templates, BusinessArea.HOME_CARE)
    assert {t.code for t in home} == {"home_care", "hsl"}
    hsl = template_by_code("hsl")
    assert hsl is not None
    assert hsl.kind is JournalKind.HSL
    assert template_by_code("nope") is None


def test_a_broken_template_says_so() -> None:
    with pytest.raises(TemplateFormatError):
        parse_template({"code": "x", "name": "X", "kind": "social", "business_areas": []})
    with pytest.raises(TemplateFormatError):
        parse_template({"code": "x"})
