"""What a committed action changed: the kinds services declare and the views refresh by."""

from __future__ import annotations

from enum import StrEnum


class ChangeKind(StrEnum):
    """What a committed action changed; each tree node kind names the kinds that refresh it."""

    ASSIGNMENTS = "assignments"
    EXECUTIONS = "executions"
    PERSONS = "persons"
    MESSAGES = "messages"
    MY_PERSONS = "my_persons"
    JOURNALS = "journals"
    PLANS = "plans"
    CONTRACTS = "contracts"
    DEVIATIONS = "deviations"
    UNITS = "units"
    VIEW_SETTINGS = "view_settings"
