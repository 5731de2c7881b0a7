"""The statistics page's content is the same for everyone, so it is cached until the aggregates move
(`libraries.answers.STATISTICS`): a repeated visit reads nothing, and a register write shows at once."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from simpul.libraries.answers import STATISTICS
from simpul.libraries.models import Library, Status
from simpul.libraries.services import libraries as library_services
from simpul.libraries.services import stats
from simpul.testing.publiccache import cached_answer_keys

from .factories import LibraryFactory

pytestmark = pytest.mark.django_db


def _statistics(client, region="") -> str:
    return client.get(reverse("libraries:statistics"), {"region": region} if region else {}).content.decode()


def _cached_keys() -> list[str]:
    return cached_answer_keys("libraries.statistics")


def _public_row(page: str) -> str:
    """The public libraries' counts by status: awaiting, registered, listed, closed, rejected."""
    row = page.split("By type and status", 1)[1].split('<th scope="row">public library</th>', 1)[1]
    return row.split("</tr>", 1)[0].replace('<td class="num">', "").replace("</td>", " ").strip()


def test_a_repeated_visit_is_answered_without_reading_the_database(
    client, library, django_assert_num_queries
):
    first = _statistics(client, "33.11")
    assert "Kartasura" in first
    with django_assert_num_queries(0):
        again = _statistics(client, "33.11")
    assert again.split('<nav class="breadcrumbs"', 1)[1] == first.split('<nav class="breadcrumbs"', 1)[1]


def test_a_closed_or_new_library_shows_at_once(client, library, django_capture_on_commit_callbacks):
    assert _public_row(_statistics(client)) == "0 1 0 0 0"
    with django_capture_on_commit_callbacks(execute=True):
        library_services.library_set_status(actor=None, library=library, status=Status.CLOSED)
    assert _public_row(_statistics(client)) == "0 0 0 1 0"
    with django_capture_on_commit_callbacks(execute=True):
        LibraryFactory(name="Perpustakaan Desa Baru", subtype="village", region=library.region)
    assert _public_row(_statistics(client)) == "0 1 0 1 0"


def test_a_rebuild_of_the_aggregates_shows_at_once(client, library, django_capture_on_commit_callbacks):
    assert _public_row(_statistics(client)) == "0 1 0 0 0"
    Library.objects.filter(pk=library.pk).update(status=Status.LISTED)  # behind the services' back
    assert _public_row(_statistics(client)) == "0 1 0 0 0"
    with django_capture_on_commit_callbacks(execute=True):
        stats.stats_rebuild()
    assert _public_row(_statistics(client)) == "0 0 1 0 0"


def test_a_signed_in_officer_gets_the_same_answer(client, office_user, library):
    visitor_page = _statistics(client, "33")
    key = _cached_keys()[0]
    name, body = cache.get(key)
    cache.set(key, (name, body.replace("Sukoharjo", "Sukoharjo (cached)")))
    client.force_login(office_user)
    assert "Sukoharjo (cached)" in _statistics(client, "33") and "Sukoharjo (cached)" not in visitor_page
    assert len(_cached_keys()) == 1


def test_the_switch_turns_the_cache_off(client, library, monkeypatch):
    monkeypatch.setenv("SIMPUL_PUBLIC_CACHE", "0")
    assert "Kartasura" in _statistics(client, "33.11")
    assert _cached_keys() == []


def test_an_unknown_region_is_not_found_and_not_cached(client, regions):
    assert client.get(reverse("libraries:statistics"), {"region": "99"}).status_code == 404
    assert client.get(reverse("libraries:statistics"), {"region": "33.11.12.2001"}).status_code == 404
    assert _cached_keys() == []
    assert STATISTICS.enabled()
