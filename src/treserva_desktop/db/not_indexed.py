"""`not_indexed(column)`: the column's value, in a form SQLite's planner does not answer with
an index.

SQLite picks one index per table in a query, and without statistics it may pick the one that
matches a condition reading far more rows than another would (the statistics read every row a
unit ever started before the month, where ix_executions_unit_end reads only those still
running). A unary `+` is SQLite's documented way to take a term out of that choice: it
returns its operand unchanged, whatever the type, so dates (stored as text) compare as before.
PostgreSQL plans from its statistics and gets the column itself."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal


class NotIndexed(ColumnElement[Any]):
    """See the module."""

    __visit_name__ = "not_indexed"
    inherit_cache = True
    _traverse_internals = [  # noqa: RUF012 (SQLAlchemy reads the class attribute)
        ("column", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: ColumnElement[Any]) -> None:
        self.column = column
        self.type = column.type


def not_indexed(column: ColumnElement[Any] | Any) -> ColumnElement[Any]:
    """`column` as a value only: compared as the column itself, never through its index
    on SQLite."""
    return NotIndexed(column.expression if hasattr(column, "expression") else column)


@compiles(NotIndexed)
def _column(element: NotIndexed, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column, **kw)


@compiles(NotIndexed, "sqlite")
def _unary_plus(element: NotIndexed, compiler: SQLCompiler, **kw: Any) -> str:
    return f"+{compiler.process(element.column, **kw)}"
