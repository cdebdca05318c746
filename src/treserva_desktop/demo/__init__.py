"""Demo municipality generator: deterministic by seed, any scale, clearly marked as test data."""

from treserva_desktop.demo.generator import (
    CodeListsMissing,
    DemoAlreadyPresent,
    DemoError,
    DemoSummary,
    generate_demo,
    has_any_data,
    is_demo_database,
)
from treserva_desktop.demo.organisation import DEMO_PASSWORD, DEMO_USERNAMES

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_USERNAMES",
    "CodeListsMissing",
    "DemoAlreadyPresent",
    "DemoError",
    "DemoSummary",
    "generate_demo",
    "has_any_data",
    "is_demo_database",
]
