"""Parts 1–2 of a scale demo: the unit tree (the named demo units plus generated districts,
nursing homes and short-term homes) and the users who manage, coordinate and work there."""

from __future__ import annotations

from treserva_desktop.db.models import OrgUnit, RoleAssignment, User
from treserva_desktop.db.passwords import hash_password, unusable_password
from treserva_desktop.demo import names
from treserva_desktop.demo import organisation as named
from treserva_desktop.demo.municipal.context import Context, Unit
from treserva_desktop.domain.enums import BusinessArea, OrgUnitKind, Role
from treserva_desktop.domain.rules import primary_role_of

_A = BusinessArea
_K = OrgUnitKind

# fmt: off
DISTRICTS: tuple[str, ...] = (
    "Kista", "Husby", "Akalla", "Rinkeby", "Tensta", "Spånga", "Vällingby", "Hässelby",
    "Blackeberg", "Råcksta", "Bromma", "Abrahamsberg", "Alvik", "Kungsholmen", "Vasastan",
    "Norrmalm", "Östermalm", "Gärdet", "Södermalm", "Hornstull", "Skanstull", "Årsta", "Enskede",
    "Högdalen", "Bandhagen", "Rågsved", "Hagsätra", "Skarpnäck", "Bagarmossen", "Farsta",
    "Hökarängen", "Älvsjö", "Liljeholmen", "Hägersten", "Fruängen", "Skärholmen", "Vårberg",
    "Bredäng", "Sätra", "Hammarby", "Johanneshov", "Västberga", "Midsommarkransen", "Aspudden",
)
HOMES: tuple[str, ...] = (
    "Solrosen", "Blåklockan", "Lärkan", "Ekbacken", "Björkhagen", "Lindängen", "Rosengården",
    "Vintergatan", "Tallkrogen", "Ängsgården", "Hägern", "Svalan", "Kastanjen", "Syrenen",
    "Klövern", "Vitsippan", "Liljan", "Pärlan", "Fyrklövern", "Strandgården", "Sjöstugan",
    "Bergsgården", "Solgården", "Ljusglimten", "Tussilago", "Kaprifolen", "Aspen", "Rönnen",
    "Lönnen", "Hasseln", "Eken", "Granen", "Almen", "Hallonet", "Blåbäret", "Nyponet", "Vallmon",
    "Prästkragen", "Gullvivan", "Mandeln", "Smultronet", "Trädgården", "Parken", "Kvarnen",
)
# fmt: on

# Shares of the performing units and of the persons with current rows, per business area.
_UNIT_SHARE = {_A.HOME_CARE: 0.62, _A.NURSING_HOME: 0.28}
PERSON_SHARE = {_A.HOME_CARE: 0.70, _A.NURSING_HOME: 0.25, _A.SHORT_TERM: 0.05}
_BILLING = {_A.HOME_CARE: "HT-C", _A.NURSING_HOME: "SÄBO", _A.SHORT_TERM: "KORT"}
_HOME_BILLING = ("HT-N", "HT-S", "HT-C")
# One coordinator per this many persons at a receiving unit, one care worker per this many
# at a performing unit: message and audit load spreads over users as in a real organisation.
PERSONS_PER_COORDINATOR = 150
PERSONS_PER_CARE_WORKER = 40


def add_organisation(ctx: Context) -> None:
    """The named demo tree as in the small demo, then generated units under its branches."""
    counters: dict[int | None, int] = {}
    spec = ctx.spec
    ctx.progress.start("Organisation", spec.units)

    def unit(
        name: str,
        kind: OrgUnitKind,
        parent: str | None,
        area: BusinessArea | None,
        provider: bool = True,
    ) -> int:
        parent_id = ctx.unit_ids[parent] if parent else None
        order = counters.get(parent_id, 0)
        counters[parent_id] = order + 1
        unit_id = ctx.writer.next_id(OrgUnit)
        ctx.writer.add(
            OrgUnit,
            {
                "id": unit_id,
                "parent_id": parent_id,
                "name": name,
                "kind": kind,
                "business_area": area,
                "is_provider": provider,
                "phone": f"{names.UNIT_PHONE_PREFIX} {unit_id % 100:02d}",
                "sort_order": order,
                # A performing unit proposes its receiver's billing area (Registrera).
                "default_billing_area_code": named.BILLING_AREA_OF.get(
                    named.RECEIVER_OF.get(name, "")
                ),
            },
        )
        ctx.unit_ids[name] = unit_id
        return unit_id

    for name, kind, parent, area, provider in named.ORG_TREE:
        unit(name, kind, parent, area, provider)
    index: dict[str, int] = {}
    for name, receiver in named.RECEIVER_OF.items():
        # A receiver before its sub-units, so they can refer to it by index.
        if receiver not in index:
            area = _area_of_named(receiver)
            index[receiver] = _register(ctx, receiver, area, receiver=None, leaf=name == receiver)
            ctx.units[index[receiver]].billing = named.BILLING_AREA_OF[receiver]
        if name != receiver:
            _register(ctx, name, _area_of_named(name), receiver=index[receiver], leaf=True)

    rng = ctx.rng
    home_leaves = round(spec.units * _UNIT_SHARE[_A.HOME_CARE])
    nursing_leaves = round(spec.units * _UNIT_SHARE[_A.NURSING_HOME])
    short_leaves = max(1, spec.units - home_leaves - nursing_leaves)
    leaves = {_A.HOME_CARE: 5, _A.NURSING_HOME: 2, _A.SHORT_TERM: 1}
    district = 0
    while leaves[_A.HOME_CARE] < home_leaves:
        place = _nth(DISTRICTS, district)
        district += 1
        groups = min(rng.choice((1, 1, 2, 2, 3)), home_leaves - leaves[_A.HOME_CARE])
        name = f"Hemtjänst {place}"
        unit(name, _K.UNIT, named.AO_HEMTJANST, _A.HOME_CARE)
        head = _register(ctx, name, _A.HOME_CARE, receiver=None, leaf=groups == 1)
        ctx.units[head].billing = _HOME_BILLING[district % 3]
        for group in range(1, groups + 1 if groups > 1 else 1):
            sub = f"{place} grupp {group}"
            unit(sub, _K.SUBUNIT, name, _A.HOME_CARE)
            _register(ctx, sub, _A.HOME_CARE, receiver=head, leaf=True)
        leaves[_A.HOME_CARE] += groups
        ctx.progress.update(sum(leaves.values()))
    home = 0
    for area, wanted, branch, prefix in (
        (_A.NURSING_HOME, nursing_leaves, named.AO_VARDBOENDE, "Vårdboende"),
        (_A.SHORT_TERM, short_leaves, named.AO_KORTTID, "Korttidsboende"),
    ):
        while leaves[area] < wanted:
            name = f"{prefix} {_nth(HOMES, home)}"
            home += 1
            unit(name, _K.UNIT, branch, area)
            _register(ctx, name, area, receiver=None, leaf=True)
            leaves[area] += 1
    _plan_sizes(ctx)
    ctx.progress.finish()


def _nth(pool: tuple[str, ...], n: int) -> str:
    """The n-th name, with a number once the pool is used up (Kista, …, Kista 2, …)."""
    round_, index = divmod(n, len(pool))
    return pool[index] if round_ == 0 else f"{pool[index]} {round_ + 1}"


def _area_of_named(name: str) -> BusinessArea:
    for unit_name, _kind, _parent, area, _provider in named.ORG_TREE:
        if unit_name == name and area is not None:
            return area
    raise KeyError(name)


def _register(
    ctx: Context, name: str, area: BusinessArea, *, receiver: int | None, leaf: bool
) -> int:
    index = len(ctx.units)
    ctx.units.append(
        Unit(
            id=ctx.unit_ids[name],
            name=name,
            area=area,
            receiver=index if receiver is None else receiver,
            leaf=leaf,
            billing=_BILLING[area] if receiver is None else ctx.units[receiver].billing,
        )
    )
    if leaf:
        ctx.units[ctx.units[index].receiver].leaves.append(index)
    return index


def _plan_sizes(ctx: Context) -> None:
    """Persons with current rows planned per performing unit: Norr grupp 1 the largest, Norr
    grupp 2 about half of it, the rest varied around the area's mean."""
    rng = ctx.rng
    spec = ctx.spec
    fixed = {
        ctx.unit_ids[named.NORR_1]: float(spec.largest_unit),
        ctx.unit_ids[named.NORR_2]: spec.largest_unit * 0.45,
    }
    for area, share in PERSON_SHARE.items():
        total = spec.active * share
        members = [ctx.units[i] for i in ctx.leaves(area)]
        free = [u for u in members if u.id not in fixed]
        for u in members:
            if u.id in fixed:
                u.weight = fixed[u.id]
                total -= u.weight
        draws = [rng.lognormvariate(0, 0.5 if area is _A.HOME_CARE else 0.3) for _ in free]
        scale = max(total, len(free)) / sum(draws) if draws else 0.0
        for u, draw in zip(free, draws, strict=True):
            u.weight = min(draw * scale, spec.largest_unit * 0.6)


def add_users(ctx: Context) -> None:
    """The demo users with their grants, then a manager per receiving unit, coordinators and
    care staff in proportion to the persons there, needs assessors and nurses."""
    spec = ctx.spec
    rng = ctx.rng
    # The named demo users log in with the demo password, each with an argon2id hash of its own
    # (own salt). The ~1,100 generated staff get a value no password matches: hashing them
    # all would cost half a minute, and nobody logs in as them (an administrator may give one
    # a password in Administration › Användare… › Lösenord…).
    filler_password = unusable_password("demo-staff")
    usernames: set[str] = set()
    ctx.progress.start("Användare", len(ctx.units))

    def user(
        username: str,
        display: str,
        title: str,
        grants: list[tuple[Role, int]],
        password_hash: str = filler_password,
    ) -> int:
        user_id = ctx.writer.next_id(User)
        usernames.add(username)
        ctx.writer.add(
            User,
            {
                "id": user_id,
                "username": username,
                "display_name": display,
                "title": title,
                "password_hash": password_hash,
                "active": True,
                "failed_logins": 0,
            },
        )
        for role, unit_id in grants:
            ctx.writer.add(
                RoleAssignment,
                {
                    "id": ctx.writer.next_id(RoleAssignment),
                    "user_id": user_id,
                    "role": role,
                    "unit_id": unit_id,
                },
            )
        primary = primary_role_of(role for role, _ in grants)
        assert primary is not None, "every generated user has a grant"
        ctx.user_role[user_id] = primary.value
        return user_id

    def generated(title: str, role: Role, unit_id: int) -> int:
        woman = rng.random() < 0.75
        first = rng.choice(
            names.RELATION_WOMEN_FIRST_NAMES if woman else names.RELATION_MEN_FIRST_NAMES
        )
        last = rng.choice(names.LAST_NAMES)
        base = f"{_ascii(first)}.{_ascii(last)}"
        username, n = base, 1
        while username in usernames:
            n += 1
            username = f"{base}{n}"
        return user(username, f"{first} {last}", title, [(role, unit_id)])

    for username, display, title, grants in named.DEMO_USERS:
        ctx.users[username] = user(
            username,
            display,
            title,
            [(role, ctx.unit_ids[unit]) for role, unit in grants],
            hash_password(named.DEMO_PASSWORD),
        )
    by_id = {u.id: i for i, u in enumerate(ctx.units)}
    norr = ctx.units[by_id[ctx.unit_ids[named.HT_NORR]]]
    norr.manager = ctx.users[named.GRUPPCHEF]
    # Granted at Söder too, but takes part in Norr's team only, so her Inkorg stays readable.
    norr.team.append(ctx.users[named.SAMORDNARE])
    ctx.units[by_id[ctx.unit_ids[named.NORR_1]]].staff.append(ctx.users[named.PERSONAL])
    ctx.assessors.append(ctx.users[named.HANDLAGGARE])
    ctx.nurses.append(ctx.users[named.SJUKSKOTERSKA])

    for done, u in enumerate(ctx.units, 1):
        if u.receiver == done - 1:
            if not u.manager:
                u.manager = generated("Enhetschef", Role.GROUP_MANAGER, u.id)
            u.team.append(u.manager)
            persons = sum(ctx.units[leaf].weight for leaf in u.leaves)
            for _ in range(max(1, round(persons / PERSONS_PER_COORDINATOR))):
                u.team.append(generated("Samordnare", Role.COORDINATOR, u.id))
        if u.leaf:
            for _ in range(max(1, round(u.weight / PERSONS_PER_CARE_WORKER))):
                u.staff.append(generated("Undersköterska", Role.CARE_STAFF, u.id))
        ctx.progress.update(done)
    authority = ctx.unit_ids[named.BISTAND]
    for _ in range(max(1, spec.active // 1_000)):
        ctx.assessors.append(generated("Biståndshandläggare", Role.NEEDS_ASSESSOR, authority))
    for area_branch in (named.AO_HEMTJANST, named.AO_VARDBOENDE, named.AO_KORTTID):
        for _ in range(max(1, spec.units // 30)):
            ctx.nurses.append(generated("Sjuksköterska", Role.NURSE, ctx.unit_ids[area_branch]))
    ctx.progress.finish()


_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


def _ascii(name: str) -> str:
    return name.lower().translate(_ASCII).replace(" ", "").replace("-", "")
