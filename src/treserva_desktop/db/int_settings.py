"""Whole-number installation settings kept in app_settings (the follow-up time, how far back a
provider change may be dated, when a journal note locks by itself): read with the default when
unset or out of range, changed only by the owner's commands, each change audited."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import AppSetting, AuditEvent
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.errors import ValidationError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IntSetting:
    """One setting: its key, default and sane range; `refusal` is the Swedish message for a
    value outside the range, `field` the command argument it names."""

    key: str
    default: int
    low: int
    high: int
    refusal: str
    field: str

    def read(self, session: Session) -> int:
        """The stored value; the default when unset or not a sane number (logged)."""
        stored = session.scalar(select(AppSetting.value).where(AppSetting.key == self.key))
        if stored is None:
            return self.default
        try:
            value = int(stored)
        except ValueError:
            value = self.low - 1
        if not self.low <= value <= self.high:
            log.warning("ignoring setting %s: not %d..%d", self.key, self.low, self.high)
            return self.default
        return value

    def store(self, session: Session, value: int) -> None:
        """Set the value (the owner's command). Audited without a user: the command runs
        outside any login."""
        if not self.low <= value <= self.high:
            raise ValidationError(self.refusal, field=self.field)
        before = self.read(session)
        setting = session.get(AppSetting, self.key)
        if setting is None:
            session.add(AppSetting(key=self.key, value=str(value)))
        else:
            setting.value = str(value)
        session.add(
            AuditEvent(
                occurred_at=clock_of(session).now(),
                user_id=None,
                role="",
                action=AuditAction.UPDATE,
                entity_type="setting",
                entity_id=None,
                details={"setting": self.key, "from": before, "to": value},
            )
        )
        log.info("setting %s changed from %d to %d", self.key, before, value)
