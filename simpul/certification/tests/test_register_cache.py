"""The public register (page and API) is answered from a shared cache until a certificate or scheme
changes, and for the day (`certification.answers`); every kind of change shows at once, and the answer
holds only valid certificates, whoever asked first."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from simpul.testing import factories as base

from .. import services
from ..answers import REGISTER
from ..models import Certificate
from . import factories as f
from . import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(regions):
    return f.lsp_setup(regions)


@pytest.fixture
def certified(setup):
    return register.certify(setup, "Sri Wahyuni")


def _cached_keys() -> list[str]:
    stored = [key.split(":", 2)[2] for key in cache._cache]  # ":<version>:<key>"
    return [k for k in stored if k.startswith("public:certification.register:") and not k.endswith(":state")]


def test_a_repeated_search_is_answered_without_reading_the_database(
    client, certified, django_assert_num_queries
):
    first, data = register.page(client, q="wahyu"), register.api(client, q="wahyu")
    assert certified.number in first and data["items"][0]["number"] == certified.number
    with django_assert_num_queries(0):
        again, data_again = register.page(client, q="wahyu"), register.api(client, q="wahyu")
    table = first.split("<table>", 1)[1]  # the page around it carries a new CSRF mask each time
    assert again.split("<table>", 1)[1] == table and data_again == data


def test_a_new_certificate_shows_at_once(client, setup, certified):
    assert "budi santoso" not in register.page(client).lower()
    assert register.api(client)["count"] == 1
    register.certify(setup, "Budi Santoso")
    assert "budi santoso" in register.page(client).lower()
    assert register.api(client)["count"] == 2


def test_a_revoked_certificate_leaves_at_once(client, setup, certified, django_capture_on_commit_callbacks):
    assert certified.number in register.page(client) and register.api(client)["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_revoke(actor=setup["admin"], certificate=certified, reason="Dokumen palsu")
    assert certified.number not in register.page(client)
    assert register.api(client) == {"items": [], "count": 0, "count_exact": True}


def test_a_renamed_scheme_shows_at_once_in_the_rows_and_the_filter(
    client, setup, certified, django_capture_on_commit_callbacks
):
    assert "Pengembangan Koleksi" in register.page(client)
    with django_capture_on_commit_callbacks(execute=True):
        services.scheme_update(
            actor=setup["admin"], scheme=setup["scheme"], title="Pengembangan Koleksi Digital"
        )
    assert "Pengembangan Koleksi Digital</td>" in register.page(client)
    assert register.api(client)["items"][0]["scheme"] == "Pengembangan Koleksi Digital"


def test_a_closed_or_new_scheme_leaves_or_joins_the_filter_at_once(
    client, setup, certified, django_capture_on_commit_callbacks
):
    option = f'<option value="{setup["scheme"].pk}">Pengembangan Koleksi</option>'
    assert option in register.page(client)
    with django_capture_on_commit_callbacks(execute=True):
        services.scheme_set_active(actor=setup["admin"], scheme=setup["scheme"], is_active=False)
    assert option not in register.page(client)
    assert certified.number in register.page(client)  # its certificates stay in the register
    with django_capture_on_commit_callbacks(execute=True):
        services.scheme_create(
            actor=setup["admin"],
            lsp=setup["lsp"],
            code="KL-LP",
            title="Layanan Pemustaka",
            units=setup["units"],
        )
    assert ">Layanan Pemustaka</option>" in register.page(client)


def test_an_expired_certificate_leaves_the_next_day_without_any_write(client, certified, monkeypatch):
    Certificate.objects.filter(pk=certified.pk).update(valid_until=timezone.localdate())
    cache.clear()
    assert certified.number in register.page(client) and register.api(client)["count"] == 1
    later = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    assert certified.number not in register.page(client)
    assert register.api(client)["count"] == 0


def test_only_valid_certificates_reach_the_shared_answer_whoever_asks_first(client, setup, certified):
    pending = f.assessed_application(setup)  # assessed, not decided: no certificate yet
    revoked = register.certify(setup, "Dewi Dicabut")
    services.certificate_revoke(actor=setup["admin"], certificate=revoked, reason="Dokumen palsu")
    expired = register.certify(setup, "Eko Kedaluwarsa")
    Certificate.objects.filter(pk=expired.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(setup["admin"])  # the LSP administrator, who manages them all, asks first
    page = register.page(client)
    assert certified.number in page
    for hidden in (pending.name_on_diploma, revoked.number, expired.number, "Dicabut", "Kedaluwarsa"):
        assert hidden.lower() not in page.lower()
    client.logout()
    other = base.PersonFactory()
    client.force_login(other.user)
    assert register.page(client).split("<table>", 1)[1] == page.split("<table>", 1)[1]
    assert len(_cached_keys()) == 1
    data = register.api(client)
    assert set(data["items"][0]) == {
        "number",
        "holder",
        "scheme_code",
        "scheme",
        "issued_on",
        "valid_until",
        "status",
        "verify_url",
        "code",
    }


def test_names_are_escaped_and_numbers_link_to_their_verification(
    client, setup, django_capture_on_commit_callbacks
):
    certificate = register.certify(setup, 'Ani <script>alert("x")</script>')
    page = register.page(client)
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page.lower()
    verify = reverse("credentials:verify", args=[certificate.credential.code])
    assert f'<a href="{verify}">{certificate.number}</a>' in page
    issued = certificate.issued_on
    assert f"<td>{issued.day} {issued:%b} {issued.year}</td>" in page  # as date:"j M Y" prints it (English)


def test_short_words_match_the_start_of_a_word_and_numbers_match_exactly(client, setup, certified):
    assert certified.number in register.page(client, q="Sr")  # "SRI WAHYUNI"
    assert certified.number in register.page(client, q="wa")  # a later word
    assert certified.number not in register.page(client, q="ri")  # inside a word: not for one or two letters
    assert certified.number in register.page(client, q="ahyu")  # three letters or more: anywhere
    assert register.api(client, q=certified.number.lower())["count"] == 1
    assert register.api(client, q=certified.number + "9")["count"] == 0


def test_pages_and_filters_are_answered_separately(client, setup, certified):
    assert certified.number in register.page(client)
    assert "No valid certificate matches." in register.page(client, q="zzz")
    assert certified.number in register.page(client, scheme=setup["scheme"].pk)
    assert register.api(client, limit=1, offset=1)["items"] == []
    assert len(_cached_keys()) == 4


def test_the_cache_can_be_turned_off(client, certified, monkeypatch):
    monkeypatch.setenv("SIMPUL_PUBLIC_CACHE", "0")
    assert certified.number in register.page(client) and register.api(client)["count"] == 1
    assert _cached_keys() == []


def test_bad_api_paging_is_refused(client, certified):
    response = client.get(reverse("api:certification_register"), {"limit": 500})
    assert response.status_code == 422
    assert client.get(reverse("api:certification_register"), {"offset": -1}).status_code == 422


def test_a_lost_state_token_never_brings_back_older_answers(client, certified):
    register.page(client)
    cache.set(_cached_keys()[0], "<p>an answer from before a write</p>")
    cache.delete(REGISTER._state_key)  # the cache dropped the token (culled or restarted)
    page = register.page(client)
    assert "an answer from before a write" not in page and certified.number in page
