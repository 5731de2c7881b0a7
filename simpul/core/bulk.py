"""Writing many rows at once: PostgreSQL COPY (psycopg 3) for large inserts, `bulk_create` elsewhere.

Django's `bulk_create` prepares every value field by field (`get_db_prep_save`) and sends
multi-row INSERTs; for 100,000+ rows that costs more than the database's own work. `copy_insert`
streams values with `COPY ... FROM STDIN` instead, given column by column (a caller that builds
165,000 rows builds each column in one pass, and a value repeated in every row once). Like
`bulk_create` it calls no `save()` and sends no signals; unlike it, auto-increment keys are not read
back (reserve them first with `reserve_ids` when the caller needs them).
"""

import gc
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import repeat

from django.db import connection, models
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

# Fields whose Python values psycopg writes as they are (no Django preparation needed). Exact
# types: a subclass (an encrypted text field, say) may prepare its values, so it goes through Django.
_PLAIN = {
    models.CharField,
    models.SlugField,
    models.EmailField,
    models.URLField,
    models.TextField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.BooleanField,
    models.DateField,
    models.DecimalField,
    models.ForeignKey,
    models.OneToOneField,
    models.AutoField,
    models.BigAutoField,
}


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's automatic garbage collection off meanwhile. For work that builds hundreds of
    thousands of objects that stay alive (the rows of a large file): each full collection walks
    every live object, and they came often enough to take about a sixth of a 165,000-row import's
    Python time. Cycles made meanwhile are collected once it is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def uses_copy() -> bool:
    return connection.vendor == "postgresql"


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys from the table's sequence (PostgreSQL), in one statement."""
    if not count:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_insert(model: type[models.Model], columns: Mapping[str, Sequence], count: int) -> int:
    """Insert `count` rows with COPY, given column by column: `columns[attname]` holds one value per
    row. A field without a column takes its default (an auto-increment key is left to the
    database); auto_now/auto_now_add fields get the same "now". Values of plain fields are written
    as they are; JSON fields are encoded (an object repeated in a column, once); other fields go
    through Django's preparation. Returns the number of rows. PostgreSQL only: see `uses_copy`."""
    now = timezone.now()
    fields, values = [], []
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            column = repeat(now if isinstance(f, models.DateTimeField) else timezone.localdate(now), count)
        elif f.attname in columns:
            column = _prepared(f, columns[f.attname])
        elif isinstance(f, AutoFieldMixin):
            continue
        else:
            column = repeat(_prepared(f, [f.get_default()])[0], count)
        fields.append(f)
        values.append(column)
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in zip(*values, strict=True):
            copy.write_row(row)
            written += 1
    return written


def _prepared(f: models.Field, column: Sequence) -> Sequence:
    if type(f) is models.JSONField:  # JSON text: COPY reads it into json/jsonb as it is
        encoded: dict[int, str] = {}  # by identity: the objects live in `column` meanwhile

        def encode(value):
            if value is None:
                return None
            text = encoded.get(id(value))
            if text is None:
                text = encoded[id(value)] = json.dumps(value, cls=f.encoder)
            return text

        return [encode(v) for v in column]
    if type(f) not in _PLAIN:
        return [f.get_db_prep_save(v, connection=connection) for v in column]
    return column
