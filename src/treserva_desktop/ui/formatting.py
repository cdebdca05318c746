"""Swedish formatting of dates and times for display."""

from __future__ import annotations

from datetime import UTC, datetime


def local_time(value: datetime) -> datetime:
    """Stored times are UTC (SQLite hands them back without a zone); show them locally."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone()


def date_time_text(value: datetime) -> str:
    return f"{local_time(value):%Y-%m-%d %H:%M}"
