from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from simpul.core.pagination import BoundedPaginator, bounded_count, pager, paginate

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


def _pager(page: int, pages: int, query: str = "", **kwargs) -> str:
    return pager(page, has_previous=page > 1, has_next=page < pages, query=query, num_pages=pages, **kwargs)


def test_the_pager_links_keep_the_query_escaped():
    html = _pager(2, 3, query='q=it\'s&status="a"<b>')
    assert '<a href="?q=it&#x27;s&amp;status=&quot;a&quot;&lt;b&gt;&amp;page=1" rel="prev">' in html
    assert '<a href="?q=it&#x27;s&amp;status=&quot;a&quot;&lt;b&gt;&amp;page=3" rel="next">' in html
    assert 'href="?page=1"' in _pager(2, 3)  # no query: the page alone


def test_the_pager_marks_the_current_page():
    assert '<span aria-current="page">Page 2 of 3</span>' in _pager(2, 3)
    assert '<span aria-current="page">Page 2 of more than 3</span>' in _pager(2, 3, capped=True)
    assert '<span aria-current="page">Page 2</span>' in pager(2, has_previous=True, has_next=True)


def test_the_first_page_has_no_previous_link_and_the_last_no_next_link():
    first, last = _pager(1, 3), _pager(3, 3)
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert _pager(1, 1) == ""  # one page: no pager at all


def test_the_pager_speaks_indonesian_and_english():
    with translation.override("id"):
        html = _pager(2, 3)
        assert 'aria-label="Halaman"' in html and "Halaman 2 dari 3" in html
        assert "‹ Sebelumnya</a>" in html and "Berikutnya ›</a>" in html
        assert "Halaman 2 dari lebih dari 3" in _pager(2, 3, capped=True)
    with translation.override("en"):
        html = _pager(2, 3)
        assert 'aria-label="Pages"' in html and "Page 2 of 3" in html
        assert "‹ Previous</a>" in html and "Next ›</a>" in html


def test_the_component_draws_the_same_pager_for_a_page(db):
    page = BoundedPaginator(ALL, 2, cap=10_000).page(2)
    query = "q=it%27s&kind=library"
    html = render_to_string("components/pagination.html", {"page_obj": page, "query": query})
    expected = pager(
        2, has_previous=True, has_next=page.has_next(), query=query, num_pages=page.paginator.num_pages
    )
    assert html == f"{expected}\n"
    assert (
        render_to_string("components/pagination.html", {"page_obj": BoundedPaginator(ALL, 10_000).page(1)})
        == "\n"
    )
