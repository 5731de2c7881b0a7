"""The demo data: the world of the five seed stories, written through the services (so it is audited).

Each story is one function taking the `Seed` being built; later issues add their own steps (events,
certification schemes, TPBIS reports...) by appending to `STEPS` or extending a story function.
Every helper is get-or-create, so running the seed again adds nothing.

People named in the stories keep their real names and titles as printed there; people the stories
do not name (officers, assessors, librarians) are invented and marked so in `NOTE`.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.db import transaction

from simpul.organisations.models import Employment, Kind, Organisation, Role
from simpul.organisations.services import employment_add, organisation_create, role_grant
from simpul.people.models import Education, Person, User
from simpul.people.services import education_add, person_create, user_create, user_update
from simpul.regions.models import Region

from .seed_associations import seed_associations
from .seed_certification import seed_certification
from .seed_events import seed_events
from .seed_knowledge import seed_knowledge
from .seed_libraries import seed_libraries
from .seed_programs import seed_programs

DEMO_PASSWORD = "pustaka-demo-2025"  # noqa: S105 (published in the README: demo only)
DEMO_DOMAIN = "simpul.test"  # reserved for testing (RFC 2606): no mail ever leaves for it

# The regions the seed points at (with their parents); tests build exactly these.
SEED_REGION_CODES = [
    "17.71",  # Kota Bengkulu (and Bengkulu)
    "31.71",  # Kota Administrasi Jakarta Pusat (and DKI Jakarta)
    "31.74",  # Kota Administrasi Jakarta Selatan
    "33.11.12",  # Kartasura (and Kabupaten Sukoharjo, Jawa Tengah)
    "33.72",  # Kota Surakarta
    "52.01.01.2002",  # Kebon Ayu (and Gerung, Kabupaten Lombok Barat, Nusa Tenggara Barat)
    "52.71.01",  # Ampenan (and Kota Mataram)
]

NOTE = "Officers, assessors and librarians not named in the seed stories are invented for the demo."


class SeedError(Exception):
    """The seed cannot run (for example, regions are not loaded)."""


@dataclass
class DemoLogin:
    role: str
    email: str
    name: str
    scope: str


@dataclass
class Seed:
    """What the seed has built so far, by key, and what it had to create this time."""

    orgs: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    actor: User | None = None  # the seed writes as the system (audit entries without an actor)

    # --- lookups
    def region(self, code: str | None) -> Region | None:
        if code is None:
            return None
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise SeedError(f"Region {code} is missing: load the regions first (`simpul regions load`).")
        return region

    # --- get-or-create helpers, each through a service
    def org(
        self,
        key: str,
        *,
        kind: str,
        name: str,
        parent: str | None = None,
        region: str | None = None,
        short_name: str = "",
        **fields,
    ) -> Organisation:
        slug = key
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            organisation = organisation_create(
                actor=self.actor,
                kind=kind,
                name=name,
                short_name=short_name,
                slug=slug,
                parent=self.orgs[parent] if parent else None,
                region=self.region(region),
                **fields,
            )
            self.created["organisations"] += 1
        self.orgs[key] = organisation
        return organisation

    def person(
        self, key: str, *, full_name: str, email: str | None = None, region: str | None = None, **fields
    ) -> Person:
        """A person; with `email`, also an account whose address is verified (can sign in at once)."""
        if email:
            email = f"{email}@{DEMO_DOMAIN}"
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                user = user_create(
                    actor=self.actor,
                    email=email,
                    password=DEMO_PASSWORD,
                    full_name=full_name,
                    email_verified=True,  # the demo has no mailbox to confirm it from
                    region=self.region(region),
                    **fields,
                )
                self.created["accounts"] += 1
            if not EmailAddress.objects.filter(user=user, email=email, verified=True, primary=True).exists():
                # An account made before (e.g. by an older seed) without a verified address.
                EmailAddress.objects.update_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
            person = user.person
        else:
            person = Person.objects.filter(
                user__isnull=True,
                full_name=full_name,
                title_prefix=fields.get("title_prefix", ""),
                title_suffix=fields.get("title_suffix", ""),
            ).first()
            if person is None:
                person = person_create(
                    actor=self.actor, full_name=full_name, region=self.region(region), **fields
                )
                self.created["people"] += 1
        self.people[key] = person
        return person

    def employ(
        self,
        person: str,
        org: str | None,
        position: str,
        *,
        since: int | None = None,
        until: int | None = None,
        organisation_name: str = "",
    ) -> None:
        p = self.people[person]
        organisation = self.orgs[org] if org else None
        exists = Employment.objects.filter(
            person=p, organisation=organisation, organisation_name=organisation_name, position=position
        ).exists()
        if not exists:
            employment_add(
                actor=self.actor,
                person=p,
                position=position,
                organisation=organisation,
                organisation_name=organisation_name,
                start_date=datetime.date(since, 1, 1) if since else None,
                end_date=datetime.date(until, 12, 31) if until else None,
            )
            self.created["employment"] += 1

    def educate(
        self,
        person: str,
        level: str,
        institution: str,
        *,
        major: str = "",
        year: int | None = None,
        library_science: bool = False,
    ) -> None:
        p = self.people[person]
        if not Education.objects.filter(person=p, level=level, institution=institution).exists():
            education_add(
                actor=self.actor,
                person=p,
                level=level,
                institution=institution,
                major=major,
                is_library_science=library_science,
                graduation_year=year,
            )
            self.created["education"] += 1

    def grant(
        self, person: str, role: str, *, org: str | None = None, region: str | None = None, login: bool = True
    ) -> None:
        p = self.people[person]
        before = p.roles.count()
        role_grant(
            actor=self.actor,
            person=p,
            role=role,
            organisation=self.orgs[org] if org else None,
            region=self.region(region),
        )
        if p.roles.count() > before:
            self.created["roles"] += 1
        if login and p.user_id:
            scope = self.orgs[org].name if org else (self.region(region).name if region else "Simpul")
            self.logins.append(DemoLogin(str(Role(role).label), p.user.email, p.display_name, scope))

    def login(self, person: str, role: str, scope: str) -> None:
        """List a person with an account among the demo logins without giving them a role."""
        p = self.people[person]
        self.logins.append(DemoLogin(role, p.user.email, p.display_name, scope))


# --- The stories ------------------------------------------------------------------------------------


def site_staff(seed: Seed) -> None:
    """Simpul's own administrator, who runs the back office."""
    seed.person(
        "admin",
        full_name="Dewi Lestari",
        title_suffix="S.Kom.",
        email="admin",
        gender="F",
        phone="0812 2000 0001",
        region="31.74",
    )
    seed.employ("admin", None, "Administrator Simpul", since=2024, organisation_name="Tim Simpul")
    seed.grant("admin", Role.SITE_ADMIN)
    user = seed.people["admin"].user
    if not user.is_staff:
        user_update(actor=seed.actor, user=user, is_staff=True)  # the back office, scoped by the role


def national_bodies(seed: Seed) -> None:
    """Perpusnas and its LSP Pustakawan: present in stories 000, 002 and 003."""
    seed.org(
        "perpusnas",
        kind=Kind.NATIONAL_LIBRARY,
        name="Perpustakaan Nasional Republik Indonesia",
        short_name="Perpusnas",
        region="31.71",
        address="Jl. Medan Merdeka Selatan No. 11, Jakarta Pusat",
        website="https://www.perpusnas.go.id",
    )
    seed.org(
        "lsp-pustakawan",
        kind=Kind.CERTIFICATION_BODY,
        name="Lembaga Sertifikasi Profesi Pustakawan",
        short_name="LSP Pustakawan",
        parent="perpusnas",
        region="31.71",
        description="Lembaga sertifikasi profesi pustakawan berlisensi BNSP.",
    )


def ipi_rakerpus_000(seed: Seed) -> None:
    """Story 000: IPI, its chapters, and the people of Rakerpus XXIV in Mataram."""
    seed.org(
        "ipi",
        kind=Kind.ASSOCIATION,
        name="Ikatan Pustakawan Indonesia",
        short_name="IPI",
        region="31.71",
        website="https://ipi.web.id",
        description="Organisasi profesi pustakawan Indonesia. Pengurus Pusat berkedudukan di Jakarta.",
    )
    seed.org(
        "ipi-jawa-tengah",
        kind=Kind.CHAPTER,
        name="IPI Provinsi Jawa Tengah",
        short_name="IPI Jateng",
        parent="ipi",
        region="33",
        description="Pengurus Daerah IPI Provinsi Jawa Tengah.",
    )
    seed.org(
        "ipi-sukoharjo",
        kind=Kind.CHAPTER,
        name="IPI Kabupaten Sukoharjo",
        short_name="IPI Sukoharjo",
        parent="ipi-jawa-tengah",
        region="33.11",
        description="Pengurus Cabang IPI Kabupaten Sukoharjo.",
    )
    seed.org(
        "ipi-ntb",
        kind=Kind.CHAPTER,
        name="IPI Provinsi Nusa Tenggara Barat",
        short_name="IPI NTB",
        parent="ipi",
        region="52",
        description="Pengurus Daerah IPI Provinsi Nusa Tenggara Barat.",
    )

    seed.person(
        "ipi-chair",
        full_name="Sri Rahayu",
        title_prefix="Dra.",
        title_suffix="M.Hum.",
        email="ketua.ipi",
        gender="F",
        phone="0812 2000 0002",
        region="31.71",
    )
    seed.employ("ipi-chair", "ipi", "Ketua Umum Pengurus Pusat", since=2022)
    seed.grant("ipi-chair", Role.ASSOCIATION_OFFICER, org="ipi", login=False)

    seed.person(
        "ipi-ntb-chair",
        full_name="Lalu Ahmad Zaini",
        title_suffix="S.IP.",
        email="ipi.ntb",
        gender="M",
        phone="0819 0700 1234",
        region="52.71",
    )
    seed.employ("ipi-ntb-chair", "ipi-ntb", "Ketua Pengurus Daerah", since=2021)
    seed.grant("ipi-ntb-chair", Role.ASSOCIATION_OFFICER, org="ipi-ntb", login=False)

    # Named in the story: the vice governor who opened Rakerpus, and two speakers.
    seed.person(
        "sitti-rohmi",
        full_name="Sitti Rohmi Djalilah",
        title_prefix="Dr. Ir. Hj.",
        title_suffix="M.Pd",
        gender="F",
        region="52",
    )
    seed.employ(
        "sitti-rohmi",
        None,
        "Wakil Gubernur Nusa Tenggara Barat",
        since=2018,
        until=2023,
        organisation_name="Pemerintah Provinsi Nusa Tenggara Barat",
    )
    seed.person("niken", full_name="Niken Saptarini", gender="F", region="52")
    seed.employ(
        "niken",
        None,
        "Bunda Literasi Provinsi Nusa Tenggara Barat",
        organisation_name="Pemerintah Provinsi Nusa Tenggara Barat",
    )
    seed.person("nor-edzan", full_name="Nor Edzan Che Nasir", gender="F")
    seed.employ(
        "nor-edzan",
        None,
        "Secretary, IFLA Regional Division Asia and Oceania",
        organisation_name="IFLA Asia Oceania",
    )


def fppti_seminar_001(seed: Seed) -> None:
    """Story 001: FPPTI's national board (2017-2020 inauguration) and a regional forum."""
    seed.org(
        "fppti",
        kind=Kind.ASSOCIATION,
        name="Forum Perpustakaan Perguruan Tinggi Indonesia",
        short_name="FPPTI",
        region="31",
        description="Forum perpustakaan perguruan tinggi; pengurus pusat dilantik untuk periode 2017-2020.",
    )
    seed.org("fppti-jawa-tengah", kind=Kind.CHAPTER, name="FPPTI Jawa Tengah", parent="fppti", region="33")
    seed.person(
        "fppti-chair",
        full_name="Hendro Wicaksono",
        title_suffix="S.IP., M.Hum.",
        email="fppti",
        gender="M",
        phone="0813 2500 7788",
        region="31.74",
    )
    seed.employ("fppti-chair", "fppti", "Ketua Pengurus Pusat", since=2017, until=2020)
    seed.grant("fppti-chair", Role.ASSOCIATION_OFFICER, org="fppti", login=False)


def sukoharjo_certification_002(seed: Seed) -> None:
    """Story 002: the competency certification at the UMS library with IPI Sukoharjo and the LSP."""
    seed.org(
        "ums",
        kind=Kind.UNIVERSITY,
        name="Universitas Muhammadiyah Surakarta",
        short_name="UMS",
        region="33.11",
        address="Jl. A. Yani, Pabelan, Kartasura, Sukoharjo",
        website="https://www.ums.ac.id",
    )
    seed.org(
        "perpustakaan-ums",
        kind=Kind.LIBRARY,
        name="Perpustakaan Universitas Muhammadiyah Surakarta",
        short_name="Perpustakaan UMS",
        parent="ums",
        region="33.11",
        description="Perpustakaan perguruan tinggi.",
    )
    seed.org(
        "dispusip-sukoharjo",
        kind=Kind.LIBRARY_OFFICE,
        name="Dinas Perpustakaan dan Kearsipan Kabupaten Sukoharjo",
        short_name="Dispusip Sukoharjo",
        region="33.11",
    )

    seed.person(
        "tunardi",
        full_name="Tunardi",
        title_suffix="SE.",
        email="tunardi",
        gender="M",
        phone="0812 2611 4501",
        region="33.11",
    )
    seed.employ("tunardi", "ipi-sukoharjo", "Ketua", since=2021)
    seed.educate("tunardi", "S1", "Universitas Slamet Riyadi", major="Ekonomi Manajemen", year=1998)
    seed.grant("tunardi", Role.ASSOCIATION_OFFICER, org="ipi-sukoharjo")
    # Check-in at the chapter's events (the events issue's role), so the demo holds every role.
    seed.grant("tunardi", Role.EVENT_STAFF, org="ipi-sukoharjo", login=False)

    seed.person(
        "proboningsih",
        full_name="Proboningsih Dwi Danarti",
        title_prefix="Ir.",
        email="proboningsih",
        gender="F",
        phone="0812 2950 3301",
        region="33.11",
    )
    seed.employ("proboningsih", "dispusip-sukoharjo", "Kepala Dinas", since=2021)
    seed.educate("proboningsih", "S1", "Universitas Sebelas Maret", major="Agronomi", year=1990)
    seed.grant("proboningsih", Role.LIBRARY_OFFICER, region="33.11")

    seed.person(
        "lsp-admin",
        full_name="Nurul Hidayah",
        title_suffix="S.IP., M.Hum.",
        email="lsp",
        gender="F",
        phone="0815 1020 3040",
        region="31.71",
    )
    seed.employ("lsp-admin", "lsp-pustakawan", "Kepala Bidang Sertifikasi", since=2019)
    seed.educate(
        "lsp-admin", "S2", "Universitas Indonesia", major="Ilmu Perpustakaan", year=2012, library_science=True
    )
    seed.grant("lsp-admin", Role.CERTIFICATION_ADMIN, org="lsp-pustakawan")

    seed.person(
        "assessor",
        full_name="Bambang Supriyanto",
        title_prefix="Drs.",
        title_suffix="M.Si.",
        email="asesor",
        gender="M",
        phone="0812 2655 9080",
        region="33.72",
    )
    seed.employ("assessor", "perpustakaan-ums", "Pustakawan Ahli Madya", since=2005)
    seed.educate(
        "assessor",
        "S1",
        "Universitas Gadjah Mada",
        major="Ilmu Perpustakaan",
        year=1993,
        library_science=True,
    )
    seed.educate("assessor", "S2", "Universitas Sebelas Maret", major="Ilmu Komunikasi", year=2004)
    seed.grant("assessor", Role.ASSESSOR, org="lsp-pustakawan")

    seed.person(
        "ums-head",
        full_name="Muhammad Arif Rahman",
        title_suffix="S.IP., M.A.",
        email="perpus.ums",
        gender="M",
        phone="0857 2800 1122",
        region="33.11",
    )
    seed.employ("ums-head", "perpustakaan-ums", "Kepala Perpustakaan", since=2019)
    seed.employ("ums-head", "perpustakaan-ums", "Pustakawan Ahli Muda", since=2010, until=2018)
    seed.educate(
        "ums-head", "S1", "Universitas Diponegoro", major="Ilmu Perpustakaan", year=2008, library_science=True
    )
    seed.educate("ums-head", "S2", "Universitas Gadjah Mada", major="Kajian Budaya dan Media", year=2015)
    seed.grant("ums-head", Role.LIBRARY_MANAGER, org="perpustakaan-ums")


def perpusnas_tpbis_003(seed: Seed) -> None:
    """Story 003: Perpusnas's TPBIS programme and the library offices it trains (Bengkulu, NTB)."""
    seed.org(
        "dispusip-bengkulu",
        kind=Kind.LIBRARY_OFFICE,
        name="Dinas Perpustakaan dan Kearsipan Provinsi Bengkulu",
        short_name="Dispusip Bengkulu",
        region="17",
    )
    seed.org(
        "dispusip-ntb",
        kind=Kind.LIBRARY_OFFICE,
        name="Dinas Perpustakaan dan Kearsipan Provinsi Nusa Tenggara Barat",
        short_name="Dispusip NTB",
        region="52",
    )

    seed.person("syarif-bando", full_name="Muhammad Syarif Bando", gender="M", region="31")
    seed.employ("syarif-bando", "perpusnas", "Kepala Perpustakaan Nasional", since=2016, until=2023)

    seed.person(
        "meri-sasdi",
        full_name="Meri Sasdi",
        title_prefix="H.",
        title_suffix="M.Pd",
        email="meri.sasdi",
        gender="M",
        phone="0811 7300 4455",
        region="17.71",
    )
    seed.employ("meri-sasdi", "dispusip-bengkulu", "Kepala Dinas", since=2020)
    seed.educate("meri-sasdi", "S2", "Universitas Bengkulu", major="Manajemen Pendidikan", year=2006)
    seed.grant("meri-sasdi", Role.LIBRARY_OFFICER, region="17")

    seed.person(
        "tpbis-manager",
        full_name="Ratna Sari Dewi",
        title_suffix="S.Sos., M.A.",
        email="tpbis",
        gender="F",
        phone="0813 8000 2468",
        region="31.74",
    )
    seed.employ("tpbis-manager", "perpusnas", "Koordinator Program TPBIS", since=2018)
    seed.educate(
        "tpbis-manager", "S2", "Universitas Indonesia", major="Kajian Pengembangan Perkotaan", year=2011
    )
    seed.grant("tpbis-manager", Role.PROGRAMME_MANAGER, org="perpusnas")

    seed.person(
        "facilitator",
        full_name="Yudi Hartono",
        title_suffix="S.IP.",
        email="fasilitator",
        gender="M",
        phone="0852 6700 1357",
        region="17.71",
    )
    seed.employ("facilitator", "dispusip-bengkulu", "Fasilitator Provinsi TPBIS", since=2019)
    seed.educate(
        "facilitator",
        "S1",
        "Universitas Padjadjaran",
        major="Ilmu Perpustakaan",
        year=2012,
        library_science=True,
    )
    seed.grant("facilitator", Role.FACILITATOR, region="17")


def jakarta_special_libraries_004(seed: Seed) -> None:
    """Story 004: Dispusip DKI Jakarta, ISIPII and the forum of special libraries."""
    seed.org(
        "dispusip-dki",
        kind=Kind.LIBRARY_OFFICE,
        name="Dinas Perpustakaan dan Kearsipan Provinsi DKI Jakarta",
        short_name="Dispusip DKI Jakarta",
        region="31",
    )
    seed.org(
        "isipii",
        kind=Kind.ASSOCIATION,
        name="Ikatan Sarjana Ilmu Perpustakaan dan Informasi Indonesia",
        short_name="ISIPII",
        region="31",
        description="Perkumpulan sarjana ilmu perpustakaan dan informasi.",
    )
    seed.org("pustaka-nusantara", kind=Kind.COMPANY, name="PT Pustaka Nusantara Data", region="31.74")
    seed.org(
        "perpustakaan-pustaka-nusantara",
        kind=Kind.LIBRARY,
        name="Perpustakaan Khusus PT Pustaka Nusantara Data",
        parent="pustaka-nusantara",
        region="31.74",
        description="Perpustakaan khusus (perusahaan).",
    )

    seed.person(
        "firmansyah",
        full_name="Firmansyah",
        email="firmansyah",
        gender="M",
        phone="0811 1900 2023",
        region="31",
    )
    seed.employ("firmansyah", "dispusip-dki", "Kepala Dinas", since=2022)
    seed.grant("firmansyah", Role.LIBRARY_OFFICER, region="31")

    seed.person(
        "special-librarian",
        full_name="Ahmad Fauzi",
        title_suffix="S.IP.",
        email="fauzi",
        gender="M",
        phone="0821 1234 5678",
        region="31.74",
    )
    seed.employ("special-librarian", "perpustakaan-pustaka-nusantara", "Pustakawan", since=2017)
    seed.educate(
        "special-librarian",
        "S1",
        "Universitas Indonesia",
        major="Ilmu Perpustakaan",
        year=2015,
        library_science=True,
    )
    seed.grant("special-librarian", Role.LIBRARY_MANAGER, org="perpustakaan-pustaka-nusantara", login=False)


def libraries_of_each_type(seed: Seed) -> None:
    """One library of each type (the libraries app will add NPPs and types), with their people."""
    seed.org(
        "dispusip-jawa-tengah",
        kind=Kind.LIBRARY_OFFICE,
        name="Dinas Kearsipan dan Perpustakaan Provinsi Jawa Tengah",
        short_name="Arpusda Jateng",
        region="33",
    )
    seed.org(
        "perpustakaan-provinsi-jawa-tengah",
        kind=Kind.LIBRARY,
        name="Perpustakaan Provinsi Jawa Tengah",
        parent="dispusip-jawa-tengah",
        region="33",
        description="Perpustakaan umum provinsi.",
    )
    seed.org(
        "perpustakaan-provinsi-ntb",
        kind=Kind.LIBRARY,
        name="Perpustakaan Provinsi Nusa Tenggara Barat",
        parent="dispusip-ntb",
        region="52.71",
        description="Perpustakaan umum provinsi.",
    )
    seed.org(
        "perpustakaan-provinsi-bengkulu",
        kind=Kind.LIBRARY,
        name="Perpustakaan Provinsi Bengkulu",
        parent="dispusip-bengkulu",
        region="17.71",
        description="Perpustakaan umum provinsi.",
    )
    seed.org(
        "perpustakaan-jakarta",
        kind=Kind.LIBRARY,
        name="Perpustakaan Jakarta",
        parent="dispusip-dki",
        region="31.71",
        description="Perpustakaan umum Provinsi DKI Jakarta.",
    )
    seed.org(
        "perpustakaan-sukoharjo",
        kind=Kind.LIBRARY,
        name="Perpustakaan Daerah Kabupaten Sukoharjo",
        parent="dispusip-sukoharjo",
        region="33.11",
        description="Perpustakaan umum kabupaten.",
    )
    seed.org(
        "perpustakaan-desa-kebon-ayu",
        kind=Kind.LIBRARY,
        name="Perpustakaan Desa Kebon Ayu",
        region="52.01.01.2002",
        description="Perpustakaan desa, Kecamatan Gerung, Lombok Barat.",
    )
    seed.org("sd-negeri-1-kartasura", kind=Kind.SCHOOL, name="SD Negeri 1 Kartasura", region="33.11.12")
    seed.org(
        "perpustakaan-sdn-1-kartasura",
        kind=Kind.LIBRARY,
        name="Perpustakaan SD Negeri 1 Kartasura",
        parent="sd-negeri-1-kartasura",
        region="33.11.12",
        description="Perpustakaan sekolah (SD).",
    )
    seed.org(
        "tbm-pelangi-ampenan",
        kind=Kind.LIBRARY,
        name="Taman Bacaan Masyarakat Pelangi Ampenan",
        short_name="TBM Pelangi",
        region="52.71.01",
        description="Taman bacaan masyarakat (TBM).",
    )

    seed.person(
        "village-librarian",
        full_name="Baiq Nurhayati",
        email="kebonayu",
        gender="F",
        phone="0878 6500 2211",
        region="52.01.01.2002",
    )
    seed.employ("village-librarian", "perpustakaan-desa-kebon-ayu", "Pengelola Perpustakaan Desa", since=2019)
    seed.educate("village-librarian", "SMA", "SMA Negeri 1 Gerung", year=2010)
    seed.grant("village-librarian", Role.LIBRARY_MANAGER, org="perpustakaan-desa-kebon-ayu", login=False)

    seed.person(
        "school-librarian",
        full_name="Sri Wahyuni",
        title_suffix="A.Md.",
        email="pustakawan",
        gender="F",
        phone="0812 2700 3344",
        region="33.11.12",
    )
    seed.employ("school-librarian", "perpustakaan-sdn-1-kartasura", "Tenaga Perpustakaan Sekolah", since=2016)
    seed.login("school-librarian", "pustakawan tanpa peran", "SD Negeri 1 Kartasura")
    seed.educate(
        "school-librarian",
        "D3",
        "Universitas Sebelas Maret",
        major="Perpustakaan",
        year=2014,
        library_science=True,
    )

    seed.person(
        "tbm-manager", full_name="Ni Made Ayu Lestari", gender="F", phone="0877 6100 4321", region="52.71.01"
    )
    seed.employ("tbm-manager", "tbm-pelangi-ampenan", "Pengelola TBM", since=2020)


STEPS = [
    site_staff,
    national_bodies,
    ipi_rakerpus_000,
    fppti_seminar_001,
    sukoharjo_certification_002,
    perpusnas_tpbis_003,
    jakarta_special_libraries_004,
    libraries_of_each_type,
    seed_libraries,
    seed_associations,
    seed_events,
    seed_certification,
    seed_programs,
    seed_knowledge,
]


def run() -> Seed:
    """Build (or complete) the demo data. Safe to run again: what exists is left as it is."""
    if not Region.objects.exists():
        raise SeedError("No regions are loaded: run `simpul regions load` first.")
    seed = Seed()
    with transaction.atomic():
        for step in STEPS:
            step(seed)
    return seed
