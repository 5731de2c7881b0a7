import pytest

URL = "/api/v1/regions"


@pytest.fixture
def villages(regions, add_region):
    add_region("52.71.01.1002", "Sari", kind="kelurahan")
    add_region("33.11.12.2002", "Sari")
    return regions


def test_it_lists_the_provinces_by_default(client, regions):
    body = client.get(URL).json()
    assert body["count"] == 3
    assert [r["code"] for r in body["items"]] == ["31", "33", "52"]


def test_each_row_has_code_name_level_slug_parent_kind_path_and_time_zone(client, regions):
    row = client.get(URL, {"level": "regency", "parent": "52"}).json()["items"][0]
    assert row == {
        "code": "52.71",
        "name": "Kota Mataram",
        "level": "regency",
        "parent": "52",
        "kind": "kota",
        "path": "Kota Mataram, Nusa Tenggara Barat",
        "time_zone": "Asia/Makassar",
        "postal_code": None,
    }


def test_parent_alone_lists_its_direct_children(client, regions):
    body = client.get(URL, {"parent": "33"}).json()
    assert [r["code"] for r in body["items"]] == ["33.11"]


def test_level_with_a_parent_lists_every_region_of_that_level_inside_it(client, villages):
    body = client.get(URL, {"level": "village", "parent": "5271"}).json()
    assert [r["code"] for r in body["items"]] == ["52.71.01.1002", "52.71.01.1004"]


def test_q_searches_names_inside_the_parent(client, villages):
    everywhere = client.get(URL, {"level": "village", "q": "sari"}).json()
    assert everywhere["count"] == 2
    in_ntb = client.get(URL, {"level": "village", "q": "sari", "parent": "52"}).json()
    assert [r["path"] for r in in_ntb["items"]] == ["Sari, Ampenan, Kota Mataram, Nusa Tenggara Barat"]


def test_it_paginates_with_limit_and_offset(client, regions):
    first = client.get(URL, {"limit": 2}).json()
    second = client.get(URL, {"limit": 2, "offset": 2}).json()
    assert first["count"] == second["count"] == 3
    assert [r["code"] for r in first["items"] + second["items"]] == ["31", "33", "52"]


def test_an_unknown_level_is_refused_with_the_allowed_values(client, regions):
    response = client.get(URL, {"level": "town"})
    assert response.status_code == 422
    assert "'province', 'regency', 'district' or 'village'" in response.json()["detail"][0]["msg"]


def test_an_unknown_parent_is_not_found(client, regions):
    response = client.get(URL, {"parent": "99"})
    assert response.status_code == 404
    assert "99" in response.json()["detail"]


def test_a_one_letter_village_search_across_indonesia_is_too_broad(client, regions):
    response = client.get(URL, {"level": "village", "q": "s"})
    assert response.status_code == 422
    assert "too broad" in response.json()["detail"]
    assert client.get(URL, {"level": "village", "q": "s", "parent": "52"}).status_code == 200
    assert client.get(URL, {"level": "province", "q": "j"}).status_code == 200


def test_a_limit_above_the_maximum_is_refused(client, regions):
    assert client.get(URL, {"limit": 1000}).status_code == 422


def test_one_region_by_code(client, regions):
    body = client.get(f"{URL}/52.71.01").json()
    assert (body["name"], body["level"], body["parent"]) == ("Ampenan", "district", "52.71")
    assert client.get(f"{URL}/527101").json()["code"] == "52.71.01"


def test_an_unknown_code_is_not_found(client, regions):
    assert client.get(f"{URL}/99.01").status_code == 404
    assert client.get(f"{URL}/nonsense").status_code == 404


def test_the_list_runs_a_fixed_number_of_queries(client, villages, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        body = client.get(URL, {"q": "sari", "limit": 50}).json()
    assert body["count"] == 2
