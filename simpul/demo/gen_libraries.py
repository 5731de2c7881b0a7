"""Synthetic libraries at national scale: 165,000 in the real proportions, spread over real villages.

Call from generator.py, inside `Generator.run()`'s transaction, after `self.build_people(...)` and
before `_reset_sequences()`:

    result = generate_libraries(scale=self.scale.name, seed=self.seed, log=self.log,
                                first_org_id=self.ids.next[Organisation])
    self.ids.next[Organisation] = result.next_org_id   # the generation's id range covers them
    self.counts.update(result.counts)

Like the rest of the generator it bypasses the services (bulk inserts, no audit entries) and keeps
their rules by construction: organisation paths, location codes, one NPP per prefix in sequence.
At the end the aggregate counts and the NPP counters are rebuilt from the rows.

The organisations the generator (or the demo seed) already made for libraries get their register
row; new library organisations fill each type up to its share.
"""

import datetime
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils.text import slugify

from simpul.libraries import npp as npp_format
from simpul.libraries.models import Library, LibraryChange, LibraryType, NppCounter, Service, Status
from simpul.libraries.services.imports import counters_rebuild
from simpul.libraries.services.libraries import search_name_for, set_location
from simpul.libraries.services.stats import stats_rebuild
from simpul.organisations.models import Kind, Organisation
from simpul.regions.models import Level, Region

# 2018 figures (DOMAIN.md) plus community reading places to reach 165,000.
NATIONAL = {"school": 113_541, "public": 42_460, "special": 6_552, "university": 2_057, "community": 390}
DEMO = {"school": 1_135, "public": 425, "special": 66, "university": 21, "community": 40}
BATCH = 5000

# Rough centre of each province (lat, lng), for plausible map points; a village gets a point near it.
PROVINCE_CENTRES = {
    "11": (4.4, 96.9), "12": (2.2, 99.1), "13": (-0.8, 100.6), "14": (0.5, 101.8), "15": (-1.6, 103.0),
    "16": (-3.3, 104.2), "17": (-3.6, 102.3), "18": (-4.6, 105.2), "19": (-2.4, 106.4), "21": (3.9, 108.2),
    "31": (-6.2, 106.8), "32": (-6.9, 107.6), "33": (-7.2, 110.2), "34": (-7.8, 110.4), "35": (-7.6, 112.3),
    "36": (-6.4, 106.1), "51": (-8.4, 115.2), "52": (-8.6, 117.4), "53": (-9.5, 121.1), "61": (0.0, 111.5),
    "62": (-1.7, 113.4), "63": (-3.1, 115.3), "64": (0.5, 116.4), "65": (3.1, 116.6), "71": (1.2, 124.6),
    "72": (-1.4, 121.4), "73": (-4.1, 119.9), "74": (-4.1, 122.2), "75": (0.7, 122.4), "76": (-2.5, 119.2),
    "81": (-3.2, 129.9), "82": (1.0, 127.8), "91": (-1.5, 132.5), "92": (-1.3, 133.2), "94": (-4.3, 138.1),
    "95": (-7.5, 139.6), "96": (-3.9, 135.9), "97": (-4.1, 138.9),
}  # fmt: skip
SCHOOL_KINDS = [("sd", "SD Negeri", 0.55), ("sd", "MI", 0.08), ("smp", "SMP Negeri", 0.17), ("smp", "MTs", 0.06),
                ("sma", "SMA Negeri", 0.07), ("sma", "SMK Negeri", 0.05), ("sma", "MA", 0.02)]  # fmt: skip
SPECIAL_OWNERS = [("government", "Dinas Kesehatan"), ("government", "Badan Pusat Statistik"), ("government", "Pengadilan Negeri"),
                  ("government", "Dinas Pendidikan"), ("company", "PT Bank Daerah"), ("company", "PT Perkebunan Nusantara"),
                  ("worship", "Masjid Agung"), ("worship", "Gereja"), ("worship", "Pura"), ("other", "Museum"),
                  ("other", "Rumah Sakit Umum Daerah")]  # fmt: skip
TBM_NAMES = [
    "Pelangi",
    "Cahaya",
    "Tunas Harapan",
    "Lentera",
    "Bintang",
    "Sinar Ilmu",
    "Rumah Baca",
    "Kampung Literasi",
]


@dataclass
class Result:
    next_org_id: int
    counts: Counter = field(default_factory=Counter)


def _classify(org: Organisation) -> tuple[str, str]:
    """(type, subtype) of a library organisation the generator or seed made, from its description."""
    text = f"{org.description} {org.name}".lower()
    if "taman bacaan" in text or "tbm" in text:
        return LibraryType.COMMUNITY, ""
    if "perguruan tinggi" in text or "universitas" in text:
        return LibraryType.UNIVERSITY, ""
    if "sekolah" in text or " sd " in f" {text} " or "smp" in text or "sma" in text:
        sub = (
            "smp"
            if ("smp" in text or "mts" in text)
            else ("sma" if ("sma" in text or "smk" in text) else "sd")
        )
        return LibraryType.SCHOOL, sub
    if "khusus" in text:
        return LibraryType.SPECIAL, "other"
    if "provinsi" in text:
        return LibraryType.PUBLIC, "provincial"
    if "kabupaten" in text or "kota" in text or "daerah" in text:
        return LibraryType.PUBLIC, "regency"
    if "desa" in text or "kelurahan" in text:
        return LibraryType.PUBLIC, "village"
    return LibraryType.PUBLIC, "district"


class _Builder:
    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng, self.today = rng, today
        self.sequence: Counter = Counter()
        self.libraries: list[Library] = []

    def library(
        self, org_id: int, name: str, library_type: str, subtype: str, region_code: str, **extra
    ) -> Library:
        rng = self.rng
        library = Library(
            organisation_id=org_id, name=name[:200], search_name=search_name_for(name[:200]),
            library_type=library_type, subtype=subtype, **extra,
        )  # fmt: skip
        set_location(library, region_code)
        roll = rng.random()
        library.status = (
            Status.REGISTERED if roll < 0.88 else (Status.LISTED if roll < 0.985 else Status.CLOSED)
        )
        if library.status != Status.LISTED:
            prefix = npp_format.prefix_for(region_code, library_type)
            self.sequence[prefix] += 1
            library.npp = npp_format.format_npp(prefix, self.sequence[prefix])
            library.registered_on = datetime.date(
                rng.randint(2008, 2025), rng.randint(1, 12), rng.randint(1, 28)
            )
        library.ownership = "private" if library_type in ("community",) or rng.random() < 0.2 else "state"
        size = {"school": 1, "public": 2, "special": 3, "university": 20, "community": 0.5}[library_type]
        titles = int(rng.lognormvariate(7, 0.8) * size)
        library.books_titles, library.books_copies = titles, int(titles * rng.uniform(1.5, 3.5))
        library.serials_titles = int(titles * rng.uniform(0, 0.05))
        library.serials_copies = library.serials_titles * rng.randint(1, 4)
        library.digital_titles = int(titles * rng.uniform(0, 0.3)) if rng.random() < 0.3 else 0
        library.digital_copies = library.digital_titles
        library.librarians_lis = rng.randint(0, int(2 * size) + 1)
        library.librarians_other = rng.randint(0, 2)
        library.staff_other = rng.randint(0, int(3 * size) + 1)
        library.rooms = max(1, int(rng.uniform(0.5, 2) * size))
        library.room_area = library.rooms * rng.randint(20, 120)
        library.seats = rng.randint(8, 60) * max(1, int(size))
        library.computers = rng.randint(0, 4) * max(1, int(size))
        library.internet = rng.random() < 0.55
        library.funding = {
            "school": "apbn",
            "public": "apbd",
            "special": "institution",
            "university": "institution",
            "community": "community",
        }[library_type]
        library.services = rng.sample(Service.values, rng.randint(1, 4))
        library.data_updated_on = self.today - datetime.timedelta(days=rng.randint(0, 900))
        centre = PROVINCE_CENTRES.get(region_code[:2])
        if centre and rng.random() < 0.6:
            library.latitude = Decimal(f"{centre[0] + rng.uniform(-0.6, 0.6):.6f}")
            library.longitude = Decimal(f"{centre[1] + rng.uniform(-0.9, 0.9):.6f}")
        self.libraries.append(library)
        return library


def generate_libraries(
    *, scale: str, seed: int, log: Callable[[str], None] = print, first_org_id: int | None = None
) -> Result:
    started = time.monotonic()
    rng = random.Random(seed * 7 + 3)
    targets = dict(NATIONAL if scale == "national" else DEMO)
    today = datetime.date(2025, 6, 30)  # fixed, like the rest of the generator
    builder = _Builder(rng, today)
    # NPPs continue after any the register already holds (the seed's): sequences are per prefix.
    builder.sequence.update(dict(NppCounter.objects.values_list("prefix", "last")))
    villages = list(
        Region.objects.filter(level=Level.VILLAGE).order_by("code").values_list("code", "name", "kind")
    )
    districts = dict(Region.objects.filter(level=Level.DISTRICT).values_list("code", "name"))
    regencies = dict(Region.objects.filter(level=Level.REGENCY).values_list("code", "name"))
    if not villages:
        raise ValueError("Villages are needed: load the regions first (`simpul regions load`).")
    # 1. Library organisations that exist without register data.
    existing = (
        Organisation.objects.filter(kind__in=[Kind.LIBRARY, Kind.NATIONAL_LIBRARY], library__isnull=True)
        .exclude(region=None)
        .select_related("parent")
        .order_by("id")
    )
    for org in existing.iterator(chunk_size=BATCH):
        library_type, subtype = (
            (LibraryType.PUBLIC, "national") if org.kind == Kind.NATIONAL_LIBRARY else _classify(org)
        )
        if targets[library_type] <= 0:
            continue
        targets[library_type] -= 1
        builder.library(
            org.pk,
            org.name,
            library_type,
            subtype,
            org.region_id,
            parent_institution=org.parent.name if org.parent_id else "",
        )
    reused = len(builder.libraries)
    # 2. New library organisations to fill each type, at random real villages.
    next_id = first_org_id or (Organisation.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    organisations: list[Organisation] = []
    public_district_share = 7_000 / 42_460

    def new(name: str, library_type: str, subtype: str, code: str, parent_institution: str = "") -> None:
        nonlocal next_id
        pk = next_id
        next_id += 1
        organisations.append(
            Organisation(
                id=pk,
                kind=Kind.LIBRARY,
                name=name[:200],
                slug=f"{slugify(name)[:60]}-{pk}",
                path=f"{pk}/",
                depth=0,
                region_id=code,
            )
        )
        builder.library(pk, name, library_type, subtype, code, parent_institution=parent_institution)

    school_weights = [w for _s, _p, w in SCHOOL_KINDS]
    for library_type in ("school", "public", "special", "university", "community"):
        for _ in range(max(0, targets[library_type])):
            code, village, kind = rng.choice(villages)
            place = village.title() if village.isupper() else village
            if library_type == "school":
                subtype, prefix, _w = rng.choices(SCHOOL_KINDS, weights=school_weights)[0]
                school = f"{prefix} {rng.randint(1, 9)} {districts.get(code[:8], place)}"
                new(f"Perpustakaan {school}", "school", subtype, code, school)
            elif library_type == "public":
                if rng.random() < public_district_share:
                    new(
                        f"Perpustakaan Kecamatan {districts.get(code[:8], place)}", "public", "district", code
                    )
                else:
                    label = "Kelurahan" if kind == "kelurahan" else "Desa"
                    new(f"Perpustakaan {label} {place}", "public", "village", code)
            elif library_type == "special":
                subtype, owner = rng.choice(SPECIAL_OWNERS)
                regency = regencies.get(code[:5], place).replace("Kabupaten ", "").replace("Kota ", "")
                new(f"Perpustakaan {owner} {regency}", "special", subtype, code, f"{owner} {regency}")
            elif library_type == "university":
                regency = regencies.get(code[:5], place).replace("Kabupaten ", "").replace("Kota ", "")
                university = f"{rng.choice(['Universitas', 'Institut', 'Politeknik', 'Sekolah Tinggi'])} {regency} {rng.randint(1, 40)}"
                new(f"Perpustakaan {university}", "university", "", code, university)
            else:
                new(f"Taman Bacaan Masyarakat {rng.choice(TBM_NAMES)} {place}", "community", "", code)
    Organisation.objects.bulk_create(organisations, batch_size=BATCH)
    log(f"  libraries: {len(organisations):,} new library organisations ({time.monotonic() - started:.1f} s)")
    Library.objects.bulk_create(builder.libraries, batch_size=BATCH)
    stats_rows = stats_rebuild()
    counters = counters_rebuild()
    # PostgreSQL's id sequence must move past the ids assigned here (the generator does it too).
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Organisation, LibraryChange]):
            cursor.execute(sql)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE libraries_library")
            cursor.execute("ANALYZE libraries_librarystat")
    counts = Counter({"libraries": len(builder.libraries)})
    log(
        f"  libraries: {len(builder.libraries):,} ({reused:,} on existing organisations), {stats_rows:,} aggregate rows, "
        f"{counters:,} NPP counters ({time.monotonic() - started:.1f} s)"
    )
    return Result(next_org_id=next_id, counts=counts)
