"""Plain helpers shared by the tests (fixtures and hooks live in tests/conftest.py)."""

from __future__ import annotations

from tests.helpers.actors import actor_for
from tests.helpers.host import FakeHost

__all__ = ["FakeHost", "actor_for"]
