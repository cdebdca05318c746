"""The demo organisation: the unit tree, the users, and who manages or is notified where."""

from __future__ import annotations

from treserva_desktop.db.models import OrgUnit, RoleAssignment, User
from treserva_desktop.db.passwords import hash_password
from treserva_desktop.demo import names
from treserva_desktop.demo.builder import DemoBuilder
from treserva_desktop.domain.enums import BusinessArea, OrgUnitKind, Role

DEMO_PASSWORD = "demo"

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
RECEIVER_OF = {
    NORR_1: HT_NORR,
    NORR_2: HT_NORR,
    SODER_A: HT_SODER,
    SODER_B: HT_SODER,
    HT_CENTRUM: HT_CENTRUM,
    LINDGARDEN: LINDGARDEN,
    SOLBACKA: SOLBACKA,
    EKEN: EKEN,
}
BILLING_AREA_OF = {
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
MANAGER_OF = {
    HT_NORR: GRUPPCHEF,
    HT_SODER: SAMORDNARE,
    HT_CENTRUM: VERKSAMHETSCHEF,
    LINDGARDEN: VERKSAMHETSCHEF,
    SOLBACKA: VERKSAMHETSCHEF,
    EKEN: VERKSAMHETSCHEF,
}
# Who gets the Inkorg message about a new assignment at each receiving unit.
NOTIFIED_AT = {
    HT_NORR: (VERKSAMHETSCHEF, GRUPPCHEF, SAMORDNARE),
    HT_SODER: (VERKSAMHETSCHEF, SAMORDNARE),
    HT_CENTRUM: (VERKSAMHETSCHEF,),
    LINDGARDEN: (VERKSAMHETSCHEF,),
    SOLBACKA: (VERKSAMHETSCHEF,),
    EKEN: (VERKSAMHETSCHEF,),
}


def add_org_tree(b: DemoBuilder) -> None:
    """The units of ORG_TREE, each numbered among its siblings; kept in `b.units` by name."""
    siblings: dict[str | None, int] = {}
    for index, (name, kind, parent, area, provider) in enumerate(ORG_TREE):
        order = siblings.get(parent, 0)
        siblings[parent] = order + 1
        unit = OrgUnit(
            id=b.next_id(OrgUnit),
            parent_id=b.units[parent].id if parent else None,
            name=name,
            kind=kind,
            business_area=area,
            is_provider=provider,
            phone=f"{names.UNIT_PHONE_PREFIX} {index:02d}",
            sort_order=order,
            # A performing unit proposes its receiver's billing area (Registrera).
            default_billing_area_code=BILLING_AREA_OF.get(RECEIVER_OF.get(name, "")),
        )
        b.keep(unit)
        b.units[name] = unit


def add_users(b: DemoBuilder) -> None:
    """The DEMO_USERS with their role grants; kept in `b.users` by username."""
    for username, display_name, title, grants in DEMO_USERS:
        # Each user's own argon2id hash (own salt) of the demo password: ~30 ms each.
        password_hash = hash_password(DEMO_PASSWORD)
        user = User(
            id=b.next_id(User),
            username=username,
            display_name=display_name,
            title=title,
            password_hash=password_hash,
            active=True,
            failed_logins=0,
        )
        b.keep(user)
        b.users[username] = user
        for role, unit_name in grants:
            b.keep(
                RoleAssignment(
                    id=b.next_id(RoleAssignment),
                    user_id=user.id,
                    role=role,
                    unit_id=b.units[unit_name].id,
                )
            )
