"""The import's guarantees from issue 9: idempotent by uppdrag_id, every problem in one run,
plausible dates, ASCII digits, Swedish messages only and no exception for hostile files."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from tests.helpers.assignment_world import TODAY, World, build_world, counts
from tests.helpers.import_records import file_of, record, refused

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Assignment, Person
from treserva_desktop.domain.bounds import ID_MESSAGE, TEXT_CHARACTERS_MESSAGE
from treserva_desktop.services.assignment_import import import_assignments
from treserva_desktop.services.assignment_import_schema import EXTERNAL_ID_MESSAGE

# Texts that must never reach a user: the parser's and pydantic's English.
ENGLISH = ("Expecting", "Input should", "Value error", "Traceback", "Extra data", "field required")


def _import(world: World, data: bytes) -> tuple[int, ...]:
    with world.db.transaction() as session:
        report = import_assignments(session, None, data)
    return report.assignment_ids


def _assert_swedish(problems: list[str]) -> None:
    for problem in problems:
        assert not any(word in problem for word in ENGLISH), problem


# --- idempotent by uppdrag_id ---------------------------------------------------------------


def test_importing_the_same_file_twice_imports_nothing_the_second_time(any_db: Database) -> None:
    world = build_world(any_db)
    records = [record(1), record(2), record(3)]
    data = file_of(records)
    assert len(_import(world, data)) == 3
    before = counts(any_db)
    with any_db.transaction() as session:
        again = import_assignments(session, None, data)
    assert counts(any_db) == before
    assert again.records == 0
    assert again.assignment_ids == ()
    assert [(d.number, d.external_id) for d in again.duplicates] == [
        (1, records[0]["uppdrag_id"]),
        (2, records[1]["uppdrag_id"]),
        (3, records[2]["uppdrag_id"]),
    ]
    assert again.summary.splitlines() == [
        "0 uppdrag importerade (0 nya personer, 0 befintliga).",
        "3 uppdrag fanns redan från en tidigare import och importerades inte igen:",
        f"post 1, uppdrag_id {records[0]['uppdrag_id']}: importerat tidigare",
        f"post 2, uppdrag_id {records[1]['uppdrag_id']}: importerat tidigare",
        f"post 3, uppdrag_id {records[2]['uppdrag_id']}: importerat tidigare",
    ]


def test_a_file_with_old_and_new_records_imports_only_the_new(world: World) -> None:
    old = record(1)
    _import(world, file_of([old]))
    new = record(2)
    with world.db.transaction() as session:
        report = import_assignments(session, None, file_of([old, new]))
    assert report.records == 1
    assert [d.external_id for d in report.duplicates] == [old["uppdrag_id"]]
    with world.db.read() as session:
        stored = session.scalars(select(Assignment.external_id).order_by(Assignment.id)).all()
    assert stored == [old["uppdrag_id"], new["uppdrag_id"]]


def test_the_external_id_is_unique_in_the_database(world: World) -> None:
    first = record(1)
    _import(world, file_of([first]))
    with world.db.read() as session:
        assignment = session.scalars(select(Assignment)).one()
        assert assignment.external_id == first["uppdrag_id"]
    sent = world.send()  # from the dialog: no external id
    with world.db.read() as session:
        assert session.get_one(Assignment, sent.assignment_id).external_id is None
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), world.db.transaction() as session:
        session.get_one(Assignment, sent.assignment_id).external_id = first["uppdrag_id"]


def test_the_same_uppdrag_id_twice_in_a_file_is_an_error(world: World) -> None:
    first = record(1)
    second = record(2, uppdrag_id=first["uppdrag_id"])
    problems = refused(world, file_of([first, second]))
    assert problems == [
        f"post 2, uppdrag_id: '{first['uppdrag_id']}' förekommer redan i post 1; varje uppdrag "
        "får finnas en gång i filen"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "saknas"),
        ("", "får inte vara tom"),
        ("BIS 12", EXTERNAL_ID_MESSAGE),
        ("-12", EXTERNAL_ID_MESSAGE),
        ("x" * 65, EXTERNAL_ID_MESSAGE),
        (12, "ska vara text"),
    ],
)
def test_uppdrag_id_is_required_and_plain(world: World, value: object, expected: str) -> None:
    bad = record(1)
    if value is None:
        del bad["uppdrag_id"]
    else:
        bad["uppdrag_id"] = value
    assert refused(world, file_of([bad])) == [f"post 1, uppdrag_id: {expected}"]


# --- every problem in one run ---------------------------------------------------------------


def test_schema_and_rule_problems_are_listed_together(world: World) -> None:
    broken = record(1)
    del broken["person"]["fornamn"]  # schema: the person part cannot be read
    broken["beslut"]["till"] = "2000-01-01"  # rule: ends before it starts
    broken["insatser"][0]["timmar"] = "många"  # schema, in the first intervention
    broken["insatser"][1]["timmar"] = 3  # rule, in the second (readable) one
    broken["mottagare"] = {"enhet": "Finns inte"}  # rule
    other = record(2)
    other["person"]["personnummer"] = "19360203-0001"  # rule, in a record without schema errors
    other["okand"] = True  # schema
    problems = refused(world, file_of([broken, other]))
    assert problems == [
        "post 1, person.fornamn: saknas",
        "post 1, insatser[1].timmar: ska vara ett tal, t.ex. 12.5",
        "post 1, beslut.till: Beslutsperiodens T.o.m. kan inte vara före dess Fr.o.m.",
        "post 1, insatser[2].timmar: Beviljad omfattning anges inte för insatsen "
        "Trygghetslarm. Lämna fältet tomt.",
        "post 1, mottagare.enhet: det finns ingen enhet som heter 'Finns inte'",
        "post 2, okand: okänt fält",
        "post 2, person.personnummer: Kontrollsiffran stämmer inte – kontrollera personnumret.",
    ]


def test_a_wrong_format_still_lists_the_records_problems(world: World) -> None:
    bad = record(1, mal="")
    data = json.dumps({"format": "annat", "version": 2, "uppdrag": [bad]}).encode()
    problems = refused(world, data)
    assert problems == [
        "format: ska vara 'treserva-uppdrag'",
        "version: ska vara 1",
        "post 1, mal: Ange mål och beskrivning för uppdraget.",
    ]


# --- plausible dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("beslutsdatum", "1800-01-01", "ska vara ett datum mellan 1900-01-01 och 2199-12-31"),
        ("beslutsdatum", "1989-12-31", "Beslutsdatum kan inte vara före 1990-01-01."),
        ("fran", "1989-12-31", "Beslutsperiodens Fr.o.m. kan inte vara före 1990-01-01."),
        ("till", "9999-12-31", "ska vara ett datum mellan 1900-01-01 och 2199-12-31"),
        ("fran", 0, "ska vara ett datum på formen ÅÅÅÅ-MM-DD"),
        ("fran", 1_700_000_000, "ska vara ett datum på formen ÅÅÅÅ-MM-DD"),
        ("fran", "2026-11-09T00:00:00", "ska vara ett datum på formen ÅÅÅÅ-MM-DD"),
        ("fran", "2026-02-30", "ska vara ett datum som finns, på formen ÅÅÅÅ-MM-DD"),
        ("fran", "２０２６-１１-０９", "ska vara ett datum på formen ÅÅÅÅ-MM-DD"),
    ],
)
def test_implausible_dates_are_refused(
    world: World, field: str, value: object, expected: str
) -> None:
    bad = record(1)
    bad["beslut"][field] = value
    if field == "fran" and isinstance(value, str) and value.startswith("1989"):
        bad["beslut"]["till"] = "1990-06-30"
    problems = refused(world, file_of([bad]))
    assert f"post 1, beslut.{field}: {expected}" in problems, problems


def test_periods_beyond_the_horizon_are_refused(world: World) -> None:
    far_start = record(1)
    far_start["beslut"].update(fran=(TODAY + timedelta(days=3 * 366)).isoformat(), till=None)
    far_end = record(2)
    far_end["beslut"]["till"] = (TODAY + timedelta(days=11 * 366)).isoformat()
    problems = refused(world, file_of([far_start, far_end]))
    assert [p.split(":")[0] for p in problems] == ["post 1, beslut.fran", "post 2, beslut.till"]
    assert "2 år fram" in problems[0]
    assert "10 år fram" in problems[1]


# --- identity numbers -----------------------------------------------------------------------


def test_full_width_digits_are_refused_and_create_no_duplicate_person(world: World) -> None:
    first = record(1)
    _import(world, file_of([first]))
    number = first["person"]["personnummer"]
    wide = "".join(chr(ord(c) + 0xFEE0) for c in number)  # "１９３６…"
    again = record(1)
    again["person"]["personnummer"] = f"{wide[:8]}-{wide[8:]}"
    problems = refused(world, file_of([again]))
    assert problems == [
        "post 1, person.personnummer: Personnumret får bara innehålla siffrorna 0–9."
    ]
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 1


# --- Swedish messages and hostile files -----------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"uppdrag": [', "rad 1, kolumn 14: filen är inte giltig JSON (ett värde saknas"),
        (b"{uppdrag: []}", "rad 1, kolumn 2: filen är inte giltig JSON (ett fältnamn ska stå"),
        (b'{"uppdrag" []}', "rad 1, kolumn 12: filen är inte giltig JSON (kolon saknas"),
        (b'{"a": 1 "b": 2}', "filen är inte giltig JSON (kommatecken saknas"),
        (b'{"a": "abc', "filen är inte giltig JSON (en text saknar avslutande"),
        (b'{"a": "\\q"}', "filen är inte giltig JSON (en text innehåller en ogiltig"),
        (b"{} {}", "filen är inte giltig JSON (det finns mer text efter filens slut)"),
        (b'{"a": NaN}', "NaN är inget tal i JSON"),
        (b'{"a": -Infinity}', "-Infinity är inget tal i JSON"),
        (b'{"a": ' + b"9" * 5000 + b"}", "ett tal med fler än 30 siffror"),
        (b'{"a": 1.' + b"5" * 5000 + b"}", "ett tal med fler än 30 siffror"),
        (b"[" * 1000 + b"]" * 1000, "för djupt nästlad"),
        (b"[" * 100_000, "för djupt nästlad"),
        (b'{"a": ' + b"[" * 40 + b"]" * 40 + b"}", "för djupt nästlad"),
        (b"\xef\xbb\xbf\xff", "Filen är inte sparad som UTF-8."),
        (b"", "filen är inte giltig JSON (ett värde saknas eller är felskrivet)"),
        (b"null", "ska vara ett objekt"),
        (b'{"uppdrag": {}}', "uppdrag: ska vara en lista"),
    ],
)
def test_malformed_files_get_swedish_messages(world: World, data: bytes, expected: str) -> None:
    problems = refused(world, data)
    assert any(expected in problem for problem in problems), problems
    _assert_swedish(problems)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"mottagare": {"enhet_id": 2**63}}, f"post 1, mottagare.enhet_id: {ID_MESSAGE}"),
        ({"mottagare": {"enhet_id": 2**31}}, f"post 1, mottagare.enhet_id: {ID_MESSAGE}"),
        ({"mottagare": {"enhet_id": 0}}, f"post 1, mottagare.enhet_id: {ID_MESSAGE}"),
        ({"mottagare": {"enhet_id": 2**31 - 1}}, "post 1, mottagare.enhet_id: Den mottagande"),
        ({"mal": "Trygg\x00het"}, f"post 1, mal: {TEXT_CHARACTERS_MESSAGE}"),
        ({"mal": "x" * 20_001}, "post 1, mal: får vara högst 20\u00a0000 tecken"),
        ({"avsandare": "hand\x00laggare"}, f"post 1, avsandare: {TEXT_CHARACTERS_MESSAGE}"),
    ],
)
def test_hostile_values_are_refused_in_swedish(
    any_db: Database, change: dict[str, object], expected: str
) -> None:
    world = build_world(any_db)
    problems = refused(world, file_of([record(1, **change)]))
    assert any(problem.startswith(expected) for problem in problems), problems
    _assert_swedish(problems)


def test_nul_in_a_name_is_refused_on_postgresql_too(any_db: Database) -> None:
    world = build_world(any_db)
    bad = record(1)
    bad["person"]["fornamn"] = "Mär\x00ta"
    bad["insatser"][0]["beskrivning"] = "\x00"
    problems = refused(world, file_of([bad]))
    assert problems == [
        f"post 1, person.fornamn: {TEXT_CHARACTERS_MESSAGE}",
        f"post 1, insatser[1].beskrivning: {TEXT_CHARACTERS_MESSAGE}",
    ]


def test_a_concurrent_import_of_the_same_id_is_refused_in_swedish(
    any_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workstations import the same file at once: both checks find the id new, and the
    unique index refuses the second write. Simulated by hiding the first import from the
    second one's check."""
    world = build_world(any_db)
    data = file_of([record(1)])
    _import(world, data)
    monkeypatch.setattr(
        "treserva_desktop.services.assignment_import._imported_before", lambda *_a: set()
    )
    problems = refused(world, data)
    assert problems == [
        "post 1: uppdraget eller personen registrerades samtidigt från en annan arbetsstation "
        "(t.ex. samma fil importerad två gånger samtidigt). Kör importen igen: det som redan "
        "finns hoppas över."
    ]
