"""The directory's results are the same for everyone (public statuses only), so they are cached until
the register changes (`libraries.answers.DIRECTORY`): a write shows at once, and the page around the
results stays each visitor's own."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from simpul.libraries.models import Status
from simpul.libraries.services import imports, registrations
from simpul.libraries.services import libraries as library_services
from simpul.testing.publiccache import cached_answer_keys

from .factories import LibraryFactory

pytestmark = pytest.mark.django_db


def _directory(client, **params) -> str:
    return client.get(reverse("libraries:directory"), params).content.decode()


def _results(page: str) -> str:
    return page.split('<div id="results">', 1)[1]


def _cached_keys() -> list[str]:
    return cached_answer_keys("libraries.directory")


def test_a_repeated_visit_is_answered_without_reading_the_database(
    client, library, django_assert_num_queries
):
    first = _directory(client, type="public")
    assert "Perpustakaan Desa Pucangan" in first
    with django_assert_num_queries(0):
        again = _directory(client, type="public")
    assert _results(again) == _results(first)


def test_a_renamed_closed_or_new_library_shows_at_once(client, library, django_capture_on_commit_callbacks):
    assert "1 library" in _directory(client, region="33")
    with django_capture_on_commit_callbacks(execute=True):
        library_services.library_update(actor=None, library=library, name="Perpustakaan Desa Pucangan Jaya")
    page = _directory(client, region="33")
    assert "Pucangan Jaya" in page and "1 library" in page
    with django_capture_on_commit_callbacks(execute=True):
        library_services.library_set_status(actor=None, library=library, status=Status.CLOSED)
    assert '<span class="badge badge-muted">closed</span>' in _directory(client, region="33")
    with django_capture_on_commit_callbacks(execute=True):
        LibraryFactory(name="Perpustakaan Desa Baru", region=library.region)
    page = _directory(client, region="33")
    assert "Perpustakaan Desa Baru" in page and "2 libraries" in page


def test_an_imported_change_shows_at_once(client, library, django_capture_on_commit_callbacks):
    assert "Pucangan" in _directory(client, q="pucangan")
    data = f"npp,name,type,region_code\n{library.npp},Perpustakaan Desa Pucangan Baru,public,33.11.12.2001\n"
    with django_capture_on_commit_callbacks(execute=True):
        plan = imports.import_apply(
            actor=None, data=data.encode(), may_write_region=lambda code: True, job_key="cache"
        )
    assert plan.ok and plan.counts["update"] == 1
    assert "Pucangan Baru" in _directory(client, q="pucangan")


def test_signed_in_people_share_the_results_but_keep_their_own_page(client, member_user, library):
    _directory(client, region="33")
    key = _cached_keys()[0]
    cache.set(key, cache.get(key).replace("Desa Pucangan", "Desa Pucangan (cached)"))
    client.force_login(member_user)
    page = _directory(client, region="33")
    assert "Desa Pucangan (cached)" in page  # the shared answer, not a live one
    assert "Register a library" in page and len(_cached_keys()) == 1


def test_a_pending_registration_never_reaches_the_shared_answer(client, member_user, regions):
    registrations.application_register(
        actor=member_user, applicant=member_user.person, position="Kepala",
        name="Perpustakaan Rahasia", library_type="public", region=regions["33.11.12.2001"],
    )  # fmt: skip
    client.force_login(member_user)
    assert "Perpustakaan Rahasia" not in _directory(client, region="33")
    client.logout()
    assert "Perpustakaan Rahasia" not in _directory(client, region="33")


def test_the_switch_turns_the_cache_off(client, library, monkeypatch):
    monkeypatch.setenv("SIMPUL_PUBLIC_CACHE", "0")
    assert "Pucangan" in _directory(client)
    assert _cached_keys() == []


def test_page_numbers_that_differ_after_eight_characters_get_their_own_answers(client, regions):
    for n in range(30):
        LibraryFactory(name=f"Perpustakaan {n:02d}", region=regions["52.71.01.1004"])
    assert "Page 2 of 2" in _directory(client, page="123456789")  # past the end: the last page
    assert "Page 1 of 2" in _directory(client, page="12345678x")  # not a number: the first page
