"""TPBIS in miniature: Perpusnas runs it; a village, a regency and a provincial library in Jawa
Tengah benefit in 2023; facilitators in Sukoharjo and Jawa Tengah; a library manager per library."""

import datetime
from types import SimpleNamespace

import pytest

from simpul.libraries.models import LibraryType, Subtype
from simpul.libraries.tests.factories import LibraryFactory
from simpul.organisations.models import Kind, Role
from simpul.programs.models import ActivityCategory, Level, Measure
from simpul.programs.services import reports
from simpul.testing import factories


@pytest.fixture
def tp(db, regions):
    perpusnas = factories.OrganisationFactory(
        kind=Kind.NATIONAL_LIBRARY, name="Perpustakaan Nasional RI", short_name="Perpusnas"
    )
    programme = reports.programme_create(
        actor=None, name="Transformasi Perpustakaan Berbasis Inklusi Sosial", short_name="TPBIS", slug="tpbis",
        owner=perpusnas, start_year=2018, end_year=2026,
    )  # fmt: skip
    village = LibraryFactory(
        name="Perpustakaan Desa Ngabeyan", region=regions["33.11.12.2001"], subtype=Subtype.VILLAGE
    )
    regency = LibraryFactory(
        name="Perpustakaan Kabupaten Sukoharjo", region=regions["33.11"], subtype=Subtype.REGENCY
    )
    province = LibraryFactory(
        name="Perpustakaan Provinsi Jawa Tengah", region=regions["33"], subtype=Subtype.PROVINCIAL
    )
    other = LibraryFactory(
        name="Perpustakaan Kota Mataram", region=regions["52.71"], library_type=LibraryType.PUBLIC
    )
    for lib, level in ((village, Level.VILLAGE), (regency, Level.REGENCY), (province, Level.PROVINCIAL)):
        reports.beneficiary_add(actor=None, programme=programme, library=lib, year=2023, level=level)
    reports.beneficiary_add(actor=None, programme=programme, library=other, year=2023, level=Level.REGENCY)

    def person(name, role, **scope):
        p = factories.PersonFactory(full_name=name)
        factories.grant(p, role, **scope)
        return p.user

    cats = {
        n: ActivityCategory.objects.create(name=n) for n in ("Literasi digital", "Membatik", "Hidroponik")
    }
    reports.indicator_set_target(
        actor=None, programme=programme, code="K1", name="Kegiatan pelibatan masyarakat",
        measure=Measure.ACTIVITIES, year=2023, target=10,
    )  # fmt: skip
    return SimpleNamespace(
        programme=programme,
        perpusnas=perpusnas,
        village=village,
        regency=regency,
        province=province,
        other=other,
        cats=cats,
        village_manager=person("Pengelola Desa", Role.LIBRARY_MANAGER, organisation=village.organisation),
        regency_manager=person(
            "Pengelola Kabupaten", Role.LIBRARY_MANAGER, organisation=regency.organisation
        ),
        other_manager=person("Pengelola Mataram", Role.LIBRARY_MANAGER, organisation=other.organisation),
        regency_facilitator=person("Fasilitator Sukoharjo", Role.FACILITATOR, region=regions["33.11"]),
        province_facilitator=person("Fasilitator Jateng", Role.FACILITATOR, region=regions["33"]),
        national=person("Tim TPBIS", Role.PROGRAMME_MANAGER, organisation=perpusnas),
    )


def activity_fields(tp, day=datetime.date(2023, 3, 14), **over):
    fields = {
        "date": day, "category": tp.cats["Literasi digital"], "title": "Kelas gawai", "partners": "PKK",
        "male": 10, "female": 15, "children": 5, "youth": 5, "adults": 10, "elderly": 5, "disabled": 2,
    }  # fmt: skip
    fields.update(over)
    return fields


@pytest.fixture
def draft(tp):
    """The village library's March 2023 report with one activity, an advocacy item and visits."""
    report = reports.report_start(
        actor=tp.village_manager, programme=tp.programme, library=tp.village, year=2023, month=3
    )
    reports.report_update(actor=tp.village_manager, report=report, visits=120, problems="Internet lambat")
    reports.activity_add(actor=tp.village_manager, report=report, **activity_fields(tp))
    reports.item_add(
        actor=tp.village_manager, report=report, kind="advocacy", date=datetime.date(2023, 3, 20),
        title="Audiensi dengan kepala desa", counterpart="Kepala Desa Ngabeyan", result="APBDes untuk perpustakaan",
    )  # fmt: skip
    return report


@pytest.fixture(autouse=True)
def _empty_parts_cache():
    """The per-process caches of dashboard parts and lookups start empty in every test."""
    from simpul.programs.cache import lookups, parts

    parts.clear()
    lookups.clear()
    yield
    parts.clear()
    lookups.clear()
