"""The demo municipality: organisation, users, persons, decisions, assignments and rows.

`generate_demo` fills an already-migrated, empty database (the code lists come from the
migrations) through the ORM. It never commits: the caller owns the transaction. Everything is
drawn from one `random.Random(seed)` and dated relative to `today`, so the same seed and day give
the same municipality. Objects are added in a few batched flushes, so it scales to thousands of
persons. Only counts are logged, never personal data.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum

from sqlalchemy import exists, func, select, text
from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import (
    AppSetting,
    Assignment,
    AssignmentItem,
    Base,
    BillingArea,
    Case,
    Decision,
    Execution,
    Intervention,
    InterventionType,
    Message,
    MessageRecipient,
    MyPerson,
    OrgUnit,
    Person,
    Relation,
    RoleAssignment,
    User,
)
from treserva_desktop.db.passwords import hash_password
from treserva_desktop.demo import names
from treserva_desktop.domain.calendar import (
    add_working_days,
    latest_working_day,
    working_days_between,
)
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    BusinessArea,
    CaseKind,
    ExecutionStatus,
    IdentityKind,
    OrgUnitKind,
    RelationKind,
    Role,
    TimePer,
)
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.identity import luhn_check_digit, make_personal_number

log = logging.getLogger(__name__)

DEMO_PASSWORD = "demo"
DEMO_FLAG_KEY = "demo_data"
DEMO_SEED_KEY = "demo_seed"
LEGAL_BASIS = "4 kap. 1 § SoL"
# Waiting this many working days or more: overdue under any overdue limit of up to 3 working
# days, whatever weekday or holiday the demo is generated on.
OVERDUE_WORKING_DAYS = 4


class DemoError(DomainError):
    """Demo data cannot be generated into this database."""


class DemoAlreadyPresent(DemoError):
    """The database already holds persons or users (demo or real); nothing was written."""


class CodeListsMissing(DemoError):
    """The code lists from the migrations are missing: the database is not upgraded."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What was generated, as counts (safe to log and to show)."""

    seed: int
    today: date
    org_units: int
    users: int
    persons: int
    relations: int
    cases: int
    decisions: int
    interventions: int
    assignments: int
    received_assignments: int
    overdue_assignments: int
    executions: int
    messages: int
    my_persons: int

    def __str__(self) -> str:
        return (
            f"{self.persons} personer, {self.assignments} uppdrag "
            f"({self.received_assignments} nya, varav {self.overdue_assignments} försenade), "
            f"{self.executions} verkställigheter, {self.messages} meddelanden, "
            f"{self.users} användare (lösenord {DEMO_PASSWORD!r}); frö {self.seed}"
        )


def is_demo_database(session: Session) -> bool:
    """True when the database was filled by the demo generator."""
    value = session.scalar(select(AppSetting.value).where(AppSetting.key == DEMO_FLAG_KEY))
    return value == "1"


def has_any_data(session: Session) -> bool:
    """True when any person or user exists (a database one must not overwrite lightly)."""
    return bool(
        session.scalar(select(exists().where(Person.id.is_not(None))))
        or session.scalar(select(exists().where(User.id.is_not(None))))
    )


def make_coordination_number(born: date, serial3: int) -> str:
    """A valid 12-digit samordningsnummer (birth day + 60) for demo data."""
    day = born.day + 60
    nine = f"{born:%y%m}{day:02d}{serial3:03d}"
    return f"{born:%Y%m}{day:02d}{serial3:03d}{luhn_check_digit(nine)}"


# --- The organisation ---------------------------------------------------------------------

KOMMUNEN = "Kommunen"
AO_UTFORARE = "ÄO Utförare"
AO_HEMTJANST = "ÄO Hemtjänst"
HT_NORR = "Hemtjänst Norr"
NORR_1 = "Norr grupp 1"
NORR_2 = "Norr grupp 2"
HT_SODER = "Hemtjänst Söder"
SODER_A = "Söder grupp A"
SODER_B = "Söder grupp B"
HT_CENTRUM = "Hemtjänst Centrum"
AO_VARDBOENDE = "ÄO Vårdboende"
LINDGARDEN = "Lindgården"
SOLBACKA = "Solbacka"
AO_KORTTID = "ÄO Korttidsboende"
EKEN = "Korttidsboendet Eken"
MYNDIGHET = "Myndighet äldreomsorg"
BISTAND = "Biståndsenheten"

_K = OrgUnitKind
_A = BusinessArea
# (name, kind, parent, business area, is_provider), parents before children.
ORG_TREE: tuple[tuple[str, OrgUnitKind, str | None, BusinessArea | None, bool], ...] = (
    (KOMMUNEN, _K.MUNICIPALITY, None, None, True),
    (AO_UTFORARE, _K.DEPARTMENT, KOMMUNEN, None, True),
    (AO_HEMTJANST, _K.BRANCH, AO_UTFORARE, _A.HOME_CARE, True),
    (HT_NORR, _K.UNIT, AO_HEMTJANST, _A.HOME_CARE, True),
    (NORR_1, _K.SUBUNIT, HT_NORR, _A.HOME_CARE, True),
    (NORR_2, _K.SUBUNIT, HT_NORR, _A.HOME_CARE, True),
    (HT_SODER, _K.UNIT, AO_HEMTJANST, _A.HOME_CARE, True),
    (SODER_A, _K.SUBUNIT, HT_SODER, _A.HOME_CARE, True),
    (SODER_B, _K.SUBUNIT, HT_SODER, _A.HOME_CARE, True),
    (HT_CENTRUM, _K.UNIT, AO_HEMTJANST, _A.HOME_CARE, True),
    (AO_VARDBOENDE, _K.BRANCH, AO_UTFORARE, _A.NURSING_HOME, True),
    (LINDGARDEN, _K.UNIT, AO_VARDBOENDE, _A.NURSING_HOME, True),
    (SOLBACKA, _K.UNIT, AO_VARDBOENDE, _A.NURSING_HOME, True),
    (AO_KORTTID, _K.BRANCH, AO_UTFORARE, _A.SHORT_TERM, True),
    (EKEN, _K.UNIT, AO_KORTTID, _A.SHORT_TERM, True),
    (MYNDIGHET, _K.DEPARTMENT, KOMMUNEN, _A.AUTHORITY, False),
    (BISTAND, _K.UNIT, MYNDIGHET, _A.AUTHORITY, False),
)

# The unit that receives the assignment for each performing unit.
_RECEIVER_OF = {
    NORR_1: HT_NORR,
    NORR_2: HT_NORR,
    SODER_A: HT_SODER,
    SODER_B: HT_SODER,
    HT_CENTRUM: HT_CENTRUM,
    LINDGARDEN: LINDGARDEN,
    SOLBACKA: SOLBACKA,
    EKEN: EKEN,
}
_BILLING_AREA_OF = {
    HT_NORR: "HT-N",
    HT_SODER: "HT-S",
    HT_CENTRUM: "HT-C",
    LINDGARDEN: "SÄBO",
    SOLBACKA: "SÄBO",
    EKEN: "KORT",
}

# --- Users ------------------------------------------------------------------------------------

VERKSAMHETSCHEF = "verksamhetschef"
GRUPPCHEF = "gruppchef"
SAMORDNARE = "samordnare"
PERSONAL = "personal"
HANDLAGGARE = "handlaggare"
SJUKSKOTERSKA = "sjukskoterska"
ADMIN = "admin"

# (username, display name, title, grants)
DEMO_USERS: tuple[tuple[str, str, str, tuple[tuple[Role, str], ...]], ...] = (
    (
        VERKSAMHETSCHEF,
        "Karin Lundqvist",
        "Verksamhetschef",
        (
            (Role.OPERATIONS_MANAGER, AO_HEMTJANST),
            (Role.OPERATIONS_MANAGER, AO_VARDBOENDE),
            (Role.OPERATIONS_MANAGER, AO_KORTTID),
        ),
    ),
    (GRUPPCHEF, "Anders Holmgren", "Gruppchef", ((Role.GROUP_MANAGER, HT_NORR),)),
    (
        SAMORDNARE,
        "Sara Nyberg",
        "Samordnare",
        ((Role.COORDINATOR, HT_NORR), (Role.COORDINATOR, HT_SODER)),
    ),
    (PERSONAL, "Amina Hassan", "Undersköterska", ((Role.CARE_STAFF, NORR_1),)),
    (HANDLAGGARE, "Johan Ekström", "Biståndshandläggare", ((Role.NEEDS_ASSESSOR, BISTAND),)),
    (SJUKSKOTERSKA, "Maria Sandberg", "Distriktssköterska", ((Role.NURSE, AO_HEMTJANST),)),
    (ADMIN, "Per Axelsson", "Systemförvaltare", ((Role.ADMINISTRATOR, KOMMUNEN),)),
)
DEMO_USERNAMES: tuple[str, ...] = tuple(spec[0] for spec in DEMO_USERS)

# Who handles an assignment received at each unit (accepts it, reads it).
_MANAGER_OF = {
    HT_NORR: GRUPPCHEF,
    HT_SODER: SAMORDNARE,
    HT_CENTRUM: VERKSAMHETSCHEF,
    LINDGARDEN: VERKSAMHETSCHEF,
    SOLBACKA: VERKSAMHETSCHEF,
    EKEN: VERKSAMHETSCHEF,
}
# Who gets the Inkorg message about a new assignment at each receiving unit.
_NOTIFIED_AT = {
    HT_NORR: (VERKSAMHETSCHEF, GRUPPCHEF, SAMORDNARE),
    HT_SODER: (VERKSAMHETSCHEF, SAMORDNARE),
    HT_CENTRUM: (VERKSAMHETSCHEF,),
    LINDGARDEN: (VERKSAMHETSCHEF,),
    SOLBACKA: (VERKSAMHETSCHEF,),
    EKEN: (VERKSAMHETSCHEF,),
}

# --- How persons are spread -------------------------------------------------------------------


class _Fate(Enum):
    RECEIVED = "received"  # assignment still in Nya uppdrag
    ONGOING = "ongoing"  # accepted, rows running
    REVISED = "revised"  # accepted, a revoked row followed by a new one (time change)
    PLANNED = "planned"  # accepted, rows start in the future
    UNDER_DISTRIBUTION = "under_distribution"  # accepted, rows not yet sent to Genomförande
    ENDED = "ended"  # every row ended in the last 60 days


# Cycled per fate, so every share is met even for small municipalities: the first ongoing
# person is in home care at Norr grupp 1 (where the `personal` user works).
_AREA_CYCLE = (
    _A.HOME_CARE,
    _A.HOME_CARE,
    _A.NURSING_HOME,
    _A.HOME_CARE,
    _A.HOME_CARE,
    _A.SHORT_TERM,
    _A.HOME_CARE,
    _A.NURSING_HOME,
    _A.HOME_CARE,
    _A.HOME_CARE,
)
# Rows are only ever placed on units without sub-units (a unit with sub-units distributes to
# its underenheter); the assignment itself may still be received by the parent unit.
_HOME_PERFORMER_CYCLE = (
    NORR_1,
    SODER_A,
    HT_CENTRUM,
    NORR_2,
    SODER_B,
    NORR_1,
    SODER_A,
    NORR_2,
    HT_CENTRUM,
    SODER_B,
)
_NURSING_CYCLE = (LINDGARDEN, SOLBACKA)
_RECEIVED_UNIT_CYCLE = (HT_NORR, HT_SODER, HT_NORR, HT_CENTRUM, HT_SODER)
# Where a still-received assignment would be carried out (it has no rows yet).
_RECEIVED_PERFORMER_OF = {HT_NORR: NORR_1, HT_SODER: SODER_A, HT_CENTRUM: HT_CENTRUM}
# For RECEIVED assignments: overdue (waiting 4–8 working days) or fresh (0–1 working days).
_RECEIVED_OVERDUE_CYCLE = (True, False, True, False, True, False, False)

# Home-care interventions and how likely each is in a person's decision.
_HOME_CARE_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("personal_care", 70),
    ("service", 55),
    ("safety_alarm", 50),
    ("meal_delivery", 25),
    ("escort", 8),
    ("relief", 8),
    ("day_activity", 8),
)
# Granted time in 30-minute steps: (lowest steps, highest steps, per).
_GRANTED_TIME: dict[str, tuple[int, int, TimePer]] = {
    "personal_care": (10, 50, TimePer.WEEK),  # 5–25 h/week
    "service": (4, 20, TimePer.MONTH),  # 2–10 h/month
    "escort": (4, 16, TimePer.MONTH),  # 2–8 h/month
    "relief": (4, 16, TimePer.WEEK),  # 2–8 h/week
}
_REQUIRED_TYPES = frozenset(
    [code for code, _ in _HOME_CARE_WEIGHTS]
    + ["special_housing", "short_term_stay", "respite_care"]
)

_RELATION_KIND_WEIGHTS: tuple[tuple[RelationKind, int], ...] = (
    (RelationKind.NEXT_OF_KIN, 75),
    (RelationKind.GUARDIAN, 10),
    (RelationKind.ADMINISTRATOR, 2),
    (RelationKind.REFERENCE_PERSON, 8),
    (RelationKind.CONTACT_PERSON, 5),
)


# Insert order: every table after the tables its foreign keys point to.
_WRITE_ORDER: tuple[type[Base], ...] = (
    AppSetting,
    OrgUnit,
    User,
    RoleAssignment,
    Person,
    Relation,
    Case,
    Decision,
    Intervention,
    Assignment,
    AssignmentItem,
    Execution,
    Message,
    MessageRecipient,
    MyPerson,
)


def _fate_counts(persons: int) -> dict[_Fate, int]:
    if persons < 10:
        order = (
            _Fate.ONGOING,
            _Fate.RECEIVED,
            _Fate.RECEIVED,
            _Fate.ONGOING,
            _Fate.RECEIVED,
            _Fate.ENDED,
            _Fate.ONGOING,
            _Fate.REVISED,
            _Fate.PLANNED,
        )
        counts = dict.fromkeys(_Fate, 0)
        for fate in order[:persons]:
            counts[fate] += 1
        return counts
    counts = {
        _Fate.RECEIVED: max(3, round(persons * 0.12)),
        _Fate.ENDED: round(persons * 0.10),
        _Fate.REVISED: max(1, round(persons * 0.04)),
        _Fate.PLANNED: max(1, round(persons * 0.03)),
        _Fate.UNDER_DISTRIBUTION: max(1, round(persons * 0.03)),
    }
    counts[_Fate.ONGOING] = persons - sum(counts.values())
    return counts


# --- Plans (plain values drawn first; ORM rows are built from them) ----------------------------


@dataclass(slots=True)
class _RowPlan:
    start: date
    end: date | None
    minutes: int | None
    status: ExecutionStatus
    end_reason: str = ""
    replaces_previous: bool = False


@dataclass(slots=True)
class _InterventionPlan:
    type_code: str
    granted_minutes: int | None
    granted_per: TimePer | None
    description: str
    rows: list[_RowPlan] = field(default_factory=list)


@dataclass(slots=True)
class _PersonPlan:
    person: Person
    fate: _Fate
    area: BusinessArea
    receiver: str
    performer: str
    case_opened: date
    case_closed: date | None
    close_reason: str
    decided_on: date
    period_start: date
    period_end: date | None
    sent_at: datetime
    goals: str
    interventions: list[_InterventionPlan]
    status: AssignmentStatus
    first_read_at: datetime | None = None
    first_read_by: str | None = None
    accepted_at: datetime | None = None
    accepted_by: str | None = None
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    # Filled while writing.
    assignment_id: int = 0


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _one_year_from(start: date) -> date:
    """The last day of a one-year period starting on `start`."""
    return _years_before(start, -1) - timedelta(days=1)


class _Generator:
    def __init__(self, session: Session, persons: int, seed: int, today: date) -> None:
        self.session = session
        self.count = persons
        self.seed = seed
        self.today = today
        self.now = datetime.combine(today, time(9, 0), UTC)
        self.rng = random.Random(seed)
        self.units: dict[str, OrgUnit] = {}
        self.users: dict[str, User] = {}
        self.types: dict[str, InterventionType] = {}
        self.billing_codes: set[str] = set()
        self.used_numbers: set[str] = set()
        self.plans: list[_PersonPlan] = []
        # New rows per table, inserted table by table in this (foreign-key) order.
        self.rows: dict[type[Base], list[Base]] = {model: [] for model in _WRITE_ORDER}
        self.last_id: dict[type[Base], int] = {}

    # -- helpers ------------------------------------------------------------------------------

    def _reserve_ids(self) -> None:
        """Primary keys are assigned here, so inserts batch without fetching ids back."""
        for model in _WRITE_ORDER:
            if model is not AppSetting:
                column = model.__table__.c.id
                self.last_id[model] = self.session.scalar(select(func.max(column))) or 0

    def _id(self, model: type[Base]) -> int:
        self.last_id[model] += 1
        return self.last_id[model]

    def _keep(self, row: Base) -> None:
        self.rows[type(row)].append(row)

    def _at(self, day: date, earliest_hour: int = 7, latest_hour: int = 16) -> datetime:
        """A working-hours moment on `day`, never after `now`."""
        if day >= self.today:
            latest_hour = min(latest_hour, self.now.hour - 1)
            earliest_hour = min(earliest_hour, latest_hour)
        moment = datetime.combine(
            day,
            time(self.rng.randint(earliest_hour, latest_hour), self.rng.randrange(0, 60, 5)),
            UTC,
        )
        return min(moment, self.now - timedelta(minutes=30))

    def _later(self, moment: datetime, max_hours: int) -> datetime:
        """A moment up to `max_hours` after `moment`, never after `now`."""
        later = moment + timedelta(minutes=self.rng.randint(20, max_hours * 60))
        return min(later, self.now - timedelta(minutes=10))

    def _phone(self) -> str:
        if self.rng.random() < 0.5:
            low, high = names.MOBILE_RANGE
            return f"{names.MOBILE_PREFIX} {self.rng.randint(low, high):02d}"
        return f"{self.rng.choice(names.LANDLINE_PREFIXES)} {self.rng.randint(0, 99):02d}"

    def _street(self) -> str:
        number = str(self.rng.randint(1, 64))
        if self.rng.random() < 0.1:
            number += self.rng.choice("AB")
        return f"{self.rng.choice(names.STREETS)} {number}"

    def _weighted_sample(self, weighted: Sequence[tuple[str, int]], k: int) -> list[str]:
        pool = list(weighted)
        chosen: list[str] = []
        for _ in range(min(k, len(pool))):
            pick = self.rng.choices(range(len(pool)), weights=[w for _, w in pool])[0]
            chosen.append(pool.pop(pick)[0])
        return chosen

    # -- reference data -----------------------------------------------------------------------

    def load_code_lists(self) -> None:
        self.types = {t.code: t for t in self.session.scalars(select(InterventionType))}
        self.billing_codes = set(self.session.scalars(select(BillingArea.code)))
        missing = _REQUIRED_TYPES - self.types.keys()
        if missing or not set(_BILLING_AREA_OF.values()) <= self.billing_codes:
            raise CodeListsMissing(
                "Kodlistorna för insatser och debiteringsområden saknas. "
                "Uppgradera databasen innan demodata skapas."
            )

    def add_settings(self) -> None:
        self._keep(AppSetting(key=DEMO_FLAG_KEY, value="1"))
        self._keep(AppSetting(key=DEMO_SEED_KEY, value=str(self.seed)))

    def add_org_tree(self) -> None:
        siblings: dict[str | None, int] = {}
        for index, (name, kind, parent, area, provider) in enumerate(ORG_TREE):
            order = siblings.get(parent, 0)
            siblings[parent] = order + 1
            unit = OrgUnit(
                id=self._id(OrgUnit),
                parent_id=self.units[parent].id if parent else None,
                name=name,
                kind=kind,
                business_area=area,
                is_provider=provider,
                phone=f"{names.UNIT_PHONE_PREFIX} {index:02d}",
                sort_order=order,
            )
            self._keep(unit)
            self.units[name] = unit

    def add_users(self) -> None:
        password_hash = hash_password(DEMO_PASSWORD)  # scrypt once, shared by the demo users
        for username, display_name, title, grants in DEMO_USERS:
            user = User(
                id=self._id(User),
                username=username,
                display_name=display_name,
                title=title,
                password_hash=password_hash,
                active=True,
                failed_logins=0,
            )
            self._keep(user)
            self.users[username] = user
            for role, unit_name in grants:
                self._keep(
                    RoleAssignment(
                        id=self._id(RoleAssignment),
                        user_id=user.id,
                        role=role,
                        unit_id=self.units[unit_name].id,
                    )
                )

    # -- persons ------------------------------------------------------------------------------

    def plan_persons(self) -> None:
        fates: list[_Fate] = []
        for fate, number in _fate_counts(self.count).items():
            fates.extend([fate] * number)
        # The first person stays ongoing in home care at Norr grupp 1; shuffle the rest.
        head, tail = fates[:1], fates[1:]
        if head and head[0] is not _Fate.ONGOING and _Fate.ONGOING in tail:
            tail[tail.index(_Fate.ONGOING)] = head[0]
            head = [_Fate.ONGOING]
        self.rng.shuffle(tail)
        counters = dict.fromkeys(_Fate, 0)
        home_counters = dict.fromkeys(_Fate, 0)
        nursing_counter = 0
        for fate in head + tail:
            seq = counters[fate]
            counters[fate] += 1
            if fate is _Fate.RECEIVED:
                area = _A.HOME_CARE
                receiver = _RECEIVED_UNIT_CYCLE[seq % len(_RECEIVED_UNIT_CYCLE)]
                performer = _RECEIVED_PERFORMER_OF[receiver]
            else:
                area = _A.HOME_CARE if fate is _Fate.REVISED else _AREA_CYCLE[seq % 10]
                if area is _A.HOME_CARE:
                    hseq = home_counters[fate]
                    home_counters[fate] += 1
                    performer = _HOME_PERFORMER_CYCLE[hseq % len(_HOME_PERFORMER_CYCLE)]
                elif area is _A.NURSING_HOME:
                    performer = _NURSING_CYCLE[nursing_counter % 2]
                    nursing_counter += 1
                else:
                    performer = EKEN
                receiver = _RECEIVER_OF[performer]
            person = self._make_person(receiver)
            self.plans.append(self._plan(person, fate, area, receiver, performer, seq))

    def _make_person(self, receiver: str) -> Person:
        rng = self.rng
        woman = rng.random() < 0.62
        first = rng.choice(names.WOMEN_FIRST_NAMES if woman else names.MEN_FIRST_NAMES)
        last = rng.choice(names.LAST_NAMES)
        age = min(102, int(rng.triangular(65, 103, 86)))
        latest = _years_before(self.today, age)
        earliest = _years_before(self.today, age + 1) + timedelta(days=1)
        born = date.fromordinal(rng.randint(earliest.toordinal(), latest.toordinal()))
        coordination = rng.random() < 0.03
        while True:
            gender_digit = rng.choice((0, 2, 4, 6, 8) if woman else (1, 3, 5, 7, 9))
            serial = rng.randint(0, 99) * 10 + gender_digit
            number = (
                make_coordination_number(born, serial)
                if coordination
                else make_personal_number(born, serial)
            )
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                break
        billing = None if rng.random() < 0.15 else _BILLING_AREA_OF[receiver]
        person = Person(
            id=self._id(Person),
            identity_number=number,
            identity_kind=IdentityKind.COORDINATION if coordination else IdentityKind.PERSONAL,
            first_name=first,
            last_name=last,
            protected_identity=rng.random() < 0.02,
            street=self._street(),
            postal_code=(f"{rng.choice(names.TOWN_POSTAL_PREFIXES)} {rng.randint(20, 79):02d}"),
            city=names.TOWN,
            phone=self._phone() if rng.random() < 0.92 else "",
            billing_area_code=billing,
            is_test_data=True,
        )
        self._keep(person)
        self._add_relations(person)
        return person

    def _add_relations(self, person: Person) -> None:
        rng = self.rng
        count = rng.choices((0, 1, 2), weights=(25, 45, 30))[0]
        has_invoice_recipient = False
        kinds = [kind for kind, _ in _RELATION_KIND_WEIGHTS]
        weights = [weight for _, weight in _RELATION_KIND_WEIGHTS]
        for _ in range(count):
            kind = rng.choices(kinds, weights=weights)[0]
            woman = rng.random() < 0.5
            first = rng.choice(
                names.RELATION_WOMEN_FIRST_NAMES if woman else names.RELATION_MEN_FIRST_NAMES
            )
            same_family = kind is RelationKind.NEXT_OF_KIN and rng.random() < 0.6
            last = person.last_name if same_family else rng.choice(names.LAST_NAMES)
            legal = kind in (RelationKind.GUARDIAN, RelationKind.ADMINISTRATOR)
            invoice = not has_invoice_recipient and rng.random() < (0.7 if legal else 0.15)
            with_address = invoice or legal or rng.random() < 0.85
            street = postal_code = city = ""
            if with_address:
                city, prefix = rng.choice(names.RELATION_PLACES)
                street = self._street()
                postal_code = f"{prefix} {rng.randint(10, 89):02d}"
            has_invoice_recipient = has_invoice_recipient or invoice
            self._keep(
                Relation(
                    id=self._id(Relation),
                    person_id=person.id,
                    kind=kind,
                    name=f"{first} {last}",
                    phone=self._phone(),
                    street=street,
                    postal_code=postal_code,
                    city=city,
                    is_invoice_recipient=invoice,
                    active=True,
                )
            )

    def _interventions(self, area: BusinessArea, fate: _Fate) -> list[_InterventionPlan]:
        rng = self.rng
        if area is _A.NURSING_HOME:
            codes = ["special_housing"]
        elif area is _A.SHORT_TERM:
            codes = ["short_term_stay" if rng.random() < 0.75 else "respite_care"]
        else:
            k = rng.choices((1, 2, 3), weights=(35, 40, 25))[0]
            picked = set(self._weighted_sample(_HOME_CARE_WEIGHTS, k))
            if fate is _Fate.REVISED:
                picked.add("personal_care")
            codes = [code for code, _ in _HOME_CARE_WEIGHTS if code in picked]
        plans = []
        for code in codes:
            minutes: int | None = None
            per: TimePer | None = None
            if code in _GRANTED_TIME:
                low, high, per = _GRANTED_TIME[code]
                minutes = rng.randint(low, high) * 30
            description = rng.choice(names.INTERVENTION_DESCRIPTIONS[code])
            plans.append(_InterventionPlan(code, minutes, per, description))
        return plans

    def _allotted(self, granted: int | None) -> int | None:
        """Allotted time for a row: usually the granted time, sometimes less."""
        if granted is None:
            return None
        if self.rng.random() < 0.7:
            return granted
        steps = granted // 30
        return 30 * self.rng.randint(max(1, steps * 2 // 3), steps)

    def _plan(
        self,
        person: Person,
        fate: _Fate,
        area: BusinessArea,
        receiver: str,
        performer: str,
        seq: int,
    ) -> _PersonPlan:
        rng = self.rng
        today = self.today
        short_term = area is _A.SHORT_TERM
        interventions = self._interventions(area, fate)
        goals = " ".join(rng.sample(names.GOALS[area], rng.randint(1, 3)))
        period_end: date | None = None
        row_end: date | None = None
        end_reason = ""

        # Decision dates per fate; rows run from `row_start` to `row_end`.
        if fate is _Fate.RECEIVED:
            overdue = _RECEIVED_OVERDUE_CYCLE[seq % len(_RECEIVED_OVERDUE_CYCLE)]
            waited = rng.randint(OVERDUE_WORKING_DAYS, 8) if overdue else rng.randint(0, 1)
            sent_day = add_working_days(latest_working_day(today), -waited)
            decided_on = sent_day
            period_start = decided_on + timedelta(days=rng.randint(0, 3))
            if rng.random() < 0.4:
                period_end = _one_year_from(period_start)
        elif fate is _Fate.ENDED:
            row_end = today - timedelta(days=rng.randint(1, 60))
            end_reason = rng.choice(names.END_REASONS)
            if short_term:
                period_start = row_end - timedelta(days=rng.randint(7, 40))
                period_end = row_end
            else:
                period_start = row_end - timedelta(days=rng.randint(30, 900))
                if end_reason == "Beslut upphört":
                    period_end = row_end
            decided_on = period_start - timedelta(days=rng.randint(1, 5))
            sent_day = decided_on
        elif fate is _Fate.PLANNED:
            decided_on = today - timedelta(days=rng.randint(1, 10))
            sent_day = decided_on
            period_start = today + timedelta(days=rng.randint(3, 21))
            if short_term:
                period_end = period_start + timedelta(days=rng.randint(7, 28))
            elif rng.random() < 0.4:
                period_end = _one_year_from(period_start)
        elif fate is _Fate.UNDER_DISTRIBUTION:
            decided_on = today - timedelta(days=rng.randint(2, 6))
            sent_day = decided_on
            period_start = decided_on + timedelta(days=rng.randint(0, 2))
            if short_term:
                period_end = today + timedelta(days=rng.randint(7, 28))
            elif rng.random() < 0.4:
                period_end = _one_year_from(period_start)
        else:  # ONGOING, REVISED
            if short_term:
                period_start = today - timedelta(days=rng.randint(3, 40))
                period_end = today + timedelta(days=rng.randint(3, 30))
                decided_on = period_start - timedelta(days=rng.randint(1, 5))
            else:
                recent = fate is _Fate.ONGOING and rng.random() < 0.15
                days_ago = rng.randint(3, 14) if recent else int(rng.triangular(60, 1500, 200))
                decided_on = today - timedelta(days=days_ago)
                period_start = decided_on + timedelta(days=rng.randint(0, 2))
                one_year = _one_year_from(period_start)
                if one_year >= today + timedelta(days=7) and rng.random() < 0.4:
                    period_end = one_year
            sent_day = decided_on
        row_end = row_end if fate is _Fate.ENDED else period_end

        sent_at = self._at(sent_day)
        plan = _PersonPlan(
            person=person,
            fate=fate,
            area=area,
            receiver=receiver,
            performer=performer,
            case_opened=decided_on - timedelta(days=rng.randint(7, 35)),
            case_closed=row_end if fate is _Fate.ENDED else None,
            close_reason=end_reason,
            decided_on=decided_on,
            period_start=period_start,
            period_end=period_end,
            sent_at=sent_at,
            goals=goals,
            interventions=interventions,
            status=AssignmentStatus.RECEIVED,
        )
        manager = _MANAGER_OF[receiver]
        if fate is _Fate.RECEIVED:
            if seq % 4 == 2:  # a few have been opened (Läs uppdrag) but not accepted
                plan.first_read_at = self._later(sent_at, 4)
                plan.first_read_by = manager
            return plan

        # Accepted: read, accepted and distributed within a few days of arriving.
        plan.status = AssignmentStatus.ENDED if fate is _Fate.ENDED else AssignmentStatus.ACCEPTED
        accept_day = min(sent_day + timedelta(days=rng.randint(0, 2)), today)
        if fate is _Fate.ENDED or short_term:
            accept_day = min(accept_day, period_start)
        accepted_at = max(self._at(accept_day), sent_at + timedelta(minutes=15))
        plan.accepted_at = accepted_at
        plan.accepted_by = manager
        plan.first_read_at = sent_at + (accepted_at - sent_at) / 2
        plan.first_read_by = manager
        row_start = max(period_start, accepted_at.date())

        if fate is _Fate.UNDER_DISTRIBUTION:
            status = ExecutionStatus.UNDER_DISTRIBUTION
        elif fate is _Fate.PLANNED:
            status = ExecutionStatus.SENT_TO_EXECUTION
        else:
            recently = (self.now - accepted_at) < timedelta(days=10)
            acknowledged = rng.random() < (0.3 if recently else 0.95)
            status = ExecutionStatus.SENT_TO_EXECUTION
            if acknowledged:
                status = ExecutionStatus.ACKNOWLEDGED
                plan.acknowledged_at = self._later(accepted_at, 48)
                plan.acknowledged_by = PERSONAL if performer == NORR_1 else manager

        for intervention in interventions:
            minutes = self._allotted(intervention.granted_minutes)
            if (
                fate is _Fate.REVISED
                and intervention.type_code == "personal_care"
                and intervention.granted_minutes is not None
                and (today - row_start).days >= 10
            ):
                # Time changed: the first row revoked on `changed`, a new one from the next day.
                granted = intervention.granted_minutes
                lower = max(30, 30 * (granted // 30 * 2 // 3))
                first_minutes, second_minutes = (lower, granted)
                if rng.random() < 0.5:
                    first_minutes, second_minutes = second_minutes, first_minutes
                latest_change = (today - row_start).days - 1
                changed = today - timedelta(days=rng.randint(3, min(60, latest_change)))
                intervention.rows.append(
                    _RowPlan(
                        row_start,
                        changed,
                        first_minutes,
                        ExecutionStatus.REVOKED,
                        end_reason="Ändrad tidsåtgång",
                    )
                )
                intervention.rows.append(
                    _RowPlan(
                        changed + timedelta(days=1),
                        row_end,
                        second_minutes,
                        status,
                        replaces_previous=True,
                    )
                )
                continue
            intervention.rows.append(_RowPlan(row_start, row_end, minutes, status, end_reason))
        return plan

    # -- writing ------------------------------------------------------------------------------

    def write_persons(self) -> None:
        assessor_id = self.users[HANDLAGGARE].id
        for plan in self.plans:
            case = Case(
                id=self._id(Case),
                person_id=plan.person.id,
                kind=CaseKind.SOL_DECISION,
                opened_on=plan.case_opened,
                closed_on=plan.case_closed,
                close_reason=plan.close_reason,
                responsible_user_id=assessor_id,
            )
            decision = Decision(
                id=self._id(Decision),
                case_id=case.id,
                decided_on=plan.decided_on,
                period_start=plan.period_start,
                period_end=plan.period_end,
                legal_basis=LEGAL_BASIS,
                decided_by_user_id=assessor_id,
            )
            assignment = Assignment(
                id=self._id(Assignment),
                person_id=plan.person.id,
                decision_id=decision.id,
                receiver_unit_id=self.units[plan.receiver].id,
                sender_user_id=assessor_id,
                kind=AssignmentKind.NEW,
                status=plan.status,
                sent_at=plan.sent_at,
                goals=plan.goals,
                first_read_at=plan.first_read_at,
                first_read_by_user_id=self._user_id(plan.first_read_by),
                accepted_at=plan.accepted_at,
                accepted_by_user_id=self._user_id(plan.accepted_by),
            )
            plan.assignment_id = assignment.id
            for row in (case, decision, assignment):
                self._keep(row)
            for spec in plan.interventions:
                intervention = Intervention(
                    id=self._id(Intervention),
                    decision_id=decision.id,
                    type_code=spec.type_code,
                    granted_minutes=spec.granted_minutes,
                    granted_per=spec.granted_per,
                    description=spec.description,
                )
                self._keep(intervention)
                self._keep(
                    AssignmentItem(
                        id=self._id(AssignmentItem),
                        assignment_id=assignment.id,
                        intervention_id=intervention.id,
                    )
                )
                self._write_executions(plan, spec, intervention.id)

    def _user_id(self, username: str | None) -> int | None:
        return self.users[username].id if username else None

    def _write_executions(
        self, plan: _PersonPlan, spec: _InterventionPlan, intervention_id: int
    ) -> None:
        previous_id: int | None = None
        for row in spec.rows:
            acknowledged_at = plan.acknowledged_at
            created_at = plan.accepted_at or plan.sent_at
            if row.replaces_previous:
                # Registered on the day of the change, acknowledged a little later.
                created_at = datetime.combine(row.start - timedelta(days=1), time(13), UTC)
                if acknowledged_at is not None:
                    acknowledged_at = created_at + timedelta(hours=3)
            acknowledged = acknowledged_at is not None and row.status in (
                ExecutionStatus.ACKNOWLEDGED,
                ExecutionStatus.REVOKED,
            )
            execution = Execution(
                id=self._id(Execution),
                assignment_id=plan.assignment_id,
                intervention_id=intervention_id,
                person_id=plan.person.id,
                unit_id=self.units[plan.performer].id,
                start_date=row.start,
                end_date=row.end,
                minutes=row.minutes,
                per=spec.granted_per if row.minutes is not None else None,
                status=row.status,
                end_reason=row.end_reason,
                replaces_execution_id=previous_id if row.replaces_previous else None,
                created_at=min(created_at, self.now),
                created_by_user_id=self._user_id(plan.accepted_by),
                acknowledged_at=acknowledged_at if acknowledged else None,
                acknowledged_by_user_id=(
                    self._user_id(plan.acknowledged_by) if acknowledged else None
                ),
            )
            self._keep(execution)
            previous_id = execution.id

    def _message(
        self,
        sender: str,
        subject: str,
        body: str,
        sent_at: datetime,
        recipients: dict[str, datetime | None],
        *,
        person_id: int | None = None,
        assignment_id: int | None = None,
    ) -> None:
        message = Message(
            id=self._id(Message),
            sender_user_id=self.users[sender].id,
            subject=subject,
            body=body,
            sent_at=sent_at,
            person_id=person_id,
            assignment_id=assignment_id,
        )
        self._keep(message)
        for username, read_at in recipients.items():
            self._keep(
                MessageRecipient(
                    id=self._id(MessageRecipient),
                    message_id=message.id,
                    user_id=self.users[username].id,
                    read_at=read_at,
                )
            )

    # -- messages and personal lists ----------------------------------------------------------

    def _waited(self, plan: _PersonPlan) -> int:
        """Working days a received assignment has waited, counted as the overdue rule counts."""
        return working_days_between(plan.sent_at.date(), self.today)

    def write_messages(self) -> None:
        for plan in self.plans:
            if plan.status is not AssignmentStatus.RECEIVED:
                continue
            type_names = ", ".join(self.types[i.type_code].name for i in plan.interventions)
            overdue = self._waited(plan) >= OVERDUE_WORKING_DAYS
            recipients: dict[str, datetime | None] = {}
            for username in _NOTIFIED_AT[plan.receiver]:
                read_at = None
                if username == plan.first_read_by and plan.first_read_at is not None:
                    read_at = plan.first_read_at
                elif overdue and self.rng.random() < 0.5:
                    read_at = self._later(plan.sent_at, 24)
                recipients[username] = read_at
            self._message(
                HANDLAGGARE,
                f"Nytt uppdrag: {type_names}",
                f"Ett nytt uppdrag har skickats till {plan.receiver}. "
                "Du hittar det under Nya uppdrag. Läs uppdraget och acceptera och "
                "fördela det så snart som möjligt.",
                plan.sent_at,
                recipients,
                person_id=plan.person.id,
                assignment_id=plan.assignment_id,
            )
        self._general_messages()

    def _general_messages(self) -> None:
        def at(days_ago: int, hour: int) -> datetime:
            return datetime.combine(self.today - timedelta(days=days_ago), time(hour, 0), UTC)

        def read(sent_at: datetime, readers: dict[str, bool]) -> dict[str, datetime | None]:
            return {
                name: sent_at + timedelta(hours=2) if r else None for name, r in readers.items()
            }

        sent_at = at(5, 8)
        self._message(
            ADMIN,
            "Driftinformation: systemuppdatering",
            "Treserva uppdateras tisdag kväll kl. 18–20. Spara ditt arbete och logga ut "
            "innan dess. Inga uppgifter påverkas.",
            sent_at,
            read(
                sent_at,
                {
                    VERKSAMHETSCHEF: True,
                    GRUPPCHEF: True,
                    SAMORDNARE: False,
                    PERSONAL: False,
                    SJUKSKOTERSKA: True,
                    HANDLAGGARE: True,
                },
            ),
        )
        sent_at = at(2, 7)
        self._message(
            VERKSAMHETSCHEF,
            "Arbetsplatsträff på torsdag",
            "Vi ses i konferensrummet på Storgatan 12 kl. 13.00. Dagordning: "
            "brandskydd, semesterplanering och genomgång av avvikelser.",
            sent_at,
            read(sent_at, {GRUPPCHEF: True, SAMORDNARE: False}),
        )
        norr = [p for p in self.plans if p.fate is _Fate.ONGOING and p.receiver == HT_NORR]
        if norr:
            sent_at = at(1, 8)
            self._message(
                SJUKSKOTERSKA,
                "Läkemedelsgenomgång",
                "Läkemedelsgenomgång är inbokad nästa vecka. Se till att dosetten och "
                "signeringslistan finns tillgängliga vid besöket.",
                sent_at,
                read(sent_at, {GRUPPCHEF: False, SAMORDNARE: False}),
                person_id=norr[0].person.id,
            )
        soder = [p for p in self.plans if p.fate is _Fate.ONGOING and p.receiver == HT_SODER]
        if soder:
            sent_at = at(8, 7)
            self._message(
                HANDLAGGARE,
                "Uppföljning av beslut",
                "Beslutet ska följas upp inom kort. Hör gärna av dig om behoven har "
                "förändrats sedan uppdraget började.",
                sent_at,
                read(sent_at, {SAMORDNARE: True, VERKSAMHETSCHEF: False}),
                person_id=soder[0].person.id,
            )

    def write_my_persons(self) -> None:
        running = [
            plan
            for plan in self.plans
            if plan.fate in (_Fate.ONGOING, _Fate.REVISED) and plan.acknowledged_at is not None
        ]
        choices = {
            PERSONAL: [p for p in running if p.performer == NORR_1][:6],
            SAMORDNARE: [p for p in running if p.receiver in (HT_NORR, HT_SODER)][::3][:8],
        }
        for username, plans in choices.items():
            for plan in plans:
                assert plan.acknowledged_at is not None
                self._keep(
                    MyPerson(
                        id=self._id(MyPerson),
                        user_id=self.users[username].id,
                        person_id=plan.person.id,
                        added_at=plan.acknowledged_at,
                    )
                )

    def flush(self) -> None:
        """Insert table by table (foreign keys first), each as one batched statement."""
        for model in _WRITE_ORDER:
            if self.rows[model]:
                self.session.add_all(self.rows[model])
                self.session.flush()
        if self.session.get_bind().dialect.name == "postgresql":
            # Keys were assigned here: move each id sequence past them.
            for model in _WRITE_ORDER:
                if model is not AppSetting:
                    table = model.__tablename__
                    self.session.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                        )
                    )

    def run(self) -> DemoSummary:
        self.load_code_lists()
        self._reserve_ids()
        self.add_settings()
        self.add_org_tree()
        self.add_users()
        self.plan_persons()
        self.write_persons()
        self.write_messages()
        self.write_my_persons()
        self.flush()
        received = [p for p in self.plans if p.status is AssignmentStatus.RECEIVED]
        overdue = [p for p in received if self._waited(p) >= OVERDUE_WORKING_DAYS]
        return DemoSummary(
            seed=self.seed,
            today=self.today,
            org_units=len(self.rows[OrgUnit]),
            users=len(self.rows[User]),
            persons=len(self.rows[Person]),
            relations=len(self.rows[Relation]),
            cases=len(self.rows[Case]),
            decisions=len(self.rows[Decision]),
            interventions=len(self.rows[Intervention]),
            assignments=len(self.rows[Assignment]),
            received_assignments=len(received),
            overdue_assignments=len(overdue),
            executions=len(self.rows[Execution]),
            messages=len(self.rows[Message]),
            my_persons=len(self.rows[MyPerson]),
        )


def generate_demo(
    session: Session, *, persons: int = 60, seed: int = 1, today: date | None = None
) -> DemoSummary:
    """Fill an empty, migrated database with a demo municipality. The caller commits.

    Raises DemoAlreadyPresent when any person or user exists, CodeListsMissing when the
    database lacks the code lists of the migrations. Deterministic for a given seed and today.
    """
    if persons < 0:
        raise ValueError("persons must be zero or more")
    if has_any_data(session):
        raise DemoAlreadyPresent(
            "Databasen innehåller redan personer eller användare. "
            "Demodata kan bara skapas i en tom databas."
        )
    day = today or clock_of(session).today()
    summary = _Generator(session, persons, seed, day).run()
    log.info(
        "demo data generated: seed %d, %d persons, %d assignments (%d received), "
        "%d executions, %d messages",
        summary.seed,
        summary.persons,
        summary.assignments,
        summary.received_assignments,
        summary.executions,
        summary.messages,
    )
    return summary
