"""What the demo generator records about the rows it made: the last id it gave a person, a
user and an audit event (demo.safety reads it before a demo database may be replaced)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from treserva_desktop.db.models import AppSetting, AuditEvent, Base, Person, User

RECORDED: tuple[type[Base], ...] = (Person, User, AuditEvent)


def last_id_key(model: type[Base]) -> str:
    return f"demo_last_id_{model.__tablename__}"


def record_generated(session: Session) -> None:
    """Called by the generators once their rows are written (same transaction): remember the
    last id of each recorded table, so later rows are known not to be the generator's."""
    for model in RECORDED:
        last = session.scalar(select(func.max(model.__table__.c.id))) or 0
        session.add(AppSetting(key=last_id_key(model), value=str(last)))
    session.flush()


def recorded_last_ids(session: Session) -> dict[type[Base], int] | None:
    """The recorded last ids, or None when the generator recorded none (or they are not
    numbers)."""
    keys = {last_id_key(model): model for model in RECORDED}
    rows = session.execute(
        select(AppSetting.key, AppSetting.value).where(AppSetting.key.in_(keys))
    ).all()
    values: dict[str, str] = {row.key: row.value for row in rows}
    if set(values) != set(keys):
        return None
    try:
        return {keys[key]: int(value) for key, value in values.items()}
    except ValueError:
        return None
