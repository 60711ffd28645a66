"""Writing many rows of one model at once: the one home for batch inserts and updates.

Django's ``bulk_create`` spends ~300 µs per wide row preparing values (and its SQLite batch
is 30 rows of a wide table), which capped a membership import at a few thousand rows a
second; ``bulk_update`` builds a ``CASE WHEN id = … THEN …`` per field and row, which took
half the public-form worker's time for a batch of 200 submissions (docs/benchmarks.md).
:class:`RowWriter` prepares values once per field with the backend's own adapters and:

- ``insert``: ``executemany`` on SQLite, ``COPY`` on PostgreSQL; ids can be allocated up
  front (``allocate_ids``) so children are inserted without reading anything back;
- ``update``: on PostgreSQL one ``UPDATE … FROM unnest(…)`` per 5,000 rows, a column's
  values one array parameter; on SQLite ``executemany`` of one prepared ``UPDATE … WHERE``.
  Both carry a few parameters per statement, whatever the number of rows, so no database's
  limit of parameters (SQLite's is a compile-time option) cuts a batch.

:func:`update_rows` is ``update`` for saved model instances. Only plain columns: no signals,
no ``save()`` logic, no ``auto_now``; callers pass every value they write (an insert's
missing fields take the model default).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import connections, models, router

# Rows per UPDATE statement on PostgreSQL (one array a column: the parameters do not grow).
ROWS_PER_STATEMENT = 5000

# Fields whose Python values the database drivers take as they are.
_PLAIN = frozenset(
    (
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
        "FloatField",
        "BooleanField",
        "CharField",
        "TextField",
        "EmailField",
        "SlugField",
        "URLField",
    )
)


class RowWriter:
    """``insert`` and ``update`` rows of one model, given as ``{attname: value}``."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.connection = connections[router.db_for_write(model)]
        meta = model._meta
        self.table = meta.db_table
        self.fields = list(meta.concrete_fields)
        self.by_attname = {f.attname: f for f in self.fields}
        self.column = {f.attname: str(f.column) for f in self.fields}
        self.pk_column = str(meta.pk.column) if meta.pk else "id"
        self.pk_attname = str(meta.pk.attname) if meta.pk else "id"
        quote = self.connection.ops.quote_name
        self._quote = quote
        self._convert: dict[str, Callable[[Any], Any] | None] = {
            f.attname: self._converter(f) for f in self.fields
        }
        self._defaults: dict[str, Any] = {}
        for f in self.fields:
            if f.primary_key or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                continue
            self._defaults[f.attname] = self.prep(f.attname, f.get_default())

    def _converter(self, field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
        ops = self.connection.ops
        kind = field.get_internal_type()
        if kind == "JSONField":
            encoder = getattr(field, "encoder", None)
            return lambda v: ops.adapt_json_value(v, encoder)
        if kind == "DateField":
            return ops.adapt_datefield_value
        if kind == "DateTimeField":
            return ops.adapt_datetimefield_value
        target = field.target_field if isinstance(field, models.ForeignKey) else field
        if type(field).__module__.startswith("django.") and target.get_internal_type() in _PLAIN:
            return None  # the driver takes the value as it is
        # Custom fields (e.g. encrypted text), UUIDs, decimals, durations, times: the field's
        # own preparation.
        conn = self.connection
        return lambda v: field.get_db_prep_save(v, conn)

    def prep(self, attname: str, value: Any) -> Any:
        convert = self._convert[attname]
        if convert is None or value is None:
            return value
        return convert(value)

    def allocate_ids(self, count: int) -> list[int]:
        """Reserve ``count`` primary keys. Call inside the transaction that inserts them."""
        if count <= 0:
            return []
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [self.table, self.pk_column, count],
                )
                return [int(r[0]) for r in cursor.fetchall()]
            # SQLite: AUTOINCREMENT never reuses an id, even of a deleted row (audit rows
            # point at ids), so start after the larger of the sequence and the max id.
            cursor.execute(
                f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
                f"COALESCE((SELECT MAX({self._quote(self.pk_column)}) FROM "
                f"{self._quote(self.table)}), 0))",
                [self.table],
            )
            row = cursor.fetchone()
            start = int(row[0] if row else 0) + 1
            return list(range(start, start + count))

    def insert(
        self,
        rows: Sequence[Mapping[str, Any]],
        attnames: Sequence[str],
        constants: Mapping[str, Any] | None = None,
    ) -> None:
        """Insert rows given as ``{attname: value}`` (values not yet prepared).

        ``constants`` are values shared by every row (branch, timestamps), prepared once.
        """
        if not rows:
            return
        constants = constants or {}
        attnames = [a for a in attnames if a not in constants]
        missing = [a for a in self._defaults if a not in attnames and a not in constants]
        columns = [*attnames, *constants, *missing]
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            self._quote(self.table),
            ", ".join(self._quote(self.column[a]) for a in columns),
            ", ".join(["%s"] * len(columns)),
        )
        tail = [self.prep(a, v) for a, v in constants.items()]
        tail += [self._defaults[a] for a in missing]
        converters = [self._convert[a] for a in attnames]
        params = []
        for row in rows:
            values = []
            for attname, convert in zip(attnames, converters, strict=True):
                value = row[attname]
                values.append(value if convert is None or value is None else convert(value))
            params.append([*values, *tail])
        if self.connection.vendor == "postgresql":
            self._copy(columns, params)
            return
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, params)

    def _copy(self, columns: Sequence[str], params: list[list[Any]]) -> None:
        """PostgreSQL: COPY is ~10x faster than executemany's statement per row."""
        names = ", ".join(self._quote(self.column[a]) for a in columns)
        with self.connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {self._quote(self.table)} ({names}) FROM STDIN") as copy:
                for row in params:
                    copy.write_row(row)

    def update(
        self, rows: Sequence[Mapping[str, Any]], attnames: Sequence[str], key: str | None = None
    ) -> None:
        """Set ``attnames`` of the row whose ``key`` (by default the primary key) is
        ``row[key]``, for every row given as ``{attname: value}`` (values not yet prepared).

        PostgreSQL: one ``UPDATE … FROM unnest(…)`` per :data:`ROWS_PER_STATEMENT` rows, each
        column's values one array parameter (cast to the column's type, a varchar without its
        length so that a value too long fails instead of being cut). SQLite: ``executemany``
        of ``UPDATE … WHERE key = ?``, the statement prepared once. Each was the fastest
        measured on its database (docs/decisions.md); both keep to a few parameters per
        statement, far inside either database's limit.
        """
        if not rows:
            return
        if key is None:
            key = self.pk_attname
        names = [key, *attnames]
        for attname in names:
            if attname not in self.column:
                raise ValueError(f"{self.model._meta.label}.{attname} is not a column")
        quote = self._quote
        table = quote(self.table)
        key_column = quote(self.column[key])
        converters = [self._convert[a] for a in names]

        def prepared(row: Mapping[str, Any]) -> list[Any]:
            values = []
            for attname, convert in zip(names, converters, strict=True):
                value = row[attname]
                values.append(value if convert is None or value is None else convert(value))
            return values

        if self.connection.vendor == "postgresql":
            arrays = ", ".join(f"CAST(%s AS {self._cast(a)}[])" for a in names)
            columns = ", ".join(quote(self.column[a]) for a in names)
            sets = ", ".join(
                f"{quote(self.column[a])} = v.{quote(self.column[a])}" for a in attnames
            )
            sql = (
                f"UPDATE {table} SET {sets} FROM unnest({arrays}) AS v ({columns}) "
                f"WHERE {table}.{key_column} = v.{key_column}"
            )
            with self.connection.cursor() as cursor:
                for start in range(0, len(rows), ROWS_PER_STATEMENT):
                    chunk = [prepared(row) for row in rows[start : start + ROWS_PER_STATEMENT]]
                    cursor.execute(sql, [list(column) for column in zip(*chunk, strict=True)])
            return
        sets = ", ".join(f"{quote(self.column[a])} = %s" for a in attnames)
        sql = f"UPDATE {table} SET {sets} WHERE {key_column} = %s"
        params = []
        for row in rows:
            key_value, *values = prepared(row)
            params.append([*values, key_value])
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, params)

    def _cast(self, attname: str) -> str:
        db_type = self.by_attname[attname].db_type(self.connection) or "text"
        return re.sub(r"^(varchar|character varying)\(\d+\)$", r"\1", db_type)


def update_rows(
    model: type[models.Model], rows: Sequence[models.Model], fields: Sequence[str]
) -> None:
    """:meth:`RowWriter.update` for saved instances of ``model``: write ``fields`` (names of
    fields, ``"person"`` or ``"person_id"`` alike) of each as they are on the instance."""
    if not rows:
        return
    meta = model._meta
    attnames = []
    for name in fields:
        field = meta.get_field(name)
        if not isinstance(field, models.Field) or not field.column:
            raise ValueError(f"{meta.label}.{name} is not a column")
        attnames.append(field.attname)
    writer = RowWriter(model)
    values = [{writer.pk_attname: row.pk, **{a: getattr(row, a) for a in attnames}} for row in rows]
    writer.update(values, attnames)
