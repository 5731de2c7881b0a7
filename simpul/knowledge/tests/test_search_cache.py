"""The shared cache of anonymous search answers and the pre-counted public facets.

A cached answer is keyed by the search state (`answers.SEARCH`, a `PublicAnswers`), which every
write of an item renews when its transaction commits: a change shows at once, and what a reader may
not see never comes from the cache.
"""

from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.knowledge import answers, indexing, selectors, services
from simpul.knowledge.models import Access, FacetCount, ItemType
from simpul.knowledge.permissions import items_visible_to
from simpul.testing.publiccache import cached_answer_keys

from . import factories as kf

pytestmark = pytest.mark.django_db


def kept_answer(client, url, params=None):
    """Asks twice, the way an answer comes to be kept (`answers.SEARCH` keeps a question's answer from
    its second ask in a process on), and checks that it is; the second response."""
    before = len(cached_answer_keys("knowledge.search"))
    client.get(url, params or {})
    response = client.get(url, params or {})
    assert len(cached_answer_keys("knowledge.search")) == before + 1
    return response


def results(response) -> str:
    """The results part of a search page (the rest holds per-response tokens)."""
    page = response.content.decode()
    return page[page.index('<div id="results">') :]


@pytest.fixture
def published(collection, depositor_user, curator_user):
    def make(title, **extra):
        return kf.item(
            actor=depositor_user, collection=collection, title=title, publish_by=curator_user, **extra
        )

    return make


def test_a_repeated_anonymous_search_is_answered_from_the_cache(
    client, published, django_assert_max_num_queries
):
    for n in range(5):
        published(f"Naskah lontar {n}")
    first = kept_answer(client, reverse("knowledge:index"), {"q": "naskah"})
    with django_assert_max_num_queries(0):  # the state token and the answer are both in the cache
        again = client.get(reverse("knowledge:index"), {"q": "naskah"})
    assert results(again) == results(first)
    assert "Naskah lontar 4" in again.content.decode()
    api = reverse("api:knowledge_search")
    assert kept_answer(client, api, {"q": "naskah"}).json()["count"] == 5
    with django_assert_max_num_queries(0):
        assert client.get(api, {"q": "naskah"}).json()["count"] == 5


def test_a_question_asked_once_is_answered_live_and_not_kept(client, published):
    """Most questions typed into a search box are asked once: keeping each would cost a write and fill
    the cache with answers nobody reads. The second ask (in a server process) keeps the answer."""
    published("Naskah lontar")
    for url in (reverse("knowledge:index"), reverse("api:knowledge_search")):
        assert "Naskah lontar" in client.get(url, {"q": "lontar"}).content.decode()
    assert cached_answer_keys("knowledge.search") == []
    client.get(reverse("knowledge:index"), {"q": "lontar"})
    assert len(cached_answer_keys("knowledge.search")) == 1


def test_a_publication_shows_at_once(client, published, django_capture_on_commit_callbacks):
    published("Naskah lontar pertama")
    assert (
        "Naskah lontar kedua"
        not in kept_answer(client, reverse("knowledge:index"), {"q": "naskah"}).content.decode()
    )
    assert kept_answer(client, reverse("api:knowledge_search"), {"q": "naskah"}).json()["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        published("Naskah lontar kedua")
    assert "Naskah lontar kedua" in client.get(reverse("knowledge:index"), {"q": "naskah"}).content.decode()
    assert client.get(reverse("api:knowledge_search"), {"q": "naskah"}).json()["count"] == 2


def test_narrowing_the_access_or_withdrawing_hides_the_item_from_cached_answers(
    client, published, curator_user, ipi, django_capture_on_commit_callbacks
):
    kept = published("Naskah lontar terbuka")
    narrowed = published("Naskah lontar rahasia")
    page = reverse("knowledge:index")
    api = reverse("api:knowledge_search")
    assert "Naskah lontar rahasia" in kept_answer(client, page, {"q": "naskah"}).content.decode()
    assert "Naskah lontar rahasia" in kept_answer(client, page).content.decode()
    assert kept_answer(client, api, {"q": "naskah"}).json()["count"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.item_update(actor=curator_user, item=narrowed, data={"access": Access.RESTRICTED})
    assert "Naskah lontar rahasia" not in client.get(page, {"q": "naskah"}).content.decode()
    assert "Naskah lontar rahasia" not in client.get(page).content.decode()
    answer = kept_answer(client, api, {"q": "naskah"}).json()
    assert answer["count"] == 1 and [i["title"] for i in answer["items"]] == ["Naskah lontar terbuka"]
    kept_answer(client, page, {"q": "naskah"})
    with django_capture_on_commit_callbacks(execute=True):
        services.item_withdraw(actor=curator_user, item=kept, reason="Duplikat")
    assert client.get(api, {"q": "naskah"}).json()["count"] == 0
    assert "Naskah lontar terbuka" not in client.get(page, {"q": "naskah"}).content.decode()


def test_signed_in_readers_are_answered_live_and_never_fill_the_anonymous_cache(
    client, as_user, published, curator_user, ipi
):
    published("Naskah lontar anggota", access=Access.MEMBERS, organisation=ipi["central"])
    published("Naskah lontar umum")
    curator = as_user(curator_user)
    assert (
        "Naskah lontar anggota" in curator.get(reverse("knowledge:index"), {"q": "naskah"}).content.decode()
    )
    assert curator.get(reverse("api:knowledge_search"), {"q": "naskah"}).json()["count"] == 2
    curator.logout()
    anonymous = client.get(reverse("knowledge:index"), {"q": "naskah"}).content.decode()
    assert "Naskah lontar umum" in anonymous and "Naskah lontar anggota" not in anonymous
    assert client.get(reverse("api:knowledge_search"), {"q": "naskah"}).json()["count"] == 1


@pytest.mark.parametrize("switch", ["SIMPUL_KNOWLEDGE_SEARCH_CACHE", "SIMPUL_PUBLIC_CACHE"])
def test_the_search_cache_can_be_turned_off(client, published, monkeypatch, switch):
    published("Naskah lontar")
    monkeypatch.setenv(switch, "0")
    client.get(reverse("knowledge:index"), {"q": "naskah"})
    with CaptureQueriesContext(connection) as queries:
        assert "Naskah lontar" in client.get(reverse("knowledge:index"), {"q": "naskah"}).content.decode()
    # Searched again, live: the index was read.
    assert any(
        "knowledge_fts" in q["sql"] or "knowledge_posting" in q["sql"] for q in queries.captured_queries
    )
    assert cached_answer_keys("knowledge.search") == []


def test_the_cached_answers_move_when_the_change_commits(
    client, published, curator_user, django_capture_on_commit_callbacks
):
    """The state is renewed on commit (a write that is rolled back renews nothing), at once."""
    item = published("Naskah lontar rahasia")
    page = reverse("knowledge:index")
    assert "Naskah lontar rahasia" in kept_answer(client, page, {"q": "naskah"}).content.decode()
    with django_capture_on_commit_callbacks(execute=False) as pending:
        services.item_update(actor=curator_user, item=item, data={"access": Access.RESTRICTED})
    assert len(pending) >= 1  # the renewal waits for the commit...
    assert "Naskah lontar rahasia" in client.get(page, {"q": "naskah"}).content.decode()
    for callback in pending:
        callback()
    assert "Naskah lontar rahasia" not in client.get(page, {"q": "naskah"}).content.decode()


# --- Pre-counted facets -----------------------------------------------------------------------
def test_pre_counted_facets_equal_a_recount_through_every_step(
    published, depositor_user, curator_user, collection, ipi, regions
):
    assert indexing.facet_counts_check()
    a = published("Naskah lontar", year=None, date_issued="2019")
    b = published("Cerita rakyat", item_type=ItemType.LOCAL_KNOWLEDGE, language="bew", region=regions["31"])
    draft = kf.item(actor=depositor_user, collection=collection, title="Masih draf")
    published("Naskah anggota", access=Access.MEMBERS, organisation=ipi["central"])
    assert indexing.facet_counts_check()
    stored = indexing.facet_counts_stored()
    assert stored[("total", "")] == 2
    assert stored[("type", ItemType.LOCAL_KNOWLEDGE)] == 1
    assert stored[("region", "31")] == 1 and stored[("language", "bew")] == 1
    services.item_update(actor=curator_user, item=a, data={"item_type": ItemType.BOOK, "date_issued": "2020"})
    services.item_update(actor=curator_user, item=b, data={"access": Access.RESTRICTED})
    services.item_update(actor=depositor_user, item=draft, data={"title": "Masih draf juga"})
    assert indexing.facet_counts_check()
    assert indexing.facet_counts_stored()[("total", "")] == 1
    services.item_withdraw(actor=curator_user, item=a, reason="Ditarik")
    assert indexing.facet_counts_check()
    assert indexing.facet_counts_stored() == {}
    indexing.facet_counts_rebuild()
    assert indexing.facet_counts_check()


def test_browsing_without_words_reads_the_pre_counted_facets(
    client, published, ipi, regions, django_assert_max_num_queries
):
    published("Naskah lontar", region=regions["31"])
    published("Naskah rahasia", access=Access.RESTRICTED)
    # The pre-counted facets, not a count of the items: the page shows what FacetCount holds.
    FacetCount.objects.filter(facet="type", value=ItemType.PAPER).update(count=41)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("knowledge:index")).content.decode()
    assert "(41)" in page and "Naskah rahasia" not in page
    facets = client.get(reverse("api:knowledge_search")).json()["facets"]
    assert facets["type"] == [{"value": "paper", "label": "paper", "count": 41}]
    assert client.get(reverse("api:knowledge_search")).json()["count"] == 1


def test_anonymous_facets_from_the_narrow_table_equal_the_count_of_the_items(published, ipi, regions):
    published("Naskah lontar Betawi", region=regions["31"], language="bew")
    published("Naskah lontar Jawa", item_type=ItemType.BOOK, region=regions["33"])
    published("Naskah lontar anggota", access=Access.MEMBERS, organisation=ipi["central"])
    published("Naskah lontar rahasia", access=Access.RESTRICTED)
    visible = items_visible_to(AnonymousUser())
    for params in ({"type": "book"}, {"region": "31"}, {"language": "bew", "region": "31"}):
        f = selectors.SearchFilter.from_params(params)
        narrow = selectors.facet_counts(selectors.items_matching(visible, f), f, public=True)
        live = selectors.facet_counts(
            selectors.items_matching(visible, f), selectors.SearchFilter.from_params(params)
        )
        assert narrow == live, params
    f = selectors.SearchFilter.from_params({"type": "book"})
    assert selectors.facet_counts(selectors.items_matching(visible, f), f, public=True)[1] == 1


def test_the_facets_of_a_search_count_the_items_it_found(published, ipi, regions, curator_user):
    """The index counts each facet from what it holds of the items: the same as counting the items."""
    published("Naskah lontar Betawi", region=regions["31"], language="bew", date_issued="2019")
    published("Naskah lontar Jawa", item_type=ItemType.BOOK, region=regions["33"], licence="cc0-1.0")
    published("Naskah lontar anggota", access=Access.MEMBERS, organisation=ipi["central"])
    published("Naskah lontar rahasia", access=Access.RESTRICTED, date_issued="2020")
    columns = {"type": "item_type", "year": "year", "region": "province_code", "language": "language"}
    for reader in (AnonymousUser(), curator_user):
        for params in (
            {"q": "naskah"},
            {"q": "lontar", "region": "31"},
            {"q": "naskah jawa"},
            {"q": "lontar rahasia"},
        ):
            results, items = kf.search(reader, **params)
            assert results.total == len(items), params
            for facet, column in columns.items():
                counted = Counter(
                    str(getattr(i, column)) for i in items if getattr(i, column) not in (None, "")
                )
                assert {v.value: v.count for v in results.facets[facet]} == counted, (reader, params, facet)
    assert [i.title for i in kf.found(AnonymousUser(), q="lontar rahasia")] == []
    assert [i.title for i in kf.found(curator_user, q="lontar rahasia")] == ["Naskah lontar rahasia"]


def test_an_answer_cached_in_another_shape_is_searched_again(client, published, monkeypatch):
    published("Naskah lontar")
    monkeypatch.setattr(answers.SEARCH, "get", lambda key: "<p>an older release's answer</p>")
    page = client.get(reverse("knowledge:index"), {"q": "naskah"})
    assert page.status_code == 200 and "Naskah lontar" in page.content.decode()


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest", "title"])
def test_anonymous_pages_ordered_from_the_narrow_table_equal_the_items_order(published, ipi, sort):
    for n, year in enumerate(["2017", "2019", "2018", "2019"]):
        published(f"Naskah lontar {n} naskah" + " naskah" * n, date_issued=year)
    published("Naskah lontar rahasia", access=Access.RESTRICTED)
    published("Naskah lontar anggota", access=Access.MEMBERS, organisation=ipi["central"])
    visible = items_visible_to(AnonymousUser())
    for params in ({"sort": sort}, {"year": "2019", "sort": sort}):
        f = selectors.SearchFilter.from_params(params)
        expected = list(selectors.items_search(visible, f).values_list("pk", flat=True))
        assert list(selectors.ids_search(visible, f, public=True)) == expected, params
        assert len(expected) == (2 if "year" in params else 4)


def test_a_search_with_words_pages_in_the_order_chosen(published, ipi, curator_user):
    made = [
        published(f"{title} naskah" + " naskah" * n, date_issued=year)
        for n, (title, year) in enumerate(
            [("Cerita", "2017"), ("Babad", "2019"), ("Arsip", "2018"), ("Dongeng", "2019")]
        )
    ]
    hidden = published("Zaman naskah rahasia", access=Access.RESTRICTED, date_issued="2021")
    newest = sorted(made, key=lambda i: (-i.year, -i.pk))
    assert kf.found(AnonymousUser(), q="naskah", sort="newest") == newest
    assert kf.found(AnonymousUser(), q="naskah", sort="oldest") == sorted(made, key=lambda i: (i.year, i.pk))
    assert kf.found(AnonymousUser(), q="naskah", sort="title") == sorted(made, key=lambda i: i.title)
    # Relevance: the more often the word occurs, the higher (the last one has it four times).
    assert kf.found(AnonymousUser(), q="naskah") == made[::-1]
    assert kf.found(curator_user, q="naskah", sort="newest") == [hidden, *newest]
    # A page from an offset: the second and third of the order, with the total of all.
    results, items = kf.search(AnonymousUser(), q="naskah", sort="newest", limit=2, offset=1)
    assert items == newest[1:3] and results.total == 4
