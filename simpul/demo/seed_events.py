"""Demo data for simpul.events (issue 5), from the seed stories:

- 000: Rakerpus XXIV and the national seminar of IPI in Mataram (WITA), ~600 participants, all
  checked in, certificates issued (participants, the speakers the story names, the committee).
- 001: FPPTI's national seminar and the inauguration of its 2017-2020 board, 150 participants in
  the five categories the story lists.
- 003: Perpusnas's 2022 Bimtek programme: 32 batches across 32 locations, 28 April - 21 May 2022,
  quotas per province, a few nominations by Dispusip Bengkulu with pre/post-test scores.

Called by seed.py after the associations step; get-or-create throughout (a rerun adds nothing).
Participants' names, exact dates of Rakerpus and FPPTI's seminar, venues other than the Mercure
Hotel Bengkulu, quotas and scores are invented for the demo.
"""

import datetime
import random
from zoneinfo import ZoneInfo

from simpul.events import services
from simpul.events.models import Event, EventKind, EventStatus, Programme, Registration
from simpul.organisations.models import Role
from simpul.people.models import Person
from simpul.regions.models import Level, Region

NOTE = (
    "Participants, the exact dates of Rakerpus XXIV and of FPPTI's seminar, quotas and scores are invented."
)

FIRST = [
    "Ahmad",
    "Siti",
    "Lalu",
    "Baiq",
    "Made",
    "Ni Luh",
    "Budi",
    "Dewi",
    "Rizki",
    "Nur",
    "Agus",
    "Wayan",
    "Putri",
    "Hendra",
    "Yuli",
    "Andi",
    "Fitri",
    "Rahmat",
    "Sri",
    "Eko",
]
LAST = [
    "Hidayat",
    "Rahmawati",
    "Saputra",
    "Lestari",
    "Wijaya",
    "Kurniawan",
    "Pratiwi",
    "Santoso",
    "Maulana",
    "Handayani",
    "Susanto",
    "Anggraini",
    "Firmansyah",
    "Wulandari",
    "Gunawan",
    "Permata",
]
SUFFIXES = ["", "", "S.IP.", "S.Hum.", "A.Md.", "M.Hum.", "S.Sos.", "M.IP."]


def _at(zone: str, y, m, d, hh=8, mm=0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, mm, tzinfo=ZoneInfo(zone))


def _participants(n: int, provinces: list[str], rng: random.Random) -> list[Person]:
    """`n` new people without accounts, named deterministically (only called for a new event)."""
    rows = [
        Person(
            full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            title_suffix=rng.choice(SUFFIXES),
            gender=rng.choice("FM"),
            region_id=rng.choice(provinces),
        )
        for _ in range(n)
    ]
    return Person.objects.bulk_create(rows, batch_size=1000)


def _event(slug: str, **fields) -> Event:
    found = Event.objects.filter(slug=slug).first()
    return found or services.event_create(actor=None, slug=slug, **fields)


def rakerpus(seed, provinces: list[str], rng: random.Random) -> Event:
    zone = "Asia/Makassar"
    event = _event(
        "rakerpus-xxiv-ipi-2022",
        kind=EventKind.WORK_MEETING,
        title="Rakerpus XXIV dan Seminar Nasional Ikatan Pustakawan Indonesia",
        theme="Peningkatan Profesionalitas Pustakawan Mencari Solusi Cerdas Pemulihan Ekonomi Berbasis Inklusi Sosial",
        description=(
            "Rapat kerja pusat dan seminar ilmiah nasional IPI di Lombok, Mataram, dihadiri pengurus pusat, "
            "pengurus daerah, pustakawan, pengelola perpustakaan, pegiat literasi, dosen ilmu perpustakaan dan "
            "pemerhati perpustakaan dari seluruh Indonesia. Diluncurkan buku bunga rampai '50 Tahun Perjalanan "
            "Ikatan Pustakawan Indonesia'."
        ),
        organisers=[seed.orgs["ipi"], seed.orgs["ipi-ntb"]],
        starts_at=_at(zone, 2022, 9, 26, 8),
        ends_at=_at(zone, 2022, 9, 28, 17),
        venue_name="Mataram, Lombok",
        venue_region=seed.region("52.71"),
        capacity=650,
        status=EventStatus.PUBLISHED,
        is_free=False,
        fee=1_500_000,
        attendance_rule=60,
    )
    if event.sessions.exists():
        return event
    opening = services.session_add(
        actor=None,
        event=event,
        title="Pembukaan Rakerpus XXIV",
        starts_at=_at(zone, 2022, 9, 26, 9),
        ends_at=_at(zone, 2022, 9, 26, 10),
    )
    services.session_person_add(
        actor=None, session=opening, person=seed.people["sitti-rohmi"], role="speaker"
    )
    seminar = services.session_add(
        actor=None,
        event=event,
        title="Seminar Nasional: Literasi dan Inklusi Sosial",
        starts_at=_at(zone, 2022, 9, 26, 10, 30),
        ends_at=_at(zone, 2022, 9, 26, 15),
    )
    services.session_person_add(actor=None, session=seminar, person=seed.people["niken"], role="speaker")
    services.session_person_add(actor=None, session=seminar, person=seed.people["nor-edzan"], role="speaker")
    services.session_person_add(
        actor=None, session=seminar, person=seed.people["ipi-chair"], role="moderator"
    )
    services.session_add(
        actor=None,
        event=event,
        title="Sidang Komisi Rakerpus",
        starts_at=_at(zone, 2022, 9, 27, 8),
        ends_at=_at(zone, 2022, 9, 27, 17),
    )
    services.session_add(
        actor=None,
        event=event,
        title="Pleno dan Penutupan",
        starts_at=_at(zone, 2022, 9, 28, 8),
        ends_at=_at(zone, 2022, 9, 28, 12),
    )
    services.committee_add(actor=None, event=event, person=seed.people["ipi-ntb-chair"], role="Ketua Panitia")
    categories = [
        services.category_save(
            actor=None, event=event, name="Pengurus Pusat dan Daerah", quota=150, fee=1_500_000
        ),
        services.category_save(
            actor=None, event=event, name="Pustakawan dan pengelola perpustakaan", quota=400, fee=1_500_000
        ),
        services.category_save(
            actor=None, event=event, name="Pegiat literasi dan pemerhati", quota=100, fee=1_000_000
        ),
    ]
    people = _participants(600, provinces, rng)
    for category, chunk in zip(categories, (people[:140], people[140:520], people[520:]), strict=True):
        services.registrations_import(actor=None, event=event, people=chunk, category=category)
    rows = list(Registration.objects.filter(event=event))
    for day in (datetime.date(2022, 9, 26), datetime.date(2022, 9, 27), datetime.date(2022, 9, 28)):
        present = [r for r in rows if rng.random() < (0.97 if day.day < 28 else 0.85)]
        services.checkin_many(actor=None, event=event, day=day, registrations=present)
    services.certificates_issue(actor=None, event=event)
    return event


def fppti(seed, provinces: list[str], rng: random.Random) -> Event:
    zone = "Asia/Jakarta"
    event = _event(
        "seminar-nasional-fppti-2017",
        kind=EventKind.SEMINAR,
        title="Seminar Nasional dan Pelantikan Pengurus FPPTI 2017-2020",
        theme="Peran Asosiasi Perpustakaan dalam Membangun Citra Pustakawan menghadapi Era Revolusi Industri 4.0",
        description=(
            "Maksud dan tujuan: meningkatkan sinergi antar pustakawan dan perpustakaan, peran perpustakaan dan "
            "pustakawan dalam gerakan nasional 'Pustakawan Bergerak', pemerataan akses layanan, dan kompetensi "
            "pustakawan menghadapi era Revolusi Industri 4.0. Target peserta 150 orang."
        ),
        organisers=[seed.orgs["fppti"]],
        starts_at=_at(zone, 2017, 11, 23, 8),
        ends_at=_at(zone, 2017, 11, 23, 16),
        venue_name="Jakarta",
        venue_region=seed.region("31"),
        capacity=150,
        status=EventStatus.PUBLISHED,
        is_free=False,
        fee=350_000,
    )
    if event.categories.exists():
        return event
    names = [
        ("Pengelola Perpustakaan dan Lembaga Informasi", 40),
        ("Pustakawan dan Pekerja Informasi", 40),
        ("Pengurus/anggota asosiasi perpustakaan/profesi kepustakawanan", 30),
        ("Mahasiswa Ilmu Perpustakaan dan Informasi / Calon Pustakawan", 25),
        ("Masyarakat umum pemerhati perpustakaan dan informasi", 15),
    ]
    people = _participants(150, provinces, rng)
    start = 0
    for name, quota in names:
        category = services.category_save(actor=None, event=event, name=name, quota=quota, fee=350_000)
        services.registrations_import(
            actor=None, event=event, people=people[start : start + quota], category=category
        )
        start += quota
    session = services.session_add(
        actor=None,
        event=event,
        title="Pelantikan Pengurus FPPTI 2017-2020",
        starts_at=_at(zone, 2017, 11, 23, 9),
        ends_at=_at(zone, 2017, 11, 23, 10),
    )
    services.session_person_add(
        actor=None, session=session, person=seed.people["fppti-chair"], role="speaker"
    )
    return event


def bimtek_2022(seed, rng: random.Random) -> Programme:
    programme = Programme.objects.filter(slug="bimtek-tpbis-2022").first()
    if programme is not None:
        return programme
    programme = services.programme_create(
        actor=None,
        title="Bimtek Strategi Pengembangan Perpustakaan dan TIK berbasis Inklusi Sosial 2022",
        organiser=seed.orgs["perpusnas"],
        year=2022,
        description=(
            "Bimtek bagi pengelola perpustakaan dari 96 desa dan 168 kabupaten/kota di 34 provinsi penerima "
            "manfaat, simultan bergantian 28 April - 21 Mei 2022 di 32 lokasi."
        ),
    )
    programme.slug = "bimtek-tpbis-2022"
    programme.save(update_fields=["slug"])
    provinces = list(Region.objects.filter(level=Level.PROVINCE).order_by("code"))
    first_day = datetime.date(2022, 4, 28)
    span = (datetime.date(2022, 5, 21) - first_day).days
    locations = provinces[:32] if len(provinces) >= 32 else provinces
    for n, province in enumerate(locations, start=1):
        services.province_quota_set(actor=None, programme=programme, province=province, quota=12)
        zone = province.time_zone or "Asia/Jakarta"
        day = (
            datetime.date(2022, 5, 11)
            if province.code == "17"
            else first_day + datetime.timedelta(days=round(n * span / (len(locations) + 1)))
        )
        venue = "Mercure Hotel Bengkulu" if province.code == "17" else f"Hotel di {province.name}"
        services.event_create(
            actor=None,
            kind=EventKind.TECHNICAL_TRAINING,
            title=f"Bimtek TPBIS 2022 Angkatan {n}: {province.name}",
            organisers=[seed.orgs["perpusnas"]],
            starts_at=_at(zone, day.year, day.month, day.day, 8),
            ends_at=_at(zone, day.year, day.month, day.day, 8) + datetime.timedelta(days=2, hours=8),
            venue_name=venue,
            venue_region=province,
            capacity=40,
            status=EventStatus.PUBLISHED,
            programme=programme,
        )
    if "17" in {p.code for p in locations} and "meri-sasdi" in seed.people:
        batch = programme.batches.get(venue_region_id="17")
        people = _participants(10, ["17"], rng)
        for person in people:
            nomination = services.nomination_create(
                actor=None,
                programme=programme,
                person=person,
                province=batch.venue_region,
                nominated_by=seed.orgs["dispusip-bengkulu"],
                batch=batch,
            )
            services.nomination_decide(actor=None, nomination=nomination, approve=True)
            pre = rng.randint(35, 65)
            services.nomination_scores_set(
                actor=None, nomination=nomination, pre_test=pre, post_test=min(100, pre + rng.randint(10, 30))
            )
    return programme


def seed_events(seed) -> None:
    """Build the events demo from the seed stories."""
    rng = random.Random(20220926)
    provinces = list(Region.objects.filter(level=Level.PROVINCE).values_list("code", flat=True)) or ["52"]
    rakerpus(seed, provinces, rng)
    fppti(seed, provinces, rng)
    bimtek_2022(seed, rng)
    seed.grant("ipi-ntb-chair", Role.EVENT_ORGANISER, org="ipi-ntb")
