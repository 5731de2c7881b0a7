"""Demo data for simpul.certification (issue 6): the LSP Pustakawan's reference data and story 002, the
competency certification of 61 librarians at the UMS library (TUK), 25-27 September 2023, with IPI Sukoharjo
and IPI Jawa Tengah. Runs after the stories (it reuses the LSP, the UMS library, lsp@ and asesor@).

The 61 applicants, their libraries, the unit codes and titles, the second assessor and every result are
invented for the demo (the story gives only the count, the dates, the place and the range of libraries).
The applicants sit at every stage: most decided (competent or not yet), some assessed, some scheduled, one
appeal pending; a few later applicants are submitted, accepted, returned or in draft (Sri Wahyuni,
pustakawan@, has a draft to complete). Get-or-create: running it again adds nothing.
"""

import datetime
import random

from django.utils import timezone

from simpul.certification import services
from simpul.certification.models import (
    Application,
    AssessmentSession,
    Assessor,
    Certificate,
    DocumentKind,
    Element,
    Scheme,
    Standard,
    Status,
    Tuk,
    Unit,
)
from simpul.certification.samples import pdf_upload, png_upload
from simpul.credentials.models import CredentialKind, NumberSeries
from simpul.credentials.services import number_series_set
from simpul.demo.names import FAMILY_OR_SECOND, GIVEN_FEMALE, GIVEN_MALE
from simpul.organisations.models import Role
from simpul.people.models import Education, Person
from simpul.regions.models import Region

NOTE = "Applicants, libraries, units, the second assessor and all results of story 002 are invented for the demo."

# (code, title, [(element, criteria; separated)]): SKKNI 236/2019-style codes, invented titles in Indonesian.
UNITS = [
    (
        "R.91PRP02.001.1",
        "Menyusun Kebijakan Pengembangan Koleksi",
        [
            (
                "Mengidentifikasi kebutuhan pemustaka",
                "Data pemustaka dianalisis;Kebutuhan koleksi dirumuskan",
            ),
            ("Merumuskan kebijakan", "Draf kebijakan disusun;Kebijakan disahkan pimpinan"),
        ],
    ),
    (
        "R.91PRP02.002.1",
        "Melakukan Seleksi Bahan Perpustakaan",
        [
            ("Menyiapkan alat seleksi", "Katalog penerbit dikumpulkan;Daftar usulan disusun"),
            ("Menyeleksi bahan", "Bahan dinilai sesuai kebijakan;Daftar terpilih disahkan"),
        ],
    ),
    (
        "R.91PRP02.010.1",
        "Melakukan Katalogisasi Deskriptif",
        [
            ("Menentukan titik akses", "Tajuk entri utama ditentukan;Tajuk entri tambahan ditentukan"),
            ("Membuat deskripsi bibliografis", "Deskripsi sesuai RDA;Data dimasukkan ke sistem"),
        ],
    ),
    (
        "R.91PRP02.011.1",
        "Menentukan Nomor Klasifikasi",
        [
            ("Menganalisis subjek", "Subjek utama ditentukan"),
            ("Menentukan notasi", "Notasi DDC ditentukan;Nomor panggil dibuat"),
        ],
    ),
    (
        "R.91PRP02.020.1",
        "Memberikan Layanan Sirkulasi",
        [
            ("Melayani peminjaman", "Keanggotaan diperiksa;Transaksi dicatat"),
            ("Melayani pengembalian", "Keterlambatan dihitung;Bahan dikembalikan ke rak"),
        ],
    ),
    (
        "R.91PRP02.021.1",
        "Memberikan Layanan Referensi",
        [
            ("Melakukan wawancara referensi", "Kebutuhan informasi digali"),
            ("Menelusur informasi", "Sumber relevan ditemukan;Jawaban disampaikan"),
        ],
    ),
    (
        "R.91PRP02.030.1",
        "Melakukan Literasi Informasi",
        [
            ("Merancang program literasi", "Sasaran ditentukan;Materi disusun"),
            ("Melaksanakan program", "Kegiatan terlaksana;Hasil dievaluasi"),
        ],
    ),
]
SCHEMES = [
    # code, title, kind, occupation, kkni, unit codes
    ("SKM-PK", "Pengembangan Koleksi", "cluster", "", None, ["R.91PRP02.001.1", "R.91PRP02.002.1"]),
    ("SKM-PBP", "Pengolahan Bahan Perpustakaan", "cluster", "", None, ["R.91PRP02.010.1", "R.91PRP02.011.1"]),
    (
        "SKM-LP",
        "Layanan Pemustaka",
        "cluster",
        "",
        None,
        ["R.91PRP02.020.1", "R.91PRP02.021.1", "R.91PRP02.030.1"],
    ),
    ("SKM-KD", "Pengatalogan Deskriptif", "unit", "", None, ["R.91PRP02.010.1"]),
    (
        "SKM-PAP",
        "Pustakawan Ahli Pertama",
        "occupation",
        "Pustakawan Ahli Pertama",
        7,
        ["R.91PRP02.002.1", "R.91PRP02.010.1", "R.91PRP02.011.1", "R.91PRP02.021.1"],
    ),
]
# Library of each applicant: (library type, name template, region code, province code)
LIBRARIES = [
    ("school", "Perpustakaan SD Negeri {n} Kartasura", "33.11.12", "33"),
    ("school", "Perpustakaan SMP Negeri {n} Sukoharjo", "33.11", "33"),
    ("school", "Perpustakaan SMA Negeri {n} Surakarta", "33.72", "33"),
    ("university", "Perpustakaan Universitas Muhammadiyah Surakarta", "33.11.12", "33"),
    ("university", "UPT Perpustakaan Universitas Sebelas Maret", "33.72", "33"),
    ("public", "Dinas Perpustakaan dan Kearsipan Kabupaten Sukoharjo", "33.11", "33"),
    ("public", "Perpustakaan Kota Bandung", "32.73", "32"),
    ("university", "Perpustakaan Universitas Padjadjaran", "32.04", "32"),
    ("school", "Perpustakaan SMA Negeri {n} Bandung", "32.73", "32"),
    ("special", "Perpustakaan Kementerian Dalam Negeri", "31.71", "31"),
    ("university", "Perpustakaan Universitas Indonesia", "31.74", "31"),
    ("public", "Dinas Perpustakaan dan Kearsipan Provinsi DKI Jakarta", "31.71", "31"),
]
SESSION_START = datetime.datetime(2023, 9, 25, 8, 0)
DECIDED_ON = datetime.date(2023, 10, 16)


def reference_data(lsp):
    """The LSP's standard, units and schemes (get-or-create)."""
    standard = Standard.objects.filter(
        code="Kepmenaker 236/2019", version=2019
    ).first() or services.standard_create(
        actor=None,
        code="Kepmenaker 236/2019",
        title="SKKNI Kategori Jasa Lainnya Bidang Perpustakaan",
        version=2019,
    )
    units = {}
    for code, title, elements in UNITS:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            unit = services.unit_create(
                actor=None,
                standard=standard,
                code=code,
                title=title,
                elements=[(e, "\n".join(c.split(";"))) for e, c in elements],
            )
        units[code] = unit
    schemes = {}
    for code, title, kind, occupation, kkni, codes in SCHEMES:
        scheme = Scheme.objects.filter(lsp=lsp, code=code).first()
        if scheme is None:
            scheme = services.scheme_create(
                actor=None,
                lsp=lsp,
                code=code,
                title=title,
                kind=kind,
                occupation=occupation,
                kkni_level=kkni,
                units=[units[c] for c in codes],
            )
        schemes[code] = scheme
    return units, schemes


def _assessor(lsp, person, met: str, schemes, max_load: int):
    found = Assessor.objects.filter(lsp=lsp, person=person).first()
    return found or services.assessor_create(
        actor=None, lsp=lsp, person=person, met_number=met, schemes=list(schemes), max_load=max_load
    )


def _region(code: str):
    return Region.objects.filter(code=code).first()


def _applicant(seed, i: int, rng: random.Random) -> tuple[Person, tuple]:
    female = i % 10 < 7
    given = (GIVEN_FEMALE if female else GIVEN_MALE)[(i * 7) % len(GIVEN_FEMALE if female else GIVEN_MALE)]
    name = f"{given} {FAMILY_OR_SECOND[(i * 11) % len(FAMILY_OR_SECOND)]}"  # distinct for every i used here
    library = LIBRARIES[i % len(LIBRARIES)]
    person = seed.person(
        f"cert-applicant-{i}",
        full_name=name,
        title_suffix="S.IP." if i % 3 else "A.Md.",
        gender="F" if female else "M",
    )
    if person.region_id is None and _region(library[2]):
        Person.objects.filter(pk=person.pk).update(region=_region(library[2]))
        person.refresh_from_db()
    if not Education.objects.filter(person=person).exists():
        level = "SMA" if i % 10 == 9 else ("D3" if i % 3 == 0 else "S1")
        Education.objects.create(
            person=person,
            level=level,
            institution="Universitas Terbuka" if level != "SMA" else "SMA Negeri 1 Sukoharjo",
            major="Ilmu Perpustakaan" if level != "SMA" else "IPS",
            is_library_science=level != "SMA",
            graduation_year=2005 + i % 15,
        )
    return person, library


def _answers(application) -> dict:
    return {
        e.pk: ("K", "Dokumen kerja dan foto kegiatan")
        for e in Element.objects.filter(unit__schemes=application.scheme)
    }


def _documents(application) -> None:
    for required in application.scheme.required_documents.filter(mandatory=True):
        upload = png_upload() if required.kind == DocumentKind.PHOTO else pdf_upload()
        services.document_add(actor=None, application=application, kind=required.kind, upload=upload)


def _start(seed, person, scheme, library, *, years: int):
    application = Application.objects.filter(person=person, scheme=scheme).first()
    if application:
        return application, False
    application = services.application_start(
        actor=None,
        person=person,
        scheme=scheme,
        job_title="Pustakawan",
        job_organisation=library[1].format(n=1 + person.pk % 7),
        library_type=library[0],
        years_in_cluster=years,
    )
    if not application.province_code:
        Application.objects.filter(pk=application.pk).update(province_code=library[3])
        application.province_code = library[3]
    return application, True


def seed_certification(seed) -> None:
    """The LSP's reference data, the UMS TUK, two assessors and the Sukoharjo 2023 session with its 61 applicants."""
    lsp = seed.orgs["lsp-pustakawan"]
    kind = CredentialKind.COMPETENCY_CERTIFICATE
    if not NumberSeries.objects.filter(issuer=lsp, kind=kind, prefix="LSP-PUS").exists():
        number_series_set(
            actor=None,
            issuer=lsp,
            kind=CredentialKind.COMPETENCY_CERTIFICATE,
            number_format="{prefix}/{kind}/{year}/{seq:05d}",
            prefix="LSP-PUS",
        )
    units, schemes = reference_data(lsp)
    tuk = Tuk.objects.filter(lsp=lsp, name="TUK Perpustakaan UMS").first() or services.tuk_create(
        actor=None,
        lsp=lsp,
        name="TUK Perpustakaan UMS",
        region=seed.region("33.11.12"),
        host=seed.orgs.get("perpustakaan-ums"),
        address="Jl. A. Yani, Pabelan, Kartasura, Sukoharjo",
    )
    first = _assessor(lsp, seed.people["assessor"], "MET.000.004521.2015", schemes.values(), 40)
    seed.person(
        "assessor-2",
        full_name="Endang Fatmawati",
        title_prefix="Dr.",
        title_suffix="S.S., M.Si.",
        gender="F",
        region="33.72",
    )
    seed.grant("assessor-2", Role.ASSESSOR, org="lsp-pustakawan", login=False)
    second = _assessor(lsp, seed.people["assessor-2"], "MET.000.006310.2017", schemes.values(), 40)
    session = AssessmentSession.objects.filter(
        tuk=tuk, event__title__startswith="Sertifikasi Kompetensi Pustakawan 2023"
    ).first()
    if session is None:
        start = timezone.make_aware(SESSION_START)
        session = services.session_create(
            actor=None,
            tuk=tuk,
            schemes=[schemes["SKM-PK"], schemes["SKM-PBP"], schemes["SKM-LP"]],
            title="Sertifikasi Kompetensi Pustakawan 2023 — Sukoharjo",
            starts_at=start,
            ends_at=start + datetime.timedelta(days=2, hours=8),
            capacity=61,
        )
        session.event.description = (
            "IPI Kabupaten Sukoharjo bersama IPI Provinsi Jawa Tengah, Perpustakaan UMS dan LSP Pustakawan; "
            "dibuka oleh Kepala Dinas Perpustakaan dan Kearsipan Kabupaten Sukoharjo."
        )
        session.event.save(update_fields=["description"])
        for key in ("ipi-sukoharjo", "ipi-jawa-tengah", "perpustakaan-ums"):
            if key in seed.orgs:
                session.event.organisers.add(seed.orgs[key])
    rng = random.Random(2023)
    lsp_admin = seed.people["lsp-admin"].user
    cluster_schemes = [schemes["SKM-PK"], schemes["SKM-PBP"], schemes["SKM-LP"]]
    for i in range(61):
        person, library = _applicant(seed, i, rng)
        scheme = cluster_schemes[i % 3]
        application, fresh = _start(seed, person, scheme, library, years=3 + i % 12)
        if not fresh:
            continue
        services.self_assessment_save(actor=None, application=application, answers=_answers(application))
        _documents(application)
        services.application_submit(actor=None, application=application)
        services.application_accept(actor=lsp_admin, application=application)
        services.session_add_applications(actor=lsp_admin, session=session, applications=[application])
        services.assessor_assign(
            actor=lsp_admin, application=application, assessor=first if i % 2 else second
        )
        assessor_user = (first if i % 2 else second).person.user
        if i >= 59:  # two still waiting: one without consent, one part-assessed
            if i == 60:
                services.consent_record(actor=None, application=application)
                unit = scheme.ordered_units()[0]
                services.unit_result_save(
                    actor=assessor_user,
                    application=application,
                    unit=unit,
                    methods=["written", "interview"],
                    recommendation="K",
                    feedback="Baik.",
                )
        else:
            services.consent_record(actor=None, application=application)
            not_yet = i % 11 == 5  # five found not yet competent in one unit
            for n, unit in enumerate(scheme.ordered_units()):
                services.unit_result_save(
                    actor=assessor_user,
                    application=application,
                    unit=unit,
                    methods=["written", "demonstration", "portfolio"]
                    if n == 0
                    else ["portfolio", "interview"],
                    recommendation="BK" if not_yet and n == 0 else "K",
                    notes="",
                    feedback="Perlu memperkuat bukti portofolio." if not_yet and n == 0 else "Kompeten.",
                )
            services.assessment_complete(actor=assessor_user, application=application)
            if i < 56:  # 56 decided, 3 assessed awaiting the decision
                services.application_decide(actor=lsp_admin, application=application, decided_on=DECIDED_ON)
                if not_yet and i == 5:
                    services.appeal_submit(
                        actor=None,
                        application=application,
                        reason="Bukti portofolio saya belum diperiksa seluruhnya.",
                    )
        # The story's calendar: applied in August, accepted early September, decided mid-October 2023.
        Application.objects.filter(pk=application.pk).update(
            created_at=timezone.make_aware(datetime.datetime(2023, 8, 1 + i % 28, 9, 0)),
            submitted_at=timezone.make_aware(datetime.datetime(2023, 8, 1 + i % 28, 10, 0)),
            accepted_at=timezone.make_aware(datetime.datetime(2023, 9, 5, 10, 0)),
            consent_at=timezone.make_aware(SESSION_START) if i != 59 else None,
        )
        Application.objects.filter(pk=application.pk, decided_at__isnull=False).update(
            assessed_at=timezone.make_aware(datetime.datetime(2023, 9, 27, 16, 0)),
            decided_at=timezone.make_aware(datetime.datetime(2023, 10, 16, 10, 0)),
        )
    _renewals(seed, tuk, cluster_schemes, lsp_admin, (first, second))
    _later_applicants(seed, schemes, lsp_admin, rng)
    services.stats_refresh()


def _renewals(seed, tuk, schemes, lsp_admin, assessors) -> None:
    """Eight holders of 2023 certificates renew by re-certification (RCC) in a session two months ago."""
    if AssessmentSession.objects.filter(tuk=tuk, event__title__startswith="Uji Kompetensi RCC").exists():
        return
    today = timezone.localdate()
    start = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=60), datetime.time(8))
    )
    session = services.session_create(
        actor=None,
        tuk=tuk,
        schemes=schemes,
        title="Uji Kompetensi RCC — Sukoharjo",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
        capacity=20,
    )
    holders = Certificate.objects.filter(application__session__tuk=tuk, revoked=False).order_by("id")[:8]
    for n, old in enumerate(holders):
        application = services.application_start(
            actor=None,
            person=old.person,
            scheme=old.scheme,
            previous_certificate=old,
            purpose="rcc",
            job_title=old.application.job_title,
            job_organisation=old.application.job_organisation,
            library_type=old.application.library_type,
            years_in_cluster=old.application.years_in_cluster + 3,
        )
        services.self_assessment_save(actor=None, application=application, answers=_answers(application))
        _documents(application)
        services.application_submit(actor=None, application=application)
        services.application_accept(actor=lsp_admin, application=application)
        services.session_add_applications(actor=lsp_admin, session=session, applications=[application])
        assessor = assessors[n % 2]
        services.assessor_assign(actor=lsp_admin, application=application, assessor=assessor)
        services.consent_record(actor=None, application=application)
        for unit in old.scheme.ordered_units():
            services.unit_result_save(
                actor=assessor.person.user,
                application=application,
                unit=unit,
                methods=["portfolio", "interview"],
                recommendation="K",
                feedback="Kompeten.",
            )
        services.assessment_complete(actor=assessor.person.user, application=application)
        services.application_decide(
            actor=lsp_admin, application=application, decided_on=today - datetime.timedelta(days=45)
        )


def _later_applicants(seed, schemes, lsp_admin, rng) -> None:
    """After the session: one of each early stage, for the LSP's queue; Sri Wahyuni's draft to complete."""
    school = seed.people.get("school-librarian")
    if school and not Application.objects.filter(person=school).exists():
        services.application_start(actor=school.user, person=school, scheme=schemes["SKM-LP"])
    stages = [Status.SUBMITTED, Status.SUBMITTED, Status.ACCEPTED, Status.RETURNED, Status.WITHDRAWN]
    for n, stage in enumerate(stages):
        person, library = _applicant(seed, 100 + n, rng)
        application, fresh = _start(seed, person, schemes["SKM-PAP"], library, years=4)
        if not fresh:
            continue
        services.self_assessment_save(actor=None, application=application, answers=_answers(application))
        _documents(application)
        if stage == Status.WITHDRAWN:
            services.application_withdraw(actor=None, application=application)
            continue
        services.application_submit(actor=None, application=application)
        if stage == Status.ACCEPTED:
            services.application_accept(actor=lsp_admin, application=application)
        elif stage == Status.RETURNED:
            services.application_return(
                actor=lsp_admin,
                application=application,
                reason="Surat rekomendasi atasan belum ditandatangani.",
            )
