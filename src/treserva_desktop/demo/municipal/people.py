"""Part 3 of a scale demo: the person registry and, for persons with a case, relations and
their care (care.py: decisions, assignments, execution rows over the years, Inkorg notices).

Persons are drawn and written one at a time; only the compact `Registry` entry of a person
with a case is kept for the later parts.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from treserva_desktop.db.models import Person, Relation
from treserva_desktop.demo import names
from treserva_desktop.demo import organisation as named
from treserva_desktop.demo.municipal.care import CareHistory
from treserva_desktop.demo.municipal.context import Context, WeightedPicker
from treserva_desktop.demo.municipal.org import PERSON_SHARE
from treserva_desktop.demo.plan import years_before
from treserva_desktop.demo.write import make_coordination_number
from treserva_desktop.domain.enums import BusinessArea, IdentityKind, RelationKind
from treserva_desktop.domain.identity import make_personal_number

_A = BusinessArea

# What a registry person is; drawn once per person from a shuffled sequence.
_NO_CASE, _ACTIVE, _FORMER, _WAITING = 0, 1, 2, 3

_FORMER_AREA = ((_A.HOME_CARE, 55), (_A.NURSING_HOME, 25), (_A.SHORT_TERM, 20))
_WAITING_AREA = ((_A.HOME_CARE, 70), (_A.NURSING_HOME, 20), (_A.SHORT_TERM, 10))
_RELATION_KINDS = (
    RelationKind.NEXT_OF_KIN,
    RelationKind.GUARDIAN,
    RelationKind.ADMINISTRATOR,
    RelationKind.REFERENCE_PERSON,
    RelationKind.CONTACT_PERSON,
)
_RELATION_WEIGHTS = (75, 10, 2, 8, 5)


def add_people(ctx: Context) -> None:
    spec = ctx.spec
    waiting = min(spec.waiting, spec.persons)
    active = min(spec.active, spec.persons - waiting)
    former = min(spec.former, spec.persons - waiting - active)
    kinds = bytearray([_WAITING]) * waiting + bytearray([_ACTIVE]) * active
    kinds += bytearray([_FORMER]) * former
    kinds += bytearray([_NO_CASE]) * (spec.persons - len(kinds))
    ctx.rng.shuffle(kinds)
    maker = _PersonMaker(ctx, active, former)
    ctx.progress.start("Personer och uppdrag", len(kinds))
    for done, kind in enumerate(kinds, 1):
        maker.person(kind)
        if done % 500 == 0:
            ctx.progress.update(done)
    ctx.progress.finish()


def _quota_list(ctx: Context, count: int) -> list[int]:
    leaves = ctx.leaves()
    total = sum(ctx.units[i].weight for i in leaves) or 1.0
    result: list[int] = []
    for i in leaves:
        result.extend([i] * round(ctx.units[i].weight * count / total))
    picker = WeightedPicker(leaves, [ctx.units[i].weight for i in leaves])
    while len(result) < count:
        result.append(picker.pick(ctx.rng))
    del result[count:]
    ctx.rng.shuffle(result)
    return result


class _PersonMaker:
    def __init__(self, ctx: Context, active: int, former: int) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.w = ctx.writer
        self.used_numbers: set[int] = set()
        units = ctx.units
        # Active persons take their unit from a shuffled list holding each unit as often as
        # its planned size, so unit sizes are as planned even in a small copy.
        self.active_leaves = _quota_list(ctx, active)
        self.leaves_in = {
            area: WeightedPicker(ctx.leaves(area), [units[i].weight for i in ctx.leaves(area)])
            for area in PERSON_SHARE
        }
        # Waiting assignments spread over receivers more evenly than persons do, so a large
        # unit's Nya uppdrag shows tens, not hundreds.
        self.receivers_in = {
            area: WeightedPicker(
                ctx.receivers(area),
                [
                    math.sqrt(sum(units[leaf].weight for leaf in units[r].leaves) + 1)
                    for r in ctx.receivers(area)
                ],
            )
            for area in PERSON_SHARE
        }
        self.norr = next(i for i, u in enumerate(units) if u.id == ctx.unit_ids[named.HT_NORR])
        self.norr_waiting = 3
        self.care = CareHistory(ctx, active, former, self.leaves_in)

    # --- persons ----------------------------------------------------------------------------

    def person(self, kind: int) -> None:
        ctx, rng = self.ctx, self.rng
        person_id = self.w.next_id(Person)
        woman = rng.random() < 0.62
        has_case = kind != _NO_CASE
        if has_case:
            age = min(105, int(rng.triangular(65, 106, 86)))
        else:
            age = int(rng.triangular(20, 101, 68))
        leaf = -1
        receiver = -1
        if kind == _ACTIVE:
            leaf = self.active_leaves.pop()
        elif kind == _FORMER:
            area = rng.choices([a for a, _ in _FORMER_AREA], [w for _, w in _FORMER_AREA])[0]
            leaf = self.leaves_in[area].pick(rng)
        elif kind == _WAITING:
            area = rng.choices([a for a, _ in _WAITING_AREA], [w for _, w in _WAITING_AREA])[0]
            receiver = self.receivers_in[area].pick(rng)
            if self.norr_waiting > 0:
                # gruppchef's Nya uppdrag is never empty, even in a small copy.
                self.norr_waiting -= 1
                receiver = self.norr
            leaf = rng.choice(ctx.units[receiver].leaves)
        number, identity_kind = self._number(age, woman)
        self.w.add(
            Person,
            {
                "id": person_id,
                "identity_number": number,
                "identity_kind": identity_kind,
                "first_name": rng.choice(
                    names.WOMEN_FIRST_NAMES if woman else names.MEN_FIRST_NAMES
                ),
                "last_name": rng.choice(names.LAST_NAMES),
                "protected_identity": rng.random() < 0.01,
                "street": self._street(),
                "postal_code": f"{rng.choice(names.TOWN_POSTAL_PREFIXES)} {rng.randint(20, 79)}",
                "city": names.TOWN,
                "phone": self._phone() if rng.random() < 0.9 else "",
                "billing_area_code": ctx.units[leaf].billing if has_case else None,
                "is_test_data": True,
            },
        )
        if not has_case:
            return
        self._relations(person_id)
        if kind == _WAITING:
            self.care.waiting(person_id, receiver, leaf)
        else:
            self.care.history(person_id, leaf, former=kind == _FORMER)

    def _number(self, age: int, woman: bool) -> tuple[str, IdentityKind]:
        rng = self.rng
        latest = years_before(self.today, age)
        earliest = years_before(self.today, age + 1) + timedelta(days=1)
        coordination = rng.random() < 0.02
        while True:
            born = date.fromordinal(rng.randint(earliest.toordinal(), latest.toordinal()))
            # Birth number 000 is never issued: the otherwise unused 990 takes its place.
            serial = (
                rng.randint(0, 99) * 10 + rng.choice((0, 2, 4, 6, 8) if woman else (1, 3, 5, 7, 9))
                or 990
            )
            key = born.toordinal() * 2000 + serial * 2 + coordination
            if key not in self.used_numbers:
                self.used_numbers.add(key)
                break
        if coordination:
            return make_coordination_number(born, serial), IdentityKind.COORDINATION
        return make_personal_number(born, serial), IdentityKind.PERSONAL

    def _phone(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            low, high = names.MOBILE_RANGE
            return f"{names.MOBILE_PREFIX} {rng.randint(low, high):02d}"
        return f"{rng.choice(names.LANDLINE_PREFIXES)} {rng.randint(0, 99):02d}"

    def _street(self) -> str:
        return f"{self.rng.choice(names.STREETS)} {self.rng.randint(1, 64)}"

    def _relations(self, person_id: int) -> None:
        rng = self.rng
        invoice_taken = False
        for _ in range(rng.choices((0, 1, 2), weights=(25, 45, 30))[0]):
            kind = rng.choices(_RELATION_KINDS, _RELATION_WEIGHTS)[0]
            woman = rng.random() < 0.5
            first = rng.choice(
                names.RELATION_WOMEN_FIRST_NAMES if woman else names.RELATION_MEN_FIRST_NAMES
            )
            legal = kind in (RelationKind.GUARDIAN, RelationKind.ADMINISTRATOR)
            invoice = not invoice_taken and rng.random() < (0.7 if legal else 0.15)
            invoice_taken = invoice_taken or invoice
            city, prefix = rng.choice(names.RELATION_PLACES)
            self.w.add(
                Relation,
                {
                    "id": self.w.next_id(Relation),
                    "person_id": person_id,
                    "kind": kind,
                    "name": f"{first} {rng.choice(names.LAST_NAMES)}",
                    "phone": self._phone(),
                    "street": self._street(),
                    "postal_code": f"{prefix} {rng.randint(10, 89)}",
                    "city": city,
                    "is_invoice_recipient": invoice,
                    "active": True,
                },
            )
