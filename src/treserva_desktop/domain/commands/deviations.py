"""Commands for avvikelser (W18): register, and the manager's analysis, actions, feedback,
escalation and closing."""

from __future__ import annotations

from datetime import date, datetime

from treserva_desktop.domain.commands import Command
from treserva_desktop.domain.deviation_rules import DeviationCategory, Escalation, RiskLevel


class RegisterDeviation(Command):
    """Registrera avvikelse on a person at a unit, or on the unit without a person."""

    unit_id: int
    person_id: int | None = None
    category: DeviationCategory
    type_code: str
    occurred_at: datetime
    place: str = ""
    description: str
    immediate_action: str = ""


class DeviationStepCommand(Command):
    """A manager's step on one deviation, at the version the window shows."""

    deviation_id: int
    expected_version: int


class AnalyseDeviation(DeviationStepCommand):
    """Analys: orsak, konsekvens and risk."""

    cause: str
    consequence: str
    risk: RiskLevel


class DecideDeviationActions(DeviationStepCommand):
    """Beslutade åtgärder."""

    actions: str


class GiveDeviationFeedback(DeviationStepCommand):
    """Återkoppling till rapportören (the reporter gets it as a message too)."""

    feedback: str


class EscalateDeviation(DeviationStepCommand):
    """Eskalering: lex Sarah-utredning or MAS-bedömning with its dates, IVO-anmälan datum."""

    escalation: Escalation
    investigation_started_on: date | None = None
    investigation_ended_on: date | None = None
    mas_assessed_on: date | None = None
    ivo_reported_on: date | None = None


class CloseDeviation(DeviationStepCommand):
    """Avsluta: only after återkoppling."""
