"""Statements PostgreSQL plans once per connection.

Django sends every statement with its parameters written in (client-side binding), so PostgreSQL
parses and plans it anew each time. For a short statement read on every request that planning can
cost more than running it: the repository's page of results (twenty items by id with their collection,
region and creators) took 0.3-0.7 ms to plan and 0.3 ms to run.

`prepared_cursor()` gives a cursor whose statements are sent with their parameters apart and kept
prepared on the connection (psycopg's `prepare=True`), planned once with a generic plan
(`plan_cache_mode = force_generic_plan`, set for each new connection; it concerns only prepared
statements, and Django prepares none of its own). Use it only for statements whose best plan does not
depend on the parameters' values (lookups by key, `= ANY(%s)` over ids): a generic plan is not
chosen for the values at hand. The statement text should not vary with the number of values
(`= ANY(%s)` with a list, not `IN (%s, %s, ...)`), or each length is prepared apart.

Connection poolers in transaction mode (PgBouncer before 1.21) do not keep prepared statements;
docs/OPERATIONS.md says so. On SQLite this is the plain cursor.
"""

from contextlib import contextmanager

from django.db import connection
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper


@contextmanager
def prepared_cursor():
    """A cursor (Django's wrapper, so query logging and execute wrappers see its statements) whose
    statements PostgreSQL plans once per connection; the plain cursor elsewhere."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = _PreparingCursor(connection.connection)
    cursor = _LoggedPrepared(raw, connection) if connection.queries_logged else connection.make_cursor(raw)
    try:
        yield cursor
    finally:
        cursor.close()


NEVER_BY_COUNT = 2**31


class _PreparingCursor(ServerBindingCursor):
    """psycopg's server-binding cursor that prepares each statement."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


class _LoggedPrepared(CursorDebugWrapper):
    """Django's query log (tests, DEBUG) with each statement's parameters written in: psycopg keeps
    no statement text of a prepared execution for `last_executed_query`."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params) if params else sql):
            return CursorWrapper.execute(self, sql, params)


def plan_prepared_once(sender, connection, **kwargs) -> None:
    """Prepared statements of this connection keep one generic plan (see the module's note); connected
    to `connection_created` by the core app."""
    if connection.vendor == "postgresql":
        # Django turns psycopg's preparing off (threshold None), which `prepare=True` cannot override.
        # A threshold no statement reaches prepares only what asks for it; Django's own cursors bind
        # on the client and never prepare.
        connection.connection.prepare_threshold = NEVER_BY_COUNT
        with connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_generic_plan")


def among(column: str, values) -> tuple[str, list]:
    """`column` is one of `values`, as SQL and its parameters: one array parameter on PostgreSQL (the
    statement's text is the same for any number of values, so it is prepared once), a list of marks
    elsewhere. `values` must not be empty."""
    values = list(values)
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [values]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values
