"""Finding a demo person for the execution window tests, and walking the tree to them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from tests.e2e.driver import E2EDriver

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Execution, OrgUnit, Person
from treserva_desktop.domain.enums import ExecutionStatus
from treserva_desktop.ui.tree.nodes import Node, NodeKind

NORR_UNITS = ("Norr grupp 1", "Norr grupp 2")


@dataclass(frozen=True)
class Placed:
    person_id: int
    unit_name: str
    rows: tuple[Execution, ...]  # detached, in id order


def person_with_rows(db: Database, today: date, count: int, *, timed: bool = False) -> Placed:
    """A person with a billing area whose only rows are `count` rows sent on (or
    acknowledged) at one Norr unit, started and running at least a month more (the demo on
    any day)."""
    with db.read() as session:
        billed = set(
            session.scalars(select(Person.id).where(Person.billing_area_code.is_not(None)))
        )
        names = {u.id: u.name for u in session.execute(select(OrgUnit.id, OrgUnit.name))}
        by_person: dict[int, list[Execution]] = defaultdict(list)
        for row in session.scalars(select(Execution).order_by(Execution.id)).all():
            by_person[row.person_id].append(row)
        for person_id, rows in sorted(by_person.items()):
            units = {names[row.unit_id] for row in rows}
            fits = (
                len(rows) == count
                and person_id in billed
                and len(units) == 1
                and units <= set(NORR_UNITS)
                and all(
                    row.status in (ExecutionStatus.SENT_TO_EXECUTION, ExecutionStatus.ACKNOWLEDGED)
                    and row.start_date < today
                    and (row.end_date is None or row.end_date > today + timedelta(days=30))
                    for row in rows
                )
                and (not timed or rows[0].minutes is not None)
            )
            if fits:
                for row in rows:
                    session.expunge(row)
                return Placed(person_id, units.pop(), tuple(rows))
    raise AssertionError("the demo has no suitable person")


def child(driver: E2EDriver, node: Node, **ids: object) -> Node:
    found = next(
        (c for c in driver.children(node) if all(getattr(c, k) == v for k, v in ids.items())),
        None,
    )
    assert found is not None, ids
    return found


def intervention_node(driver: E2EDriver, placed: Placed, intervention_id: int) -> Node:
    """Mina enheter › ÄO Hemtjänst › Hemtjänst Norr › unit › person › Insats GF › intervention."""
    unit = driver.node(
        ["Mitt skrivbord", "Mina enheter", "ÄO Hemtjänst", "Hemtjänst Norr", placed.unit_name]
    )
    person = child(driver, unit, kind=NodeKind.PERSON, person_id=placed.person_id)
    insats = child(driver, person, kind=NodeKind.INSATS_GF)
    return child(driver, insats, kind=NodeKind.INTERVENTION, intervention_id=intervention_id)


def reload(db: Database, execution_id: int) -> Execution:
    with db.read() as session:
        row = session.get(Execution, execution_id)
        assert row is not None
        session.expunge(row)
        return row
