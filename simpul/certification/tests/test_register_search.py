"""The register's live path (`selectors.register_page`, one written-out statement): the same rows as the
register's queryset, pages that stop at the count's cap, a page past the last, the text taken literally,
and the API's answer in the shape its OpenAPI schema promises."""

import pytest

from .. import selectors, services
from ..views import public
from . import factories as f
from . import register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def live(monkeypatch):
    monkeypatch.setenv("SIMPUL_PUBLIC_CACHE", "0")  # every request takes the live path


@pytest.fixture
def setup(regions):
    return f.lsp_setup(regions)


@pytest.fixture
def three(setup):
    """Three holders, the newest last."""
    return [register.certify(setup, name) for name in ("Sri Wahyuni", "Ni Made Sari", "Yuni Astuti")]


def test_the_page_reads_the_same_certificates_as_the_register_queryset(setup, three):
    revoked = register.certify(setup, "Sari Dicabut")
    services.certificate_revoke(actor=setup["admin"], certificate=revoked, reason="Dokumen palsu")
    for q in ("", "sari", "Ni", "yu", "ni ma", three[0].number, three[0].number.lower(), "zzz"):
        page = selectors.register_page(q, limit=10)
        assert [row.number for row in page.rows] == [c.number for c in selectors.register_search(q)], q
        assert page.count == len(page.rows) and not page.capped
    assert [row.holder for row in selectors.register_page("").rows] == [
        "Yuni Astuti",
        "Ni Made Sari",
        "Sri Wahyuni",
    ]
    assert selectors.register_page("", setup["scheme"].pk + 1).rows == []  # another scheme


def test_a_page_past_the_last_shows_the_last_one(client, three, monkeypatch):
    monkeypatch.setattr(public, "PER_PAGE", 1)
    last = register.page(client, page=9)
    assert "Page 3 of 3" in last and "Sri Wahyuni" in last and "Yuni Astuti" not in last
    first = register.page(client)
    assert "Page 1 of 3" in first and "Yuni Astuti" in first and 'href="?page=2"' in first


def test_the_count_stops_at_its_cap_and_the_api_still_pages_past_it(client, three, monkeypatch):
    monkeypatch.setattr(public, "PER_PAGE", 1)
    monkeypatch.setattr(selectors, "REGISTER_COUNT_CAP", 2)
    assert "Page 1 of more than 2" in register.page(client)
    data = register.api(client, limit=1, offset=2)
    assert data["count"] == 2 and data["count_exact"] is False
    assert [item["holder"] for item in data["items"]] == ["Sri Wahyuni"]
    narrowed = register.api(client, q="sri")
    assert narrowed["count"] == 1 and narrowed["count_exact"] is True


def test_wildcards_in_the_search_are_taken_literally(client, three):
    for q in ("%", "_", "%%%", "s_i", "y%i"):
        assert "No valid certificate matches." in register.page(client, q=q), q
        assert register.api(client, q=q)["count"] == 0, q


def test_the_api_answers_in_the_shape_of_its_schema(client, three):
    data = register.api(client, q="sari")
    assert data["count"] == 1 and data["count_exact"] is True
    (item,) = data["items"]
    certificate = three[1]
    assert item == {
        "number": certificate.number,
        "holder": "Ni Made Sari",
        "scheme_code": "KL-PK",
        "scheme": "Pengembangan Koleksi",
        "issued_on": certificate.issued_on.isoformat(),
        "valid_until": certificate.valid_until.isoformat(),
        "status": "valid",
        "verify_url": f"/verify/{certificate.credential.code}/",
        "code": certificate.credential.code,
    }
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/certification/register"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["q", "scheme", "limit", "offset"]
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    shape = schema["components"]["schemas"]
    assert list(shape[answer]["properties"]) == ["items", "count", "count_exact"]
    row = shape[answer]["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[1]
    assert list(shape[row]["properties"]) == list(item) and set(shape[row]["required"]) == set(item)
