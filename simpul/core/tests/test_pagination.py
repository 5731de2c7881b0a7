from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from simpul.core.pagination import BoundedPaginator, bounded_count, paginate

ALL = ContentType.objects.order_by("id")  # dozens of rows in any test database


def test_the_count_is_exact_below_the_cap(db):
    assert bounded_count(ALL, cap=10_000) == (ALL.count(), False)


def test_the_count_reads_at_most_cap_plus_one_rows(db):
    with CaptureQueriesContext(connection) as queries:
        assert bounded_count(ALL, cap=5) == (5, True)
    assert len(queries) == 1 and "LIMIT 6" in queries[0]["sql"]


def test_pages_stop_at_the_cap_and_the_component_says_there_are_more(db):
    request = RequestFactory().get("/", {"page": "99"})
    page = paginate(request, ALL, per_page=2, cap=5)
    assert page.paginator.capped and page.paginator.num_pages == 3 and page.number == 3
    html = render_to_string("components/pagination.html", {"page_obj": page})
    assert "Page 3 of more than 3" in html


def test_an_uncapped_list_reads_page_n_of_m(db):
    page = BoundedPaginator(ALL, 2, cap=10_000).page(1)
    html = render_to_string("components/pagination.html", {"page_obj": page})
    assert not page.paginator.capped and f"Page 1 of {page.paginator.num_pages}<" in html
