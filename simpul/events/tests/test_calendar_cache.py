"""The public calendar's rows are cached for visitors and for people who organise nothing until an event
is written, and never show an organiser's drafts to anyone else (`simpul.core.publiccache`,
`events.answers`)."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from simpul.events import services
from simpul.events.answers import CALENDAR
from simpul.testing.publiccache import cached_answer_keys

from .factories import make_event

pytestmark = pytest.mark.django_db


def _calendar(client, **params) -> str:
    return client.get(reverse("events:index"), params).content.decode()


def _cached_keys() -> list[str]:
    return cached_answer_keys("events.calendar")


def test_a_repeated_anonymous_visit_is_answered_without_reading_the_database(
    client, mataram_event, django_assert_num_queries
):
    first = _calendar(client, kind="seminar")
    assert "Rakerpus Uji" in first
    with django_assert_num_queries(0):
        again = _calendar(client, kind="seminar")
    rows = first.split("<h2>", 1)[1]  # the page around the rows carries a new CSRF mask each time
    assert again.split("<h2>", 1)[1] == rows


def test_an_edited_or_cancelled_event_shows_at_once(
    client, mataram_event, django_capture_on_commit_callbacks
):
    assert "Rakerpus Uji" in _calendar(client)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(actor=None, event=mataram_event, title="Rakerpus XXIV Mataram")
    page = _calendar(client)
    assert "Rakerpus XXIV Mataram" in page and "Rakerpus Uji" not in page
    with django_capture_on_commit_callbacks(execute=True):
        make_event(mataram_event.organisers.get(), title="Bimtek Baru")
    assert "Bimtek Baru" in _calendar(client)


def test_an_event_that_ends_leaves_coming_up_within_a_minute(client, ipi, monkeypatch):
    make_event(ipi["ntb"], title="Hampir Selesai", days_from_now=-0.1, hours=2.5)  # ends in about 5 minutes
    assert "Hampir Selesai" in _calendar(client)
    later = time.time() + 3600
    # An hour later the clock has moved past its end and into another minute: the rows are drawn again.
    monkeypatch.setattr("simpul.core.publiccache.time.time", lambda: later)
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: datetime.datetime.fromtimestamp(later, datetime.UTC)
    )
    assert "Hampir Selesai" not in _calendar(client)


def test_organisers_see_their_drafts_live_and_never_fill_the_shared_cache(
    client, organiser_user, ipi, mataram_event
):
    make_event(ipi["ntb"], title="Draf Panitia", status="draft")
    client.force_login(organiser_user)
    assert "Draf Panitia" in _calendar(client)
    assert _cached_keys() == []
    client.logout()
    assert "Draf Panitia" not in _calendar(client)
    assert len(_cached_keys()) == 1


def test_filters_and_pages_are_answered_separately_and_bad_filters_are_not_cached(client, ipi, regions):
    for n in range(25):
        make_event(ipi["ntb"], title=f"Seminar {n:02d}", days_from_now=1 + n, venue_region=regions["52.71"])
    first, second = _calendar(client), _calendar(client, page=2)
    assert "Seminar 00" in first and "Seminar 00" not in second and "Seminar 24" in second
    assert "Seminar 00" not in _calendar(client, region="33")
    page = _calendar(client, month="not-a-month")
    assert "Seminar 00" in page  # an invalid filter is ignored, and shown as such on the form
    assert len(_cached_keys()) == 3
    # A number past the end gives the last page, a page that is no number the first: two answers that
    # agree on their first eight characters are still two answers (page parameters longer than eight
    # characters, which no link makes, are answered live and not cached).
    assert "Seminar 24" in _calendar(client, page="123456789")
    assert "Seminar 00" in _calendar(client, page="12345678x")
    assert "Seminar 24" in _calendar(client, page="99999999")
    assert len(_cached_keys()) == 4


def test_the_cache_can_be_turned_off(client, mataram_event, monkeypatch):
    monkeypatch.setenv("SIMPUL_PUBLIC_CACHE", "0")
    _calendar(client)
    assert _cached_keys() == []


def test_a_lost_state_token_never_brings_back_older_answers(client, mataram_event):
    _calendar(client)
    old_key = _cached_keys()[0]
    cache.set(old_key, "<p>an answer from before a write</p>")
    cache.delete(CALENDAR._state_key)  # the cache dropped the token (culled or restarted)
    assert "an answer from before a write" not in _calendar(client)
    assert "Rakerpus Uji" in _calendar(client)


def test_a_member_who_organises_nothing_shares_the_visitors_answer(client, member_user, mataram_event):
    visitor_page = _calendar(client)
    client.force_login(member_user)
    cache.set(_cached_keys()[0], cache.get(_cached_keys()[0]).replace("Rakerpus Uji", "Rakerpus (cached)"))
    assert "Rakerpus (cached)" in _calendar(client)  # the shared answer, not a live one
    assert "Rakerpus Uji" in visitor_page and len(_cached_keys()) == 1
