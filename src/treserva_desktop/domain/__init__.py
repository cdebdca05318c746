"""Pure domain: enums, commands, rules, read models and errors. No Qt, no SQLAlchemy, no I/O."""
