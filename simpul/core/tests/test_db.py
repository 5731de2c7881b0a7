"""Statements planned once per connection (`prepared_cursor`) answer as the plain cursor does."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from simpul.core.db import among, prepared_cursor

LOOKUP = "SELECT id, model FROM django_content_type WHERE {chosen} ORDER BY id"


def _rows(cursor_factory, ids):
    chosen, params = among("id", ids)
    with cursor_factory() as cursor:
        cursor.execute(LOOKUP.format(chosen=chosen), params)
        return cursor.fetchall()


@pytest.mark.parametrize("count", [1, 3, 12])
def test_a_prepared_lookup_reads_the_same_rows_as_the_plain_cursor(db, count):
    ids = list(ContentType.objects.order_by("id").values_list("id", flat=True)[:count])
    expected = list(ContentType.objects.filter(id__in=ids).order_by("id").values_list("id", "model"))
    assert len(expected) == count
    for _ in range(3):  # the first execution prepares, the next ones run the kept statement
        assert _rows(prepared_cursor, ids) == expected
    assert _rows(connection.cursor, ids) == expected


def test_the_query_log_shows_a_prepared_statement_with_its_values(db):
    ids = list(ContentType.objects.order_by("id").values_list("id", flat=True)[:2])
    with CaptureQueriesContext(connection) as queries:
        _rows(prepared_cursor, ids)
    assert len(queries) == 1
    logged = queries[0]["sql"]
    assert "django_content_type" in logged and all(str(pk) in logged for pk in ids)


def _plans() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%FROM django_content_type WHERE id = ANY($1)%"],
        )
        kept = cursor.fetchall()
    assert len(kept) <= 1
    return kept[0] if kept else (0, 0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_on_postgresql_the_statement_is_kept_with_one_generic_plan(db):
    ids = list(ContentType.objects.order_by("id").values_list("id", flat=True)[:3])
    _rows(prepared_cursor, ids)
    generic, custom = _plans()
    for _ in range(4):
        _rows(prepared_cursor, ids)
    # Prepared once, planned once: every execution ran the generic plan, none was planned anew.
    assert _plans() == (generic + 4, custom) and custom == 0


def test_among_with_many_values_reads_each_once(db):
    ids = list(ContentType.objects.values_list("id", flat=True))
    assert len(_rows(prepared_cursor, ids + ids)) == len(ids)
