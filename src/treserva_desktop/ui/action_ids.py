"""The ids of every user action, apart from the registry so the tree's kinds can name them."""

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
    LOGOUT = "logout"
    QUIT = "quit"
    SUPPORT = "support"
    ABOUT = "about"
    ACCEPT_AND_DISTRIBUTE = "accept_and_distribute"
    STOP_ASSIGNMENT = "stop_assignment"
    GENOMFORANDE = "genomforande"
    NEW_ASSIGNMENT = "new_assignment"
    READ_ASSIGNMENT = "read_assignment"
    REPLY_MESSAGE = "reply_message"
    NEW_MESSAGE = "new_message"
    PERSON_RECORD = "person_record"
    SEARCH_PERSON = "search_person"
    WAITING_ASSIGNMENTS = "waiting_assignments"
