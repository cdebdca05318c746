"""Statuses, roles, kinds and folders used throughout the application."""

from enum import StrEnum


class OrgUnitKind(StrEnum):
    MUNICIPALITY = "municipality"
    DEPARTMENT = "department"
    BRANCH = "branch"
    UNIT = "unit"
    SUBUNIT = "subunit"


class BusinessArea(StrEnum):
    HOME_CARE = "home_care"
    NURSING_HOME = "nursing_home"
    SHORT_TERM = "short_term"
    AUTHORITY = "authority"

    @property
    def label(self) -> str:
        return _BUSINESS_AREA_LABELS[self]


_BUSINESS_AREA_LABELS = {
    BusinessArea.HOME_CARE: "Hemtjänst",
    BusinessArea.NURSING_HOME: "Vårdboende/säbo",
    BusinessArea.SHORT_TERM: "Korttidsboende",
    BusinessArea.AUTHORITY: "Myndighet",
}


class Role(StrEnum):
    CARE_STAFF = "care_staff"
    COORDINATOR = "coordinator"
    GROUP_MANAGER = "group_manager"
    OPERATIONS_MANAGER = "operations_manager"
    NEEDS_ASSESSOR = "needs_assessor"
    NURSE = "nurse"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.CARE_STAFF: "Omvårdnadspersonal",
    Role.COORDINATOR: "Samordnare",
    Role.GROUP_MANAGER: "Gruppchef",
    Role.OPERATIONS_MANAGER: "Verksamhetschef",
    Role.NEEDS_ASSESSOR: "Handläggare",
    Role.NURSE: "Sjuksköterska",
    Role.ADMINISTRATOR: "Systemadministratör",
}


class Permission(StrEnum):
    VIEW_NEW_ASSIGNMENTS = "view_new_assignments"
    DISTRIBUTE_ASSIGNMENT = "distribute_assignment"
    CHANGE_PROVIDER = "change_provider"
    END_EXECUTION = "end_execution"
    ACKNOWLEDGE_ASSIGNMENT = "acknowledge_assignment"
    VIEW_PERSONS = "view_persons"
    SEARCH_PERSONS = "search_persons"
    EDIT_PERSON = "edit_person"
    WRITE_JOURNAL = "write_journal"
    CORRECT_JOURNAL = "correct_journal"
    READ_HSL_JOURNAL = "read_hsl_journal"
    MANAGE_HOUSING = "manage_housing"
    REGISTER_DEVIATION = "register_deviation"
    ANALYSE_DEVIATION = "analyse_deviation"
    VIEW_STATISTICS = "view_statistics"
    SEND_ASSIGNMENTS = "send_assignments"
    ADMINISTER = "administer"
    LOG_EXTRACT = "log_extract"
    CLOSE_JOURNAL = "close_journal"


class IdentityKind(StrEnum):
    PERSONAL = "personal"
    COORDINATION = "coordination"
    RESERVE = "reserve"

    @property
    def label(self) -> str:
        return {
            IdentityKind.PERSONAL: "Personnummer",
            IdentityKind.COORDINATION: "Samordningsnummer",
            IdentityKind.RESERVE: "Reservnummer",
        }[self]


class RelationKind(StrEnum):
    NEXT_OF_KIN = "next_of_kin"
    GUARDIAN = "guardian"
    ADMINISTRATOR = "administrator"
    CONTACT_PERSON = "contact_person"
    REFERENCE_PERSON = "reference_person"

    @property
    def label(self) -> str:
        return {
            RelationKind.NEXT_OF_KIN: "Närstående",
            RelationKind.GUARDIAN: "God man",
            RelationKind.ADMINISTRATOR: "Förvaltare",
            RelationKind.CONTACT_PERSON: "Kontaktperson",
            RelationKind.REFERENCE_PERSON: "Referensperson",
        }[self]


class CaseKind(StrEnum):
    SOL_DECISION = "sol_decision"
    SERVICE = "service"


class AssignmentKind(StrEnum):
    NEW = "new"
    PROVIDER_CHANGE = "provider_change"


class AssignmentStatus(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    STOPPED = "stopped"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return {
            AssignmentStatus.RECEIVED: "Mottaget",
            AssignmentStatus.ACCEPTED: "Accepterat",
            AssignmentStatus.STOPPED: "Stoppat",
            AssignmentStatus.ENDED: "Avslutat",
        }[self]


class ExecutionStatus(StrEnum):
    UNDER_DISTRIBUTION = "under_distribution"
    SENT_TO_EXECUTION = "sent_to_execution"
    ACKNOWLEDGED = "acknowledged"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return {
            ExecutionStatus.UNDER_DISTRIBUTION: "Under fördelning",
            ExecutionStatus.SENT_TO_EXECUTION: "Skickad till genomförande",
            ExecutionStatus.ACKNOWLEDGED: "Kvitterad",
            ExecutionStatus.REVOKED: "Återkallad",
        }[self]


class ExecutionPhase(StrEnum):
    """Whether a row is planned, ongoing or ended follows from its dates and today."""

    PLANNED = "planned"
    ONGOING = "ongoing"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return {
            ExecutionPhase.PLANNED: "Planerad",
            ExecutionPhase.ONGOING: "Pågående",
            ExecutionPhase.ENDED: "Avslutad",
        }[self]


class TimePer(StrEnum):
    WEEK = "week"
    MONTH = "month"

    @property
    def label(self) -> str:
        return {TimePer.WEEK: "tim/vecka", TimePer.MONTH: "tim/månad"}[self]


class Folder(StrEnum):
    """Fixed folders of the main tree."""

    DESKTOP = "desktop"
    NEW_ASSIGNMENTS = "new_assignments"
    INBOX = "inbox"
    SENT_ASSIGNMENTS = "sent_assignments"
    MY_PERSONS = "my_persons"
    NOT_CURRENT = "not_current"
    MY_UNITS = "my_units"
    DEVIATIONS = "deviations"

    @property
    def label(self) -> str:
        return {
            Folder.DESKTOP: "Mitt skrivbord",
            Folder.NEW_ASSIGNMENTS: "Nya uppdrag",
            Folder.INBOX: "Inkorg",
            Folder.SENT_ASSIGNMENTS: "Skickade uppdrag",
            Folder.MY_PERSONS: "Mina personer",
            Folder.NOT_CURRENT: "Ej aktuella – att avsluta",
            Folder.MY_UNITS: "Mina enheter",
            Folder.DEVIATIONS: "Avvikelser",
        }[self]


class JournalKind(StrEnum):
    """Social documentation (genomförandejournal, SoL) or hälso- och sjukvårdsjournal (HSL)."""

    SOCIAL = "social"
    HSL = "hsl"

    @property
    def label(self) -> str:
        return {JournalKind.SOCIAL: "Genomförandejournal", JournalKind.HSL: "HSL-journal"}[self]


class DisclosureBasis(StrEnum):
    """Why a journal may be printed for disclosure (utlämnande): the person's consent, or a
    menprövning (an assessment that disclosure harms no one)."""

    CONSENT = "consent"
    HARM_ASSESSMENT = "harm_assessment"

    @property
    def label(self) -> str:
        return {
            DisclosureBasis.CONSENT: "Samtycke",
            DisclosureBasis.HARM_ASSESSMENT: "Menprövning",
        }[self]


class AuditAction(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    READ_PERSON = "read_person"
    READ_ASSIGNMENT = "read_assignment"
    READ_JOURNAL = "read_journal"
    CREATE = "create"
    UPDATE = "update"
    PRINT = "print"
    EXPORT = "export"
    # Accounts (migration 0010 widens the audit trail's check to these).
    LOGOUT = "logout"
    ACCOUNT_LOCKED = "account_locked"
    SESSION_LOCKED = "session_locked"
    SESSION_UNLOCKED = "session_unlocked"
    PASSWORD_CHANGED = "password_changed"
    GRANT_ROLE = "grant_role"
    REVOKE_ROLE = "revoke_role"
    DEACTIVATE_USER = "deactivate_user"
    REACTIVATE_USER = "reactivate_user"
