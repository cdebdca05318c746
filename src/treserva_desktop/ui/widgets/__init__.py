"""The shared widget kit: date field, unit picker, row table model, forms and field errors.

Widgets here know nothing of the database or the services (an import contract checks it)."""
