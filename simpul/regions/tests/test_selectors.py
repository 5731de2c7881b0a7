import pytest

from simpul.regions import selectors
from simpul.regions.models import Level, RegionCodeChange


@pytest.fixture
def villages(regions, add_region):
    """Villages sharing names across two districts, so search needs the path to tell them apart."""
    add_region("33.11.12.2002", "Sari")
    add_region("33.11.12.2003", "Sukasari")
    add_region("52.71.01.1002", "Sari", kind="kelurahan")
    add_region("52.71.01.1003", "Rosari", kind="kelurahan")
    return regions


def codes(items) -> list[str]:
    return [r.code for r in items]


def test_names_starting_with_the_query_come_before_names_containing_it(villages):
    results = selectors.regions_search("sari", level=Level.VILLAGE)
    assert codes(results[0:10]) == ["33.11.12.2002", "52.71.01.1002", "52.71.01.1003", "33.11.12.2003"]
    assert results.count() == 4


def test_each_result_carries_its_path_to_tell_same_named_villages_apart(villages):
    paths = [r.path for r in selectors.regions_search("sari", level=Level.VILLAGE)[0:2]]
    assert paths == [
        "Sari, Kartasura, Kabupaten Sukoharjo, Jawa Tengah",
        "Sari, Ampenan, Kota Mataram, Nusa Tenggara Barat",
    ]


def test_search_ignores_case_and_the_kota_prefix_which_keeps_only_cities(villages):
    assert codes(selectors.regions_search("MATARAM")[0:5]) == ["52.71"]
    assert codes(selectors.regions_search("Kota Sukoharjo")[0:5]) == []
    assert codes(selectors.regions_search("kabupaten sukoharjo")[0:5]) == ["33.11"]


def test_search_inside_a_parent_keeps_to_that_region(villages):
    assert codes(selectors.regions_search("sari", parent="52")[0:10]) == ["52.71.01.1002", "52.71.01.1003"]


def test_two_letter_queries_match_name_starts_only(villages):
    assert codes(selectors.regions_search("sa", level=Level.VILLAGE)[0:10]) == [
        "33.11.12.2002",
        "52.71.01.1002",
    ]


def test_larger_regions_come_first_when_no_level_is_given(regions):
    assert codes(selectors.regions_search("ampenan")[0:5]) == ["52.71.01", "52.71.01.1004"]


def test_slices_across_prefix_and_contains_matches_agree_with_the_whole_list(villages):
    everything = codes(selectors.regions_search("sari")[0:100])
    search = selectors.regions_search("sari")
    assert codes(search[1:3]) == everything[1:3]
    assert codes(search[3:4]) == everything[3:4]
    assert search[0].code == everything[0]


def test_search_runs_a_fixed_number_of_queries(villages, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        results = selectors.regions_search("sari")
        page = results[0:50]
        total = results.count()
        [r.path for r in page]
    assert total == 4


def test_children_of_a_region_and_the_provinces(regions):
    assert codes(selectors.region_children()) == ["31", "33", "52"]
    assert codes(selectors.region_children("33.11")) == ["33.11.12"]
    counts = {r.code: r.child_count for r in selectors.region_children_with_counts()}
    assert counts == {"31": 1, "33": 1, "52": 1}


def test_region_get_accepts_codes_with_or_without_dots(regions):
    assert selectors.region_get("5271").name == "Kota Mataram"
    assert selectors.region_get("52.71").name == "Kota Mataram"
    assert selectors.region_get("99.99") is None
    assert selectors.region_get("not a code") is None


def test_an_old_code_resolves_to_the_region_that_replaced_it(regions):
    RegionCodeChange.objects.create(old_code="91.71", new_code=regions["52.71"], year=2022, reason="test")
    assert selectors.region_resolve_code("9171").code == "52.71"
    # Below a replaced code, the coarser new region is the honest answer.
    assert selectors.region_resolve_code("91.71.01").code == "52.71"
    assert selectors.region_resolve_code("52.71.01").code == "52.71.01"
    assert selectors.region_resolve_code("99") is None


def test_postal_codes_of_a_district_are_those_of_its_villages(regions):
    assert selectors.region_postal_codes(regions["52.71.01"]) == ["83114"]
    assert selectors.region_postal_codes(regions["33.11.12.2001"]) == ["57168"]
