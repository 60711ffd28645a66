"""Writing many rows' own values in one statement.

Django's ``bulk_update`` builds a ``CASE WHEN id = … THEN …`` per field and row: for a public
page's batch of 200 submissions it took half the worker's time for the batch (measured,
docs/benchmarks.md). :func:`update_rows` sends one ``UPDATE … FROM (VALUES …)`` instead, on
PostgreSQL and SQLite alike (SQLite 3.33 or later). Like ``bulk_update`` it sends no signals
and runs no ``auto_now``: the caller sets every value it writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models

# Rows per statement: well inside PostgreSQL's 65,535 parameters and SQLite's 32,766.
ROWS_PER_STATEMENT = 500


def update_rows(
    model: type[models.Model], rows: Sequence[models.Model], fields: Sequence[str]
) -> None:
    """Write ``fields`` of each of ``rows`` (saved instances of ``model``) as they are on the
    instance, in one statement per :data:`ROWS_PER_STATEMENT` rows. (No count comes back: SQLite's
    driver reports none for a statement that starts with ``WITH``.)"""
    if not rows:
        return
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    targets: list[models.Field[Any, Any]] = []
    for name in fields:
        field = meta.get_field(name)
        if not isinstance(field, models.Field) or not field.column:
            raise ValueError(f"{meta.label}.{name} is not a column")
        targets.append(field)
    columns = [pk.column] + [field.column for field in targets]
    # PostgreSQL types a VALUES list from its first row and reads a bare NULL or string as
    # text: each value is cast to its column's type. SQLite needs no cast (and CAST to a
    # date or time type would turn a text into a number there).
    if connection.vendor == "postgresql":
        casts = [pk.db_type(connection)] + [f.db_type(connection) for f in targets]
        one = "(" + ", ".join(f"CAST(%s AS {cast})" for cast in casts) + ")"
    else:
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    sets = ", ".join(f"{quote(c)} = v.{quote(c)}" for c in columns[1:])
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            params: list[Any] = []
            for row in chunk:
                params.append(pk.get_db_prep_save(row.pk, connection))
                for field in targets:
                    value = getattr(row, field.attname)
                    params.append(field.get_db_prep_save(value, connection))
            cursor.execute(
                f"WITH v ({names}) AS (VALUES {', '.join([one] * len(chunk))}) "
                f"UPDATE {table} SET {sets} FROM v WHERE {table}.{quote(pk.column)} = v.{quote(pk.column)}",
                params,
            )
