"""Uppföljning › Statistik per unit and month, with answers worked out by hand on a pinned
clock (2026-12-15; October and November 2026): month boundaries, a row continued at another
sub-unit, sub-unit roll-up, scope, short-term nights across a month boundary, bad periods; and
agreement with the monthly individual statistics' own counting. SQLite and PostgreSQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from tests.helpers.assignment_world import World, build_world
from tests.helpers.deviation_world import register
from tests.helpers.housing_world import SHORT_TERM, add_housing, add_object, object_id
from tests.services.test_statistics import add_row, person_of

from treserva_desktop.clock import SYSTEM_CLOCK, FixedClock
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, HousingContract, HousingObject
from treserva_desktop.db.queries.deviation_statistics import deviation_type_names
from treserva_desktop.db.queries.statistics import monthly_statistics
from treserva_desktop.db.queries.unit_statistics import intervention_figures, statistics_unit_tree
from treserva_desktop.domain.commands.unit_statistics import ShowUnitStatistics
from treserva_desktop.domain.enums import BusinessArea, ExecutionStatus, Permission, TimePer
from treserva_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from treserva_desktop.domain.housing_rules import ContractKind, HousingKind
from treserva_desktop.domain.statistics_rules import Month
from treserva_desktop.domain.views.unit_statistics import UnitStatistics
from treserva_desktop.services.unit_statistics import unit_statistics

# Pinned after the fixed data's months; never before the system's today, which the world's
# assignment decisions are dated from (they may not lie in the future).
TODAY = max(date(2026, 12, 15), SYSTEM_CLOCK.today())
THIS_MONTH = Month.of(TODAY)
NEXT_MONTH = THIS_MONTH.last + timedelta(days=1)
FIRST_OF_24 = THIS_MONTH.first.replace(year=THIS_MONTH.first.year - 2) + timedelta(days=32)
OCT, NOV = date(2026, 10, 1), date(2026, 11, 1)


@pytest.fixture
def world(any_db: Database) -> Iterator[World]:
    url = any_db.engine.url.render_as_string(hide_password=False)
    pinned = Database(url, clock=FixedClock(TODAY))
    try:
        yield build_rows(add_housing(build_world(pinned)))
    finally:
        pinned.dispose()


def build_rows(world: World) -> World:
    """A: starts 1 Nov. B: ends on 30 Nov. C: 20 Oct – 5 Nov. D: runs to 31 Oct at grupp 1
    and continues from 1 Nov at grupp 2 at 10 h a week. E: ended 30 Sep. F: Söder from 1 Oct.
    G: revoked. H: A's person's safety alarm from 15 Nov. All personal care at 20 h a month
    unless said."""
    world.rows = {  # type: ignore[attr-defined]
        "A": add_row(world, date(2026, 11, 1), None),
        "B": add_row(world, date(2026, 9, 10), date(2026, 11, 30)),
        "C": add_row(world, date(2026, 10, 20), date(2026, 11, 5)),
        "E": add_row(world, date(2026, 8, 1), date(2026, 9, 30)),
        "F": add_row(world, date(2026, 10, 1), None, unit="Hemtjänst Söder"),
        "G": add_row(world, date(2026, 11, 2), None, status=ExecutionStatus.REVOKED),
    }
    world.rows["H"] = add_row(  # type: ignore[attr-defined]
        world,
        date(2026, 11, 15),
        None,
        person_id=person_of(world, world.rows["A"]),  # type: ignore[attr-defined]
        type_code="safety_alarm",
        minutes=None,
        per=None,
    )
    d1 = add_row(world, date(2026, 9, 1), date(2026, 10, 31))
    add_row(
        world,
        date(2026, 11, 1),
        None,
        unit="Norr grupp 2",
        same_as=d1,
        minutes=600,
        per=TimePer.WEEK,
    )
    return world


def show(world: World, actor: str, unit: str, **fields: object) -> UnitStatistics:
    values: dict[str, object] = {
        "unit_id": world.units[unit],
        "first_month": OCT,
        "last_month": NOV,
        "include_sub_units": True,
    }
    values.update(fields)
    with world.db.read() as session:
        return unit_statistics(session, world.actor(actor), ShowUnitStatistics(**values))


def table(result: UnitStatistics, key: str) -> list[tuple[object, ...]]:
    return list(result.section(key).rows)


def test_month_boundaries_a_continued_row_and_sub_unit_roll_up(world: World) -> None:
    result = show(world, "gruppchef", "Hemtjänst Norr")
    h = Decimal
    assert table(result, "interventions") == [
        # October: B, C and D run on the 31st; C started.
        ("2026-10", "Norr grupp 1", "Personlig omvårdnad", 3, 1, 0, h("60.0")),
        ("2026-10", "Totalt", "Alla insatstyper", 3, 1, 0, h("60.0")),
        # November: A started on the 1st, B ended on the 30th (still running that day), C
        # ended on the 5th; D continues at grupp 2 (not started there), 10 h × 52/12. A's
        # person also has H: two types, one person in Totalt (A, B and D's persons).
        ("2026-11", "Norr grupp 1", "Personlig omvårdnad", 2, 1, 2, h("60.0")),
        ("2026-11", "Norr grupp 1", "Trygghetslarm", 1, 1, 0, h("0.0")),
        ("2026-11", "Norr grupp 2", "Personlig omvårdnad", 1, 0, 0, h("43.3")),
        ("2026-11", "Totalt", "Alla insatstyper", 3, 2, 2, h("103.3")),
    ]
    assert result.unit_count == 3  # Hemtjänst Norr, grupp 1, grupp 2
    chart = result.section("interventions").chart
    assert chart is not None
    assert chart.categories == ("okt 2026", "nov 2026")
    assert {s.name: s.values for s in chart.series} == {
        "Personlig omvårdnad": (3.0, 3.0),
        "Trygghetslarm": (0.0, 1.0),
    }


def test_without_sub_units_only_the_unit_itself_counts(world: World) -> None:
    # Counted over the chosen units only: D came to grupp 2 from grupp 1 on 1 November, so
    # at grupp 2 alone it started then, and at grupp 1 alone it ended on 31 October.
    result = show(world, "gruppchef", "Norr grupp 2", include_sub_units=False)
    assert table(result, "interventions") == [
        ("2026-11", "Norr grupp 2", "Personlig omvårdnad", 1, 1, 0, Decimal("43.3")),
        ("2026-11", "Totalt", "Alla insatstyper", 1, 1, 0, Decimal("43.3")),
    ]
    grupp_1 = show(world, "gruppchef", "Norr grupp 1", last_month=OCT)
    assert table(grupp_1, "interventions")[0] == (
        "2026-10",
        "Norr grupp 1",
        "Personlig omvårdnad",
        3,
        1,
        1,
        Decimal("60.0"),
    )
    empty = show(world, "gruppchef", "Hemtjänst Norr", include_sub_units=False)
    assert table(empty, "interventions") == []
    assert empty.section("interventions").chart is None


def test_scope_decides_the_units(world: World) -> None:
    with pytest.raises(PermissionDenied, match="den här enheten"):
        show(world, "gruppchef", "Hemtjänst Söder")
    with pytest.raises(PermissionDenied, match="den här enheten"):
        show(world, "chef", "Kommunen")  # above the units chef is granted
    with pytest.raises(PermissionDenied, match="Din roll"):
        show(world, "personal", "Norr grupp 1")
    whole = show(world, "chef", "ÄO Hemtjänst", business_area=BusinessArea.HOME_CARE)
    october = [row for row in table(whole, "interventions") if row[0] == "2026-10"]
    # F at Söder started on 1 October; a coordinator of Söder sees it alone.
    assert ("2026-10", "Hemtjänst Söder", "Personlig omvårdnad", 1, 1, 0, Decimal("20.0")) in (
        october
    )
    assert october[-1] == ("2026-10", "Totalt", "Alla insatstyper", 4, 2, 0, Decimal("80.0"))
    soder = show(world, "soder", "Hemtjänst Söder")
    assert [row[1] for row in table(soder, "interventions")] == [
        "Hemtjänst Söder",
        "Totalt",
        "Hemtjänst Söder",
        "Totalt",
    ]


def test_short_term_nights_across_a_month_boundary(world: World) -> None:
    retired = add_object(world, SHORT_TERM, "Plats 3", HousingKind.SHORT_TERM_PLACE)
    guest, other = person_of(world, world.rows["A"]), person_of(world, world.rows["B"])  # type: ignore[attr-defined]
    with world.db.transaction() as session:
        place = session.get(HousingObject, retired)
        assert place is not None
        place.retired_on = date(2026, 11, 16)
        for person, label, start, out in (
            (guest, "Plats 1", date(2026, 10, 28), date(2026, 11, 3)),
            (other, "Plats 2", date(2026, 11, 10), None),
        ):
            session.add(
                HousingContract(
                    person_id=person,
                    object_id=object_id(world, label),
                    kind=ContractKind.SHORT_TERM,
                    start_date=start,
                    notice_on=out,
                    move_out_on=out,
                    created_by_user_id=world.users["chef"],
                    created_at=SYSTEM_CLOCK.now(),
                )
            )
    result = show(world, "chef", SHORT_TERM, business_area=BusinessArea.SHORT_TERM)
    h = Decimal
    assert table(result, "short_term") == [
        # October: the nights of 28–31 Oct; 3 places × 31 nights.
        ("2026-10", SHORT_TERM, 3, 4, h("1.3"), h("4.3")),
        # November: 1–2 Nov (out on the 3rd) and 10–30 Nov; Plats 3 until the 16th: 60 + 15.
        ("2026-11", SHORT_TERM, 3, 23, h("7.7"), h("30.7")),
    ]
    chart = result.section("short_term").chart
    assert chart is not None
    assert chart.series[0].values == (4.3, 30.7)


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        (None, NOV, "Välj både Från månad och Till månad"),
        (NOV, OCT, "kan inte vara före Från månad"),
        (date(2024, 11, 1), NOV, "högst 24 månader"),
        (NOV, NEXT_MONTH, "inte har börjat"),
    ],
)
def test_bad_periods_are_refused_in_swedish(
    world: World, first: date | None, last: date | None, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        show(world, "gruppchef", "Hemtjänst Norr", first_month=first, last_month=last)


def test_bad_units_are_refused_and_nothing_is_written(world: World) -> None:
    with world.db.read() as session:
        before = session.query(AuditEvent).count()
    with pytest.raises(NotFound, match="Enheten finns inte"):
        show(world, "gruppchef", "Hemtjänst Norr", unit_id=999_999)
    with pytest.raises(ValidationError, match="hör inte till verksamheten Korttidsboende"):
        show(world, "chef", "ÄO Hemtjänst", business_area=BusinessArea.SHORT_TERM)
    show(world, "gruppchef", "Hemtjänst Norr")  # aggregate only: not audited
    with world.db.read() as session:
        assert session.query(AuditEvent).count() == before


def test_twenty_four_months_and_the_current_month_are_allowed(world: World) -> None:
    result = show(world, "gruppchef", "Hemtjänst Norr", first_month=FIRST_OF_24, last_month=TODAY)
    assert (result.first_month, result.last_month) == (
        FIRST_OF_24.replace(day=1),
        THIS_MONTH.first,
    )
    assert result.section("interventions").chart is not None
    assert len(result.section("interventions").chart.categories) == 24  # type: ignore[union-attr]


@pytest.mark.parametrize("month", [OCT, NOV], ids=["oct", "nov"])
def test_agrees_with_the_monthly_individual_statistics(world: World, month: date) -> None:
    """The SQL counting here and the export's Python counting give the same figures."""
    actor = world.actor("chef")
    with world.db.read() as session:
        lines = monthly_statistics(session, actor, Month(month)).rows
        units = sorted(actor.units_with(Permission.VIEW_STATISTICS))
        found = intervention_figures(session, units, Month(month))
    expected: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    persons: dict[tuple[int, str], set[int]] = defaultdict(set)
    for line in lines:
        key = (line.unit_id, line.type_code)
        expected[key][1] += line.started
        expected[key][2] += line.ended
        if line.running_on_last_day:
            persons[key].add(line.person_id)
    for key, running in persons.items():
        expected[key][0] = len(running)
    assert {
        (f.unit_id, f.type_code): [f.running, f.started, f.ended] for f in found.figures
    } == dict(expected)
    assert found.running_persons == len(set().union(*persons.values()))


def test_the_tree_lists_parents_first_and_marks_the_units_in_scope(world: World) -> None:
    with world.db.read() as session:
        units = statistics_unit_tree(session, world.actor("gruppchef"), BusinessArea.HOME_CARE)
    seen: set[int] = set()
    for unit in units:
        assert unit.parent_id is None or unit.parent_id in seen, unit.name
        seen.add(unit.id)
    selectable = {unit.name for unit in units if unit.selectable}
    assert selectable == {"Hemtjänst Norr", "Norr grupp 1", "Norr grupp 2"}
    with world.db.read() as session:
        short_term = statistics_unit_tree(session, world.actor("chef"), BusinessArea.SHORT_TERM)
    assert {unit.name for unit in short_term if unit.selectable} == {
        "ÄO Korttidsboende",
        SHORT_TERM,
    }


def test_step_is_called_before_each_month_so_avbryt_stops_between_months(world: World) -> None:
    class Stop(Exception):
        pass

    calls: list[int] = []

    def step() -> None:
        calls.append(1)
        if len(calls) == 2:
            raise Stop

    command = ShowUnitStatistics(
        unit_id=world.units["Hemtjänst Norr"], first_month=OCT, last_month=NOV
    )
    with world.db.read() as session, pytest.raises(Stop):
        unit_statistics(session, world.actor("gruppchef"), command, step=step)
    assert len(calls) == 2


def test_deviations_are_a_section_per_unit_month_category_type_and_state(world: World) -> None:
    """Two falls at Norr grupp 1 in November and one medication error there in October; one
    at Söder (outside the gruppchef's Hemtjänst Norr). Counted in the month they happened."""

    def occurred(day: date) -> datetime:
        return datetime.combine(day, time(9, 30)).astimezone()

    for day, type_code, unit in (
        (date(2026, 11, 10), "fall", "Norr grupp 1"),
        (date(2026, 11, 30), "fall", "Norr grupp 1"),
        (date(2026, 10, 31), "medication", "Norr grupp 1"),
        (date(2026, 11, 12), "fall", "Hemtjänst Söder"),
    ):
        register(
            world,
            None,
            user="chef",
            unit_id=world.units[unit],
            type_code=type_code,
            occurred_at=occurred(day),
        )
    result = show(world, "gruppchef", "Hemtjänst Norr")
    with world.db.read() as session:
        names = deviation_type_names(session)
    assert table(result, "deviations") == [
        ("2026-10", "Norr grupp 1", "SoL", names["medication"], "Registrerad", 1),
        ("2026-10", "Totalt", "", "", "", 1),
        ("2026-11", "Norr grupp 1", "SoL", names["fall"], "Registrerad", 2),
        ("2026-11", "Totalt", "", "", "", 2),
    ]
    chart = result.section("deviations").chart
    assert chart is not None
    assert {s.name: s.values for s in chart.series} == {"SoL": (1.0, 2.0)}
