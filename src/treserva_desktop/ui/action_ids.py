"""The ids of every user action, menu and menu section: named by the tree's kinds and handlers."""

from __future__ import annotations

from enum import StrEnum


class ActionId(StrEnum):
    OPEN = "open"
    OPEN_FIRST_ASSIGNMENT = "open_first_assignment"
    REFRESH = "refresh"
    GO_NEW_ASSIGNMENTS = "go_new_assignments"
    GO_INBOX = "go_inbox"
    GO_MY_PERSONS = "go_my_persons"
    GO_NOT_CURRENT = "go_not_current"
    GO_MY_UNITS = "go_my_units"
    NOT_CURRENT_LOOKBACK = "not_current_lookback"
    CHANGE_PASSWORD = "change_password"
    LOGOUT = "logout"
    QUIT = "quit"
    SUPPORT = "support"
    ABOUT = "about"
    ACCEPT_AND_DISTRIBUTE = "accept_and_distribute"
    STOP_ASSIGNMENT = "stop_assignment"
    GENOMFORANDE = "genomforande"
    NEW_ASSIGNMENT = "new_assignment"
    SENT_ASSIGNMENTS = "sent_assignments"
    READ_ASSIGNMENT = "read_assignment"
    REPLY_MESSAGE = "reply_message"
    NEW_MESSAGE = "new_message"
    PERSON_RECORD = "person_record"
    SEARCH_PERSON = "search_person"
    WAITING_ASSIGNMENTS = "waiting_assignments"
    USER_ADMIN = "user_admin"
    END_EXECUTION = "end_execution"
    CHECKLISTS = "checklists"
    NEW_PLAN = "new_plan"
    OPEN_PLAN = "open_plan"
    FOLLOW_UP_PLAN = "follow_up_plan"
    END_PLAN = "end_plan"
    PRINT_PLAN = "print_plan"
    CHANGE_PROVIDER = "change_provider"
    ACCEPT_OR_STOP = "accept_or_stop"
    CHANGE_PROVIDER_FOR_UNIT = "change_provider_for_unit"
    NOT_CURRENT_REMOVE = "not_current_remove"
    NOT_CURRENT_SHOW_AGAIN = "not_current_show_again"
    NOT_CURRENT_SHOW_REMOVED = "not_current_show_removed"
    MY_PERSONS_REMOVE = "my_persons_remove"
    SERVICE_CASE_NEW = "service_case_new"
    SERVICE_CASES = "service_cases"
    DOCUMENTA = "documenta"
    OPEN_JOURNAL = "open_journal"
    LOG_EXTRACT = "log_extract"
    LOG_EXTRACT_BY_NUMBER = "log_extract_by_number"
    OPEN_HOUSING = "open_housing"
    HOUSING_OBJECTS = "housing_objects"
    CONTRACT_LIST = "contract_list"
    MISSING_SHORT_TERM_PLACES = "missing_short_term_places"
    INDIVIDUAL_STATISTICS = "individual_statistics"
    UNIT_STATISTICS = "unit_statistics"
    REGISTER_DEVIATION = "register_deviation"
    OPEN_DEVIATION = "open_deviation"
    DEVIATION_STATISTICS = "deviation_statistics"
    PLAN_COMPILATION = "plan_compilation"
    UNEXECUTED_DECISIONS = "unexecuted_decisions"


class MenuId(StrEnum):
    """Menu-bar menus in their order; the value is the Swedish title with its mnemonic."""

    FILE = "&Arkiv"
    VIEW = "&Visa"
    SHORTCUTS = "&Genväg"
    AUTHORITY = "&Myndighet"
    FOLLOW_UP = "&Uppföljning"
    ADMIN = "A&dministration"
    HELP = "&Hjälp"


class Section(StrEnum):
    """Groups within a menu, in the order they appear; a separator sits between two groups.

    Every menu (context menu, menu bar menu, toolbar) lists its actions by section in this
    order, and within a section in the order of the registry's feature list."""

    OPEN = "open"
    AUTHORITY = "authority"
    ASSIGNMENT = "assignment"
    MESSAGE = "message"
    VIEW = "view"
    FOLDER = "folder"
    SETTINGS = "settings"
    GO = "go"
    SEARCH = "search"
    GENOMFORANDE = "genomforande"
    FOLLOW_UP = "follow_up"
    ADMIN = "admin"
    ACCOUNT = "account"
    SESSION = "session"
    APP = "app"
    HELP = "help"
    ABOUT = "about"

    @property
    def rank(self) -> int:
        return _SECTION_RANK[self]


_SECTION_RANK = {section: rank for rank, section in enumerate(Section)}
