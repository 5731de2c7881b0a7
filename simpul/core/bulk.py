"""Writing many rows at once: PostgreSQL COPY (psycopg 3) for large inserts, `bulk_create` elsewhere.

Django's `bulk_create` prepares every value field by field (`get_db_prep_save`) and sends
multi-row INSERTs; for 100,000+ rows that costs more than the database's own work. `copy_insert`
streams the instances' values with `COPY ... FROM STDIN` instead. Like `bulk_create` it calls no
`save()` and sends no signals; unlike it, auto-increment keys are not read back (reserve them first
with `reserve_ids` when the caller needs them).
"""

import json
from collections.abc import Iterable, Sequence

from django.db import connection, models
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


def copy_insert(model: type[models.Model], objs: Iterable, *, skip: Sequence[str] = ()) -> int:
    """Insert `objs` with COPY; every concrete field is written except those named in `skip` (for
    example an auto-increment "id" left to its default). An object is a model instance or any object
    with the fields' attnames as attributes (a `SimpleNamespace` costs far less to build than a
    model instance); a missing attribute takes the field's default. auto_now/auto_now_add fields
    get the same "now". Returns the number of rows. PostgreSQL only: see `uses_copy`."""
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if f.name not in skip and f.attname not in skip]
    getters = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now if isinstance(f, models.DateTimeField) else timezone.localdate(now)
            getters.append(lambda obj, _v=value: _v)
            continue
        default = f.get_default()
        if type(f) is models.JSONField:  # JSON text: COPY reads it into json/jsonb as it is
            getters.append(
                lambda obj, _a=f.attname, _d=default, _enc=f.encoder: (
                    None if (v := getattr(obj, _a, _d)) is None else json.dumps(v, cls=_enc)
                )
            )
        elif type(f) not in _PLAIN:
            getters.append(
                lambda obj, _f=f, _d=default: _f.get_db_prep_save(
                    getattr(obj, _f.attname, _d), connection=connection
                )
            )
        else:
            getters.append(lambda obj, _a=f.attname, _d=default: getattr(obj, _a, _d))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in objs:
            copy.write_row([get(obj) for get in getters])
            count += 1
    return count
