"""Sammanställning – Genomförandeplan (W17) and the overdue-plan count of Mitt skrivbord, on
a clock pinned to Monday 2026-06-15: deadlines on the day and the day after (14 days, 2 in
short-term care), the follow-up day exactly 6 months on, scope, options, bad input and the
audit; SQLite and PostgreSQL. Every expected answer is counted by hand in the comments."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from tests.helpers.assignment_world import World
from tests.helpers.follow_up_world import PINNED, add_plan, add_row, person_of, pinned_world

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.db.queries.plan_compilation import (
    overdue_plan_count,
    plan_compilation,
    plan_units,
)
from treserva_desktop.domain.commands.plan_compilation import CompilePlans
from treserva_desktop.domain.enums import AuditAction, BusinessArea
from treserva_desktop.domain.errors import PermissionDenied, ValidationError
from treserva_desktop.domain.plan_compilation_rules import CompiledStatus
from treserva_desktop.domain.plan_rules import add_months
from treserva_desktop.domain.views.plan_compilation import PlanCompilation, PlanCompilationRow
from treserva_desktop.services.plan_compilation import export_plan_compilation

JUNE_1 = date(2026, 6, 1)


class Fixture:
    """The persons of the tests by letter (their row ids), built once per database."""

    def __init__(self, world: World) -> None:
        self.world = world
        # A: started 06-01 = today - 14, no plan: due 06-15 = today, still Saknas.
        self.a = add_row(world, date(2026, 6, 1), last_name="Andersson")
        # B: started 05-31 = today - 15, no plan: due 06-14 < today, Försenad.
        self.b = add_row(world, date(2026, 5, 31), last_name="Berg")
        # C: started 05-01, plan on 05-15 (day 14): in time; follow-up 11-15: Upprättad.
        self.c = add_row(world, date(2026, 5, 1), last_name="Carlsson")
        add_plan(world, self.c, date(2026, 5, 15), date(2026, 11, 15))
        # D: started 05-01, plan on 05-16 (day 15): late, but established: Upprättad.
        self.d = add_row(world, date(2026, 5, 1), last_name="Dahl")
        add_plan(world, self.d, date(2026, 5, 16), date(2026, 11, 16))
        # E: short-term, started 06-13 = today - 2, no plan: due today, Saknas.
        self.e = add_row(
            world,
            date(2026, 6, 13),
            unit="Lindgården",
            type_code="short_term_stay",
            last_name="Ek",
        )
        # F: short-term, started 06-12 = today - 3: due 06-14, Försenad.
        self.f = add_row(
            world,
            date(2026, 6, 12),
            unit="Lindgården",
            type_code="short_term_stay",
            last_name="Falk",
        )
        # G: plan 2025-12-15, follow-up day exactly 6 months on = 2026-06-15 = today: on time.
        self.g = add_row(world, date(2025, 12, 1), last_name="Gustafsson")
        add_plan(world, self.g, date(2025, 12, 15), add_months(date(2025, 12, 15), 6))
        # H: plan 2025-12-14, follow-up day 2026-06-14 < today: Försenad; followed up 01-10.
        self.h = add_row(world, date(2025, 12, 1), last_name="Holm")
        add_plan(
            world,
            self.h,
            date(2025, 12, 14),
            add_months(date(2025, 12, 14), 6),
            follow_ups=(date(2026, 1, 10), date(2026, 1, 3)),
        )
        # I: plan ended 06-05 while the row runs on: Avslutad.
        self.i = add_row(world, date(2025, 10, 1), last_name="Isaksson")
        add_plan(world, self.i, date(2025, 10, 10), date(2026, 4, 10), ended_on=date(2026, 6, 5))
        # J: the row ended 05-31, before the period: not listed.
        self.j = add_row(world, date(2025, 1, 1), date(2026, 5, 31), last_name="Jansson")
        # K: a revoked row: not listed.
        from treserva_desktop.domain.enums import ExecutionStatus

        self.k = add_row(
            world, date(2026, 5, 1), status=ExecutionStatus.REVOKED, last_name="Karlsson"
        )

    def person(self, letter: str) -> int:
        return person_of(self.world, getattr(self, letter))


@pytest.fixture
def fixture(any_db: Database) -> Fixture:
    return Fixture(pinned_world(any_db))


def compile_(world: World, actor: str = "chef", **values: object) -> PlanCompilation:
    command = CompilePlans(
        **{"period_start": JUNE_1, "period_end": PINNED, **values}  # type: ignore[arg-type]
    )
    with world.db.transaction() as session:
        return plan_compilation(session, world.actor(actor), command)


def by_person(result: PlanCompilation) -> dict[int, PlanCompilationRow]:
    return {row.person_id: row for row in result.rows}


def test_statuses_on_the_boundaries(fixture: Fixture) -> None:
    rows = by_person(compile_(fixture.world))
    status = {letter: rows[fixture.person(letter)].status for letter in "abcdefgh"}
    assert status == {
        "a": CompiledStatus.MISSING,
        "b": CompiledStatus.OVERDUE,
        "c": CompiledStatus.ESTABLISHED,
        "d": CompiledStatus.ESTABLISHED,
        "e": CompiledStatus.MISSING,
        "f": CompiledStatus.OVERDUE,
        "g": CompiledStatus.ESTABLISHED,
        "h": CompiledStatus.OVERDUE,
    }
    for letter in "ijk":
        assert fixture.person(letter) not in rows, letter
    a, b = rows[fixture.person("a")], rows[fixture.person("b")]
    assert (a.due_on, b.due_on) == (date(2026, 6, 15), date(2026, 6, 14))
    assert (a.established_on, a.in_time, a.responsible) == (None, None, "")
    c, d = rows[fixture.person("c")], rows[fixture.person("d")]
    assert (c.due_on, c.in_time) == (date(2026, 5, 15), True)
    assert (d.due_on, d.in_time) == (date(2026, 5, 15), False)
    assert c.responsible == "Anders Holmgren"
    e, f = rows[fixture.person("e")], rows[fixture.person("f")]
    assert (e.due_on, f.due_on) == (date(2026, 6, 15), date(2026, 6, 14))
    assert e.short_term
    assert e.unit_name == "Lindgården"
    g, h = rows[fixture.person("g")], rows[fixture.person("h")]
    assert g.next_follow_up_on == date(2026, 6, 15)
    assert h.next_follow_up_on == date(2026, 6, 14)
    assert (g.last_follow_up_on, h.last_follow_up_on) == (None, date(2026, 1, 10))
    # By unit, then name: Lindgården's two after Norr grupp 1's six.
    assert [row.person_name.split(",")[0] for row in compile_(fixture.world).rows] == [
        "Ek",
        "Falk",
        "Andersson",
        "Berg",
        "Carlsson",
        "Dahl",
        "Gustafsson",
        "Holm",
    ]


def test_options_and_the_count_agree(fixture: Fixture) -> None:
    world = fixture.world
    ended = by_person(compile_(world, show_ended=True))
    assert ended[fixture.person("i")].status is CompiledStatus.ENDED
    assert ended[fixture.person("i")].ended_on == date(2026, 6, 5)
    attention = compile_(world, only_attention=True)
    assert {row.person_id for row in attention.rows} == {
        fixture.person(letter) for letter in "abefh"
    }
    # Today's Försenad: B, F and H for the verksamhetschef of both areas; B and H for the
    # gruppchef of Hemtjänst Norr. The same rule as the list, over today's rows.
    with world.db.read() as session:
        assert overdue_plan_count(session, world.actor("chef")) == 3
        assert overdue_plan_count(session, world.actor("gruppchef")) == 2
        assert overdue_plan_count(session, world.actor("soder")) == 0
        assert overdue_plan_count(session, world.actor("handlaggare")) == 0
    overdue_today = [
        row
        for row in compile_(world, period_start=PINNED).rows
        if row.status is CompiledStatus.OVERDUE
    ]
    assert len(overdue_today) == 3


def test_one_unit_its_sub_units_and_the_verksamhet(fixture: Fixture) -> None:
    world = fixture.world
    norr = compile_(world, unit_id=world.units["Hemtjänst Norr"])
    assert norr.unit_label == "Hemtjänst Norr"
    assert {row.unit_name for row in norr.rows} == {"Norr grupp 1"}
    assert len(norr.rows) == 6
    home_care = compile_(world, business_area=BusinessArea.HOME_CARE)
    assert home_care.unit_label == "Alla mina enheter"
    assert len(home_care.rows) == 6
    short_term = compile_(world, unit_id=world.units["Lindgården"])
    assert len(short_term.rows) == 2
    # The gruppchef of Hemtjänst Norr sees Norr only.
    assert len(compile_(world, "gruppchef").rows) == 6
    with world.db.read() as session:
        names = [choice.name for choice in plan_units(session, world.actor("gruppchef"))]
    assert names == ["Hemtjänst Norr", "Norr grupp 1", "Norr grupp 2"]


def audit_count(world: World) -> int:
    with world.db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


@pytest.mark.parametrize(
    ("values", "error", "message"),
    [
        ({"period_start": None}, ValidationError, "från- och tilldatum"),
        ({"period_end": None}, ValidationError, "från- och tilldatum"),
        ({"period_start": date(2026, 6, 16)}, ValidationError, "slutdatum är före"),
        ({"period_start": date(2022, 1, 1)}, ValidationError, "högst tre år"),
        (
            {"period_start": date(2027, 1, 1), "period_end": date(2027, 6, 1)},
            ValidationError,
            "börjar i framtiden",
        ),
        (
            {"unit_id": "Lindgården", "business_area": BusinessArea.HOME_CARE},
            ValidationError,
            "hör inte till verksamheten",
        ),
    ],
)
def test_bad_input_is_refused_in_swedish_and_nothing_is_written(
    fixture: Fixture, values: dict[str, object], error: type[Exception], message: str
) -> None:
    world = fixture.world
    if values.get("unit_id") == "Lindgården":
        values = {**values, "unit_id": world.units["Lindgården"]}
    before = audit_count(world)
    with pytest.raises(error, match=message):
        compile_(world, **values)
    assert audit_count(world) == before


def test_a_unit_outside_the_scope_is_refused(fixture: Fixture) -> None:
    world = fixture.world
    before = audit_count(world)
    with pytest.raises(PermissionDenied, match="Lindgården"):
        compile_(world, "gruppchef", unit_id=world.units["Lindgården"])
    with pytest.raises(PermissionDenied):
        compile_(world, "personal")
    with pytest.raises(PermissionDenied):
        compile_(world, "handlaggare")
    assert audit_count(world) == before


def test_reads_and_the_export_are_audited_per_person(fixture: Fixture) -> None:
    world = fixture.world
    shown = compile_(world, unit_id=world.units["Lindgården"])
    with world.db.read() as session:
        reads = session.scalars(
            select(AuditEvent).where(AuditEvent.details["view"].as_string() == "plan_compilation")
        ).all()
    assert sorted(e.person_id for e in reads) == sorted(row.person_id for row in shown.rows)
    assert all(e.action is AuditAction.READ_PERSON for e in reads)
    assert all(e.unit_id == world.units["Lindgården"] for e in reads)
    command = CompilePlans(
        unit_id=world.units["Lindgården"], period_start=JUNE_1, period_end=PINNED
    )
    with world.db.transaction() as session:
        exported = export_plan_compilation(session, world.actor("chef"), command)
    with world.db.read() as session:
        exports = session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)
        ).all()
    assert sorted(e.person_id for e in exports) == sorted(r.person_id for r in exported.rows)
    assert len(exports) == 2
