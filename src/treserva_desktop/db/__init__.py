"""Persistence: ORM models, engine and transactions, migrations, and the read side."""
