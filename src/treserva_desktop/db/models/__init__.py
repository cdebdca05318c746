"""Typed declarative ORM models, one module per area. The schema itself is made only by alembic
migrations.

Every model is re-exported here, so `from treserva_desktop.db.models import X` works everywhere
and importing this package registers every table on `Base.metadata` (alembic's env.py and the
migrations-match-models test rely on that).
"""

from __future__ import annotations

from treserva_desktop.db.models.assignments import (
    Assignment,
    AssignmentItem,
    Case,
    Decision,
    Execution,
    Intervention,
)
from treserva_desktop.db.models.audit import AuditEvent, RevealComment
from treserva_desktop.db.models.base import NAMING_CONVENTION, Base, stored_enum
from treserva_desktop.db.models.change_log import ChangeLogEntry
from treserva_desktop.db.models.code_lists import (
    BillingArea,
    CaseCloseReason,
    EndReason,
    InterventionType,
    RevealReason,
)
from treserva_desktop.db.models.deviations import Deviation, DeviationEvent, DeviationType
from treserva_desktop.db.models.housing import (
    ContractEndReason,
    HousingContract,
    HousingObject,
)
from treserva_desktop.db.models.journal_corrections import (
    HslOpening,
    JournalCorrection,
    JournalDisclosure,
)
from treserva_desktop.db.models.journals import (
    Journal,
    JournalEntry,
    JournalEntryKeyword,
    JournalEntryVersion,
)
from treserva_desktop.db.models.messages import Message, MessageRecipient
from treserva_desktop.db.models.not_current import NotCurrentRemoval
from treserva_desktop.db.models.organisation import (
    OrgUnit,
    RoleAssignment,
    UnknownLoginName,
    User,
)
from treserva_desktop.db.models.persons import MyPerson, Person, PersonChange, Relation
from treserva_desktop.db.models.plans import (
    CareWithoutPlan,
    ImplementationPlan,
    ImplementationPlanActivity,
    ImplementationPlanFollowUp,
    ImplementationPlanGoal,
)
from treserva_desktop.db.models.settings import AppSetting

__all__ = [
    "NAMING_CONVENTION",
    "AppSetting",
    "Assignment",
    "AssignmentItem",
    "AuditEvent",
    "Base",
    "BillingArea",
    "CareWithoutPlan",
    "Case",
    "CaseCloseReason",
    "ChangeLogEntry",
    "ContractEndReason",
    "Decision",
    "Deviation",
    "DeviationEvent",
    "DeviationType",
    "EndReason",
    "Execution",
    "HousingContract",
    "HousingObject",
    "HslOpening",
    "ImplementationPlan",
    "ImplementationPlanActivity",
    "ImplementationPlanFollowUp",
    "ImplementationPlanGoal",
    "Intervention",
    "InterventionType",
    "Journal",
    "JournalCorrection",
    "JournalDisclosure",
    "JournalEntry",
    "JournalEntryKeyword",
    "JournalEntryVersion",
    "Message",
    "MessageRecipient",
    "MyPerson",
    "NotCurrentRemoval",
    "OrgUnit",
    "Person",
    "PersonChange",
    "Relation",
    "RevealComment",
    "RevealReason",
    "RoleAssignment",
    "UnknownLoginName",
    "User",
    "stored_enum",
]
