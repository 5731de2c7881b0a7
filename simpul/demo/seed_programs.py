"""Demo data for simpul.programs (seed stories 003 and 004), through the services, get-or-create.

- TPBIS (Perpusnas, 2018-2023) with a scaled-down set of beneficiaries: the provincial libraries of
  Bengkulu, NTB and Jawa Tengah, Kabupaten Sukoharjo and Kota Bengkulu, and village libraries
  (Kebon Ayu in Lombok Barat, two more); indicators with 2023 targets; a year (January-November
  2023) of monthly reports, most accepted, some waiting at each level of checking, one returned.
  December 2023 is left for a visitor to report.
- The 2023 Dispusip DKI / ISIPII forum of special libraries, with its challenges, strategies and roadmap.
"""

import datetime
import random
from zoneinfo import ZoneInfo

from simpul.libraries.models import Library
from simpul.libraries.services.libraries import library_create
from simpul.organisations.models import Role
from simpul.programs.models import (
    ActivityCategory,
    Forum,
    IndicatorTarget,
    ItemKind,
    Level,
    Measure,
    Programme,
    Report,
    ReportStatus,
)
from simpul.programs.services import forums, reports
from simpul.programs.services.stats import stats_fold

CATEGORIES = [
    "Literasi digital", "Membatik", "Memasak dan olahan pangan", "Hidroponik", "Bimbingan membaca",
    "Kerajinan tangan", "Pelatihan UMKM", "Mendongeng untuk anak",
]  # fmt: skip

# seed key (an organisation the stories made) or (name, region) for a library made here -> level, first year
BENEFICIARIES = [
    ("perpustakaan-provinsi-bengkulu", Level.PROVINCIAL, 2018),
    ("perpustakaan-provinsi-ntb", Level.PROVINCIAL, 2018),
    ("perpustakaan-provinsi-jawa-tengah", Level.PROVINCIAL, 2019),
    ("perpustakaan-sukoharjo", Level.REGENCY, 2018),
    (("Perpustakaan Kota Bengkulu", "17.71", "regency"), Level.REGENCY, 2019),
    ("perpustakaan-desa-kebon-ayu", Level.VILLAGE, 2019),
    (("Perpustakaan Desa Ngabeyan", "33.11.12", "village"), Level.VILLAGE, 2021),
    (("Perpustakaan Kelurahan Ampenan Tengah", "52.71.01", "village"), Level.VILLAGE, 2021),
]
TARGETS_2023 = [
    ("K1", "Kegiatan pelibatan masyarakat", Measure.ACTIVITIES, 200),
    ("K2", "Peserta kegiatan", Measure.PARTICIPANTS, 5000),
    ("K3", "Peserta perempuan", Measure.FEMALE, 2500),
    ("K4", "Kemitraan (MoU)", Measure.PARTNERSHIPS, 8),
    ("K5", "Regulasi daerah tentang perpustakaan", Measure.REGULATIONS, 3),
    ("K6", "Laporan bulanan", Measure.REPORTS, 88),
]
TITLES = {
    "Literasi digital": [
        "Kelas gawai pintar untuk ibu PKK",
        "Belajar jualan daring",
        "Membuat akun marketplace",
    ],
    "Membatik": ["Membatik motif lokal", "Pelatihan batik ciprat"],
    "Memasak dan olahan pangan": ["Olahan keripik singkong", "Kue tradisional untuk dijual"],
    "Hidroponik": ["Kebun hidroponik perpustakaan", "Panen sayur hidroponik"],
    "Bimbingan membaca": ["Bimbingan membaca untuk anak SD", "Kelas membaca lansia"],
    "Kerajinan tangan": ["Anyaman bambu", "Kerajinan dari sampah plastik"],
    "Pelatihan UMKM": ["Pembukuan sederhana UMKM", "Foto produk dengan ponsel"],
    "Mendongeng untuk anak": ["Dongeng Minggu pagi", "Festival dongeng desa"],
}
PARTNERS = ["PKK Desa", "Karang Taruna", "BUMDes", "Puskesmas", "Dinas Koperasi", "Kelompok Tani", ""]


def _library(seed, entry) -> Library:
    if isinstance(entry, str):
        organisation = seed.orgs.get(entry)
        return Library.objects.get(pk=organisation.pk)
    name, region, subtype = entry
    existing = Library.objects.filter(name=name).first()
    if existing:
        return existing
    seed.created["libraries"] += 1
    return library_create(
        actor=seed.actor,
        name=name,
        library_type="public",
        subtype=subtype,
        status="registered",
        region=seed.region(region),
    )


def _activity(rng, day, cats):
    name = rng.choice(list(TITLES))
    total = rng.randint(8, 45)
    female = rng.randint(total // 3, total)
    ages = [0, 0, 0, 0]
    for _ in range(total):
        ages[rng.choices([0, 1, 2, 3], weights=[3, 3, 5, 1])[0]] += 1
    return {
        "date": day, "category": cats[name], "title": rng.choice(TITLES[name]), "partners": rng.choice(PARTNERS),
        "male": total - female, "female": female, "children": ages[0], "youth": ages[1], "adults": ages[2],
        "elderly": ages[3], "disabled": rng.choice([0, 0, 0, 1, 2]),
        "outcomes": rng.choice(["", "Peserta mempraktikkan di rumah", "Produk dijual di pasar desa"]),
    }  # fmt: skip


def seed_programs(seed) -> None:
    perpusnas = seed.orgs["perpusnas"]
    programme = Programme.objects.filter(slug="tpbis").first() or reports.programme_create(
        actor=seed.actor,
        name="Transformasi Perpustakaan Berbasis Inklusi Sosial",
        short_name="TPBIS",
        slug="tpbis",
        owner=perpusnas,
        start_year=2018,
        end_year=2023,
        description=(
            "Program Perpustakaan Nasional: perpustakaan menjadi pusat kegiatan masyarakat. Tiga strategi: "
            "peningkatan layanan informasi, pelibatan masyarakat, advokasi; direplikasi oleh pemerintah daerah."
        ),
    )
    cats = {}
    for position, name in enumerate(CATEGORIES):
        cats[name], _ = ActivityCategory.objects.get_or_create(name=name, defaults={"position": position})
    for code, name, measure, target in TARGETS_2023:
        if IndicatorTarget.objects.filter(
            indicator__programme=programme, indicator__code=code, year=2023
        ).exists():
            continue
        reports.indicator_set_target(
            actor=seed.actor,
            programme=programme,
            code=code,
            name=name,
            measure=measure,
            year=2023,
            target=target,
        )
    libraries = []
    for entry, level, first in BENEFICIARIES:
        library = _library(seed, entry)
        for year in range(first, 2024):
            reports.beneficiary_add(
                actor=seed.actor, programme=programme, library=library, year=year, level=level
            )
        libraries.append((library, level))

    if Report.objects.filter(programme=programme).exists():
        _forum_004(seed)
        return
    rng = random.Random(2023)  # noqa: S311 - demo data, not security
    for library, level in libraries:
        for month in range(1, 12):
            report = reports.report_start(
                actor=seed.actor, programme=programme, library=library, year=2023, month=month
            )
            reports.report_update(
                actor=seed.actor, report=report, visits=rng.randint(150, 900) * (3 if level != Level.VILLAGE else 1),
                problems=rng.choice(["", "Sinyal internet lemah", "Komputer rusak satu unit", "Relawan berkurang"]),
            )  # fmt: skip
            for _ in range(rng.randint(1, 4)):
                day = datetime.date(2023, month, rng.randint(1, 28))
                reports.activity_add(actor=seed.actor, report=report, **_activity(rng, day, cats))
            if rng.random() < 0.3:
                reports.item_add(
                    actor=seed.actor, report=report, kind=ItemKind.ADVOCACY, date=datetime.date(2023, month, 15),
                    title="Audiensi program perpustakaan", counterpart=rng.choice(
                        ["Bupati", "Kepala Desa", "DPRD", "Camat", "Wali Kota"]),
                    result=rng.choice(["Dukungan anggaran APBDes", "Janji kunjungan", "Masuk RKPDes"]),
                )  # fmt: skip
            if month in (3, 8) and rng.random() < 0.6:
                reports.item_add(
                    actor=seed.actor, report=report, kind=ItemKind.PARTNERSHIP, date=datetime.date(2023, month, 10),
                    title="Nota kesepahaman kegiatan literasi", counterpart=rng.choice(PARTNERS[:5]),
                    valid_until=datetime.date(2025, month, 10),
                )  # fmt: skip
            if month == 6 and level == Level.REGENCY:
                reports.item_add(
                    actor=seed.actor, report=report, kind=ItemKind.REGULATION, date=datetime.date(2023, 6, 20),
                    title="Peraturan Bupati tentang penyelenggaraan perpustakaan desa",
                )  # fmt: skip
            if month == 2:
                reports.item_add(
                    actor=seed.actor, report=report, kind=ItemKind.AID_PHYSICAL, date=datetime.date(2023, 2, 5),
                    title="3 unit komputer dan jaringan internet", counterpart="Perpustakaan Nasional",
                )  # fmt: skip
            _advance(seed, report, month, library)
    stats_fold()  # the demo starts with its figure changes folded into the aggregates
    _forum_004(seed)


def _advance(seed, report, month, library) -> None:
    """Most months are accepted; the last ones wait at each level so every role has something to do."""
    if month == 11 and library.region_id.startswith("52.01"):
        return  # Kebon Ayu's November report is still a draft
    reports.report_submit(actor=seed.actor, report=report)
    report.refresh_from_db()
    if month == 11:
        return  # submitted: waiting for the first check (the Bengkulu facilitator has Kota Bengkulu's)
    if month == 10 and report.level == Level.VILLAGE:
        reports.report_check(
            actor=seed.actor, report=report, step="regency", expected_status=ReportStatus.SUBMITTED, approve=False,
            comment="Mohon lengkapi foto kegiatan dan jumlah peserta lansia.",
        )  # fmt: skip
        return
    if month == 10:
        reports.report_check(
            actor=seed.actor, report=report, step="province", expected_status=report.status, approve=True,
        )  # fmt: skip
        return  # waiting for the national team (tpbis@)
    reports.report_check(
        actor=seed.actor,
        report=report,
        step="national",
        expected_status=ReportStatus.SUBMITTED,
        approve=True,
        accept=True,
    )


def _forum_004(seed) -> None:
    title = "Rembuk Perpustakaan Khusus DKI Jakarta 2023"
    if Forum.objects.filter(event__title=title).exists():
        return
    dki, isipii = seed.orgs["dispusip-dki"], seed.orgs["isipii"]
    wib = ZoneInfo("Asia/Jakarta")
    forum = forums.forum_create(
        actor=seed.actor, title=title, organisers=[dki, isipii],
        starts_at=datetime.datetime(2023, 6, 27, 9, 0, tzinfo=wib), ends_at=datetime.datetime(2023, 6, 27, 15, 0, tzinfo=wib),
        venue_name="Dinas Perpustakaan dan Kearsipan Provinsi DKI Jakarta", venue_region=seed.region("31.71"),
        summary=(
            "Dispusip DKI Jakarta dan ISIPII mengidentifikasi tantangan perpustakaan khusus di DKI Jakarta dan "
            "menyusun peta jalan penguatan kelembagaan perpustakaan dan sumber daya manusia."
        ),
    )  # fmt: skip
    challenges = [
        ("staff", "Kapasitas SDM perpustakaan khusus terbatas; banyak pengelola bukan lulusan ilmu perpustakaan.",
         "Perpustakaan Khusus PT Pustaka Nusantara Data"),
        ("institution", "Perpustakaan khusus belum masuk struktur organisasi induknya; jejaring antarperpustakaan lemah.",
         "ISIPII"),
        ("collection", "Pengetahuan lokal (tacit knowledge) para pegawai hilang saat mereka pensiun.",
         "Dispusip DKI Jakarta"),
        ("service", "Layanan belum dekat dengan pengguna; kebiasaan membaca perlu dibangun kembali.",
         "Peserta rembuk"),
    ]  # fmt: skip
    for category, description, raised_by in challenges:
        forums.challenge_add(
            actor=seed.actor, forum=forum, category=category, description=description, raised_by=raised_by
        )
    s1 = forums.strategy_add(
        actor=seed.actor,
        forum=forum,
        title="Pengembangan kapasitas SDM dan jejaring kelembagaan perpustakaan di DKI Jakarta",
    )
    s2 = forums.strategy_add(
        actor=seed.actor, forum=forum,
        title="Pendokumentasian pengetahuan lokal sebagai aset budaya melalui knowledge management",
    )  # fmt: skip
    s3 = forums.strategy_add(
        actor=seed.actor,
        forum=forum,
        title="Aktivasi layanan perpustakaan berkolaborasi dengan komunitas masyarakat",
    )
    items = [
        (s1, "Pelatihan pengelolaan perpustakaan khusus bagi pengelola non-pustakawan", dki, datetime.date(2023, 11, 30),
         "done", "Dua angkatan selesai (60 peserta)."),
        (s1, "Forum jejaring perpustakaan khusus DKI Jakarta, rapat tiap triwulan", isipii, datetime.date(2024, 3, 31),
         "in_progress", "Rapat pertama September 2023; anggota 24 perpustakaan."),
        (s2, "Panduan dokumentasi pengetahuan tacit dan lokakarya knowledge management", isipii,
         datetime.date(2024, 6, 30), "in_progress", "Draf panduan dibahas bersama lima perpustakaan khusus."),
        (s3, "Kegiatan bersama komunitas di lima perpustakaan khusus", dki, datetime.date(2024, 12, 31), "planned", ""),
    ]  # fmt: skip
    for strategy, text, owner, target, status, note in items:
        item = forums.roadmap_item_add(
            actor=seed.actor, forum=forum, title=text, owner=owner, target_date=target, strategy=strategy
        )
        if note:
            forums.roadmap_item_progress(actor=seed.actor, item=item, status=status, note=note)
    if "firmansyah" in seed.people:
        seed.grant("firmansyah", Role.EVENT_ORGANISER, org="dispusip-dki", login=False)
