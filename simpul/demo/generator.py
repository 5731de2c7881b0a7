"""Synthetic data at demo or national scale, for benchmarks and for trying Simpul with realistic volume.

Why this bypasses the services: the services write one row at a time, each with its audit entry;
300,000 people with their accounts, jobs, education and roles would take hours that way and fill
the audit trail with rows no human wrote. The generator instead inserts with `bulk_create` in
batches, with ids it assigns itself, so each organisation's materialised path is computed before
the insert, never patched afterwards. Synthetic rows get no audit entries. The rules the services
enforce are kept by construction: paths and depths are computed as `organisation_create` does,
phones are E.164 (+628...), the few NIKs are real-looking, encrypted, digested and masked like
`person_create` does, role scopes are unique, employment dates are ordered.

Determinism: every choice comes from one `random.Random(seed)` in a fixed order, over regions
sorted by code, so the same seed and the same regions produce the same data.
"""

import datetime
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils.text import slugify

from simpul.core import crypto
from simpul.libraries.services.imports import counters_rebuild
from simpul.libraries.services.stats import stats_rebuild
from simpul.organisations.models import Employment, Kind, Organisation, Role, RoleAssignment
from simpul.people.models import Education, EducationLevel, Person, User
from simpul.regions.models import Level, Region

from . import names
from .gen_associations import generate_associations, remove_generated_associations
from .gen_certification import generate_certification, remove_generated_certification
from .gen_events import generate_events, remove_generated_events
from .gen_knowledge import generate_knowledge, remove_generated_knowledge
from .gen_libraries import generate_libraries
from .gen_programs import generate_programs, remove_generated_programs
from .models import Generation

GENERATED_EMAIL_DOMAIN = "gen.simpul.test"


@dataclass(frozen=True)
class Scale:
    name: str
    people: int
    universities: int
    schools: int
    village_libraries: int
    special_libraries: int
    reading_places: int
    assessors: int
    memberships: int = 1_200  # IPI memberships over the chapters (associations)
    account_share: float = 0.35  # people who also have an account
    nik_every: int = 1000  # one person in this many has a NIK (personal data: collected only where needed)


SCALES = {
    "national": Scale(
        "national",
        people=300_000,
        universities=2_000,
        schools=10_000,
        village_libraries=8_000,
        special_libraries=1_500,
        reading_places=3_000,
        assessors=600,
        memberships=120_000,
    ),
    "demo": Scale(
        "demo",
        people=3_000,
        universities=20,
        schools=100,
        village_libraries=80,
        special_libraries=15,
        reading_places=30,
        assessors=6,
        nik_every=300,
    ),
}

BATCH = 5000


class GenerationError(Exception):
    pass


def _place(region_name: str) -> str:
    for prefix in ("Kota Administrasi ", "Kabupaten Administrasi ", "Kabupaten ", "Kota "):
        region_name = region_name.removeprefix(prefix)
    return region_name


class _Ids:
    """Ids assigned before insert: one counter per model, starting after the highest existing id."""

    def __init__(self, *models):
        self.first = {m: (m.objects.aggregate(m=Max("id"))["m"] or 0) + 1 for m in models}
        self.next = dict(self.first)

    def take(self, model) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value

    def ranges(self) -> dict[str, list[int]]:
        return {
            m._meta.label_lower: [self.first[m], self.next[m] - 1]
            for m in self.first
            if self.next[m] > self.first[m]
        }


class Generator:
    def __init__(self, scale: Scale, seed: int, log: Callable[[str], None] = print):
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)
        self.log = log
        self.ids = _Ids(Organisation, User, Person, Employment, Education, RoleAssignment)
        self.orgs: list[Organisation] = []  # everything created or reused, in creation order
        self.new_orgs: list[Organisation] = []
        self.counts: dict[str, int] = defaultdict(int)
        self.started = time.monotonic()

    # --- organisations -------------------------------------------------------------------------

    def _org(
        self,
        *,
        kind: str,
        name: str,
        parent: Organisation | None,
        region_id: str | None,
        short_name: str = "",
        description: str = "",
        slug: str = "",
    ) -> Organisation:
        pk = self.ids.take(Organisation)
        path = f"{parent.path if parent else ''}{pk}/"
        org = Organisation(
            id=pk,
            kind=kind,
            name=name[:200],
            short_name=short_name,
            parent=parent,
            region_id=region_id,
            slug=slug or f"{slugify(name)[:60]}-{pk}",
            path=path,
            depth=path.count("/") - 1,
            description=description,
        )
        self.new_orgs.append(org)
        self.orgs.append(org)
        return org

    def _root(self, slug: str, **fields) -> Organisation:
        """A national body: the existing one with this slug (the demo seed's), or a new one."""
        existing = Organisation.objects.filter(slug=slug).first()
        if existing:
            self.orgs.append(existing)
            return existing
        return self._org(slug=slug, parent=None, **fields)

    def _flush_orgs(self) -> None:
        """Insert new organisations, parents before children (ids are already known)."""
        self.new_orgs.sort(key=lambda o: o.depth)
        Organisation.objects.bulk_create(self.new_orgs, batch_size=BATCH)
        self.counts["organisations"] += len(self.new_orgs)
        self.new_orgs = []

    def build_organisations(self, provinces, regencies, districts, villages) -> dict[str, list]:
        rng = self.rng
        ipi = self._root(
            "ipi",
            kind=Kind.ASSOCIATION,
            name="Ikatan Pustakawan Indonesia",
            short_name="IPI",
            region_id="31.71" if Region.objects.filter(code="31.71").exists() else None,
        )
        fppti = self._root(
            "fppti",
            kind=Kind.ASSOCIATION,
            name="Forum Perpustakaan Perguruan Tinggi Indonesia",
            short_name="FPPTI",
            region_id=None,
        )
        self._root(
            "isipii",
            kind=Kind.ASSOCIATION,
            name="Ikatan Sarjana Ilmu Perpustakaan dan Informasi Indonesia",
            short_name="ISIPII",
            region_id=None,
        )
        perpusnas = self._root(
            "perpusnas",
            kind=Kind.NATIONAL_LIBRARY,
            name="Perpustakaan Nasional Republik Indonesia",
            short_name="Perpusnas",
            region_id=ipi.region_id,
        )
        lsp = Organisation.objects.filter(slug="lsp-pustakawan").first()
        if lsp:
            self.orgs.append(lsp)
        else:
            lsp = self._org(
                slug="lsp-pustakawan",
                kind=Kind.CERTIFICATION_BODY,
                name="Lembaga Sertifikasi Profesi Pustakawan",
                short_name="LSP Pustakawan",
                parent=perpusnas,
                region_id=perpusnas.region_id,
            )
        self._flush_orgs()  # the roots must exist before children point at them

        # Existing chapters and offices (the demo seed's) are reused, not duplicated.
        chapters = {
            (o.path.split("/")[0], o.region_id): o
            for o in Organisation.objects.filter(kind=Kind.CHAPTER).exclude(region=None)
        }
        offices = {
            o.region_id: o for o in Organisation.objects.filter(kind=Kind.LIBRARY_OFFICE).exclude(region=None)
        }

        def chapter(root, name, parent, region):
            found = chapters.get((root.path.split("/")[0], region.code))
            if found:
                return found
            return self._org(
                kind=Kind.CHAPTER,
                name=name,
                parent=parent,
                region_id=region.code,
                short_name=f"{root.short_name} {_place(region.name)}"[:40],
            )

        def office(region, label):
            found = offices.get(region.code)
            if found:
                return found
            return self._org(
                kind=Kind.LIBRARY_OFFICE,
                name=f"Dinas Perpustakaan dan Kearsipan {label}",
                parent=None,
                region_id=region.code,
            )

        by_kind: dict[str, list] = defaultdict(list)
        province_chapter, province_office = {}, {}
        for p in provinces:
            province_chapter[p.code] = chapter(ipi, f"IPI Provinsi {p.name}", ipi, p)
            by_kind["chapter"].append(province_chapter[p.code])
            by_kind["chapter"].append(chapter(fppti, f"FPPTI {p.name}", fppti, p))
            province_office[p.code] = office(p, f"Provinsi {p.name}")
            by_kind["office"].append(province_office[p.code])
            by_kind["public_library"].append(
                self._org(
                    kind=Kind.LIBRARY,
                    name=f"Perpustakaan Provinsi {p.name}",
                    parent=province_office[p.code],
                    region_id=p.code,
                    description="Perpustakaan umum provinsi.",
                )
            )
        for r in regencies:
            parent_chapter = province_chapter.get(r.code[:2], ipi)
            by_kind["chapter"].append(chapter(ipi, f"IPI {r.name}", parent_chapter, r))
            regency_office = office(r, r.name)
            by_kind["office"].append(regency_office)
            by_kind["public_library"].append(
                self._org(
                    kind=Kind.LIBRARY,
                    name=f"Perpustakaan Daerah {r.name}",
                    parent=regency_office,
                    region_id=r.code,
                    description="Perpustakaan umum kabupaten/kota.",
                )
            )
        self._flush_orgs()

        scale = self.scale
        for _ in range(scale.universities):
            r = rng.choice(regencies)
            university = self._org(
                kind=Kind.UNIVERSITY,
                parent=None,
                region_id=r.code,
                name=rng.choice(names.UNIVERSITY_PATTERNS).format(place=_place(r.name)),
            )
            by_kind["university_library"].append(
                self._org(
                    kind=Kind.LIBRARY,
                    name=f"Perpustakaan {university.name}",
                    parent=university,
                    region_id=r.code,
                    description="Perpustakaan perguruan tinggi.",
                )
            )
        for _ in range(scale.schools):
            d = rng.choice(districts)
            school = self._org(
                kind=Kind.SCHOOL,
                parent=None,
                region_id=d.code,
                name=rng.choice(names.SCHOOL_PATTERNS).format(n=rng.randint(1, 12), place=d.name),
            )
            by_kind["school_library"].append(
                self._org(
                    kind=Kind.LIBRARY,
                    name=f"Perpustakaan {school.name}",
                    parent=school,
                    region_id=d.code,
                    description="Perpustakaan sekolah.",
                )
            )
        for v in rng.sample(villages, min(scale.village_libraries, len(villages))):
            label = "Kelurahan" if v.kind == "kelurahan" else "Desa"
            by_kind["village_library"].append(
                self._org(
                    kind=Kind.LIBRARY,
                    name=f"Perpustakaan {label} {v.name}",
                    parent=None,
                    region_id=v.code,
                    description=f"Perpustakaan {label.lower()}.",
                )
            )
        for _ in range(scale.special_libraries):
            r = rng.choice(regencies)
            by_kind["special_library"].append(
                self._org(
                    kind=Kind.LIBRARY,
                    parent=None,
                    region_id=r.code,
                    description="Perpustakaan khusus.",
                    name=f"Perpustakaan {rng.choice(names.SPECIAL_LIBRARY_OWNERS)} {_place(r.name)}",
                )
            )
        for _ in range(scale.reading_places):
            d = rng.choice(districts)
            by_kind["reading_place"].append(
                self._org(
                    kind=Kind.LIBRARY,
                    parent=None,
                    region_id=d.code,
                    short_name="TBM",
                    name=f"Taman Bacaan Masyarakat {rng.choice(names.TBM_NAMES)} {d.name}",
                    description="Taman bacaan masyarakat (TBM).",
                )
            )
        self._flush_orgs()
        by_kind["perpusnas"] = [perpusnas]
        by_kind["lsp"] = [lsp]
        self.log(
            f"  organisations: {self.counts['organisations']:,} new ({time.monotonic() - self.started:.1f} s)"
        )
        return by_kind

    # --- people --------------------------------------------------------------------------------

    # (kind of employer, relative weight of one such organisation's staff, positions)
    EMPLOYERS = [
        ("perpusnas", 400, names.LIBRARIAN_POSITIONS + names.OFFICE_POSITIONS),
        ("lsp", 20, ["Staf Sertifikasi", "Koordinator Uji Kompetensi", "Staf Administrasi"]),
        ("office", 6, names.OFFICE_POSITIONS),
        ("public_library", 10, names.LIBRARIAN_POSITIONS),
        ("university_library", 8, names.LIBRARIAN_POSITIONS),
        ("school_library", 2, names.SCHOOL_POSITIONS),
        ("village_library", 1.5, ["Pengelola Perpustakaan Desa", "Relawan Perpustakaan Desa"]),
        ("special_library", 3, names.LIBRARIAN_POSITIONS),
        ("reading_place", 1.5, names.COMMUNITY_POSITIONS),
    ]

    def _name(self, female: bool) -> tuple[str, str, str]:
        rng = self.rng
        given = names.GIVEN_FEMALE if female else names.GIVEN_MALE
        shape = rng.random()
        if shape < 0.22:
            full = rng.choice(given)  # a single name
        elif shape < 0.75:
            full = f"{rng.choice(given)} {rng.choice(names.FAMILY_OR_SECOND)}"
        else:
            full = f"{rng.choice(given)} {rng.choice(given)} {rng.choice(names.FAMILY_OR_SECOND)}"
        prefix = rng.choice(names.PREFIX_TITLES) if rng.random() < 0.06 else ""
        if female and prefix in ("H.", "Dr. H.", "Drs."):
            prefix = {"H.": "Hj.", "Dr. H.": "Dr. Hj.", "Drs.": "Dra."}[prefix]
        if not female and prefix in ("Hj.", "Hj. Dra.", "Dra."):
            prefix = {"Hj.": "H.", "Hj. Dra.": "H. Drs.", "Dra.": "Drs."}[prefix]
        suffix = rng.choice(names.SUFFIX_TITLES) if rng.random() < 0.55 else ""
        return full, prefix, suffix

    def _phone(self) -> str:
        rng = self.rng
        operator = rng.choice(
            ["811", "812", "813", "821", "822", "852", "853", "857", "877", "878", "895", "896"]
        )
        return f"+62{operator}{rng.randint(10_000_000, 99_999_999)}"

    def _nip(self, birth: datetime.date, female: bool) -> str:
        appointed = max(birth.year + 22, 1990) + self.rng.randint(0, 10)
        return f"{birth:%Y%m%d}{appointed}{self.rng.randint(1, 12):02d}{2 if female else 1}{self.rng.randint(1, 999):03d}"

    def _nik(self, district: str, birth: datetime.date, female: bool, sequence: int) -> tuple[str, str, str]:
        day = birth.day + (40 if female else 0)
        digits = f"{district.replace('.', '')}{day:02d}{birth:%m%y}{sequence % 10_000:04d}"
        return crypto.encrypt(digits), crypto.digest(digits, "nik"), crypto.mask(digits)

    def build_people(self, by_kind: dict[str, list], districts) -> None:
        rng = self.rng
        scale = self.scale
        employer_pool, weights, positions = [], [], []
        for kind, weight, kind_positions in self.EMPLOYERS:
            for org in by_kind.get(kind, []):
                employer_pool.append((kind, org))
                weights.append(weight)
                positions.append(kind_positions)
        cumulative, total = [], 0.0
        for w in weights:
            total += w
            cumulative.append(total)
        picks = rng.choices(range(len(employer_pool)), cum_weights=cumulative, k=scale.people)

        staff: dict[int, list[int]] = defaultdict(list)  # organisation id -> person ids, in order
        in_region: dict[str, list[int]] = defaultdict(list)  # province/regency code -> person ids
        library_science: list[int] = []
        public_kinds = {"perpusnas", "lsp", "office", "public_library"}
        district_codes = [d.code for d in districts]
        today = datetime.date(2025, 6, 30)  # fixed, so the data do not depend on the day it is made

        people, users, jobs, studies = [], [], [], []

        def flush():
            User.objects.bulk_create(users, batch_size=BATCH)
            Person.objects.bulk_create(people, batch_size=BATCH)
            Employment.objects.bulk_create(jobs, batch_size=BATCH)
            Education.objects.bulk_create(studies, batch_size=BATCH)
            self.counts["accounts"] += len(users)
            self.counts["people"] += len(people)
            self.counts["employment"] += len(jobs)
            self.counts["education"] += len(studies)
            users.clear(), people.clear(), jobs.clear(), studies.clear()

        for n, pick in enumerate(picks, start=1):
            kind, org = employer_pool[pick]
            female = rng.random() < 0.62  # most library staff are women
            full, prefix, suffix = self._name(female)
            birth = datetime.date(rng.randint(1962, 2001), rng.randint(1, 12), rng.randint(1, 28))
            person_id = self.ids.take(Person)
            user_id = None
            if rng.random() < scale.account_share:
                user_id = self.ids.take(User)
                local = slugify(full.split()[0]) or "pustakawan"
                users.append(
                    User(
                        id=user_id,
                        email=f"{local}.{person_id}@{GENERATED_EMAIL_DOMAIN}",
                        password=UNUSABLE_PASSWORD_PREFIX,
                    )
                )
            nik = ("", None, "")
            if n % scale.nik_every == 0:
                nik = self._nik(rng.choice(district_codes), birth, female, n)
            people.append(
                Person(
                    id=person_id,
                    user_id=user_id,
                    full_name=full,
                    title_prefix=prefix,
                    title_suffix=suffix,
                    phone=self._phone() if rng.random() < 0.8 else "",
                    region_id=org.region_id,
                    birth_date=birth,
                    gender="F" if female else "M",
                    nip=self._nip(birth, female) if kind in public_kinds and rng.random() < 0.7 else "",
                    nik_encrypted=nik[0],
                    nik_digest=nik[1],
                    nik_masked=nik[2],
                )
            )
            start = datetime.date(rng.randint(max(birth.year + 20, 1995), 2024), rng.randint(1, 12), 1)
            first_at_org = not staff[org.id]
            position = (
                "Kepala Perpustakaan"
                if first_at_org and org.kind == Kind.LIBRARY
                else ("Kepala Dinas" if first_at_org and kind == "office" else rng.choice(positions[pick]))
            )
            jobs.append(
                Employment(
                    id=self.ids.take(Employment),
                    person_id=person_id,
                    organisation_id=org.id,
                    position=position,
                    start_date=min(start, today),
                )
            )
            if rng.random() < 0.25 and start.year > birth.year + 23:
                before_start = datetime.date(
                    rng.randint(birth.year + 19, start.year - 2), rng.randint(1, 12), 1
                )
                jobs.append(
                    Employment(
                        id=self.ids.take(Employment),
                        person_id=person_id,
                        organisation_name=rng.choice(names.PREVIOUS_EMPLOYERS),
                        position="Staf",
                        start_date=before_start,
                        end_date=start - datetime.timedelta(days=1),
                    )
                )
            level = rng.choices(["SMA", "D3", "S1", "S2", "S3"], weights=[14, 20, 46, 18, 2])[0]
            is_lis = rng.random() < 0.55 and level != "SMA"
            if level == "SMA":
                studies.append(
                    Education(
                        id=self.ids.take(Education),
                        person_id=person_id,
                        level=EducationLevel.SMA,
                        institution=f"SMA Negeri {rng.randint(1, 9)} {_place(org.name.split()[-1])}",
                        graduation_year=birth.year + 18,
                    )
                )
            else:
                years = {"D3": 21, "S1": 22, "S2": 26, "S3": 32}
                studies.append(
                    Education(
                        id=self.ids.take(Education),
                        person_id=person_id,
                        level=level,
                        institution=rng.choice(names.UNIVERSITIES_FOR_DEGREES),
                        major=rng.choice(names.LIBRARY_MAJORS if is_lis else names.OTHER_MAJORS),
                        is_library_science=is_lis,
                        graduation_year=min(birth.year + years[level] + rng.randint(0, 4), 2025),
                    )
                )
            staff[org.id].append(person_id)
            if org.region_id:
                in_region[org.region_id[:2]].append(person_id)
                in_region[org.region_id[:5]].append(person_id)
            if is_lis and level in ("S1", "S2", "S3"):
                library_science.append(person_id)
            if len(people) >= BATCH:
                flush()
            if n % 50_000 == 0:
                self.log(f"  people: {n:,} ({time.monotonic() - self.started:.1f} s)")
        flush()
        self.log(
            f"  people: {self.counts['people']:,} with {self.counts['employment']:,} jobs, "
            f"{self.counts['education']:,} education records ({time.monotonic() - self.started:.1f} s)"
        )
        self.build_roles(by_kind, staff, in_region, library_science)

    # --- roles ---------------------------------------------------------------------------------

    def build_roles(self, by_kind, staff, in_region, library_science) -> None:
        rng = self.rng
        taken: set[tuple] = set(
            RoleAssignment.objects.values_list("person_id", "role", "organisation_id", "region_id")
        )
        roles: list[RoleAssignment] = []

        def grant(person_id, role, organisation_id=None, region_id=None):
            key = (person_id, role, organisation_id, region_id)
            if key in taken:
                return
            taken.add(key)
            roles.append(
                RoleAssignment(
                    id=self.ids.take(RoleAssignment),
                    person_id=person_id,
                    role=role,
                    organisation_id=organisation_id,
                    region_id=region_id,
                )
            )

        for kind in (
            "public_library",
            "university_library",
            "school_library",
            "village_library",
            "special_library",
            "reading_place",
        ):
            for org in by_kind.get(kind, []):
                if staff.get(org.id):
                    grant(staff[org.id][0], Role.LIBRARY_MANAGER, organisation_id=org.id)
        for org in by_kind.get("office", []):
            if staff.get(org.id) and org.region_id:
                grant(staff[org.id][0], Role.LIBRARY_OFFICER, region_id=org.region_id)
        for org in by_kind.get("chapter", []):
            candidates = in_region.get(org.region_id[:5] if org.region_id else "", [])
            if candidates:
                grant(rng.choice(candidates), Role.ASSOCIATION_OFFICER, organisation_id=org.id)
        lsp, perpusnas = by_kind["lsp"][0], by_kind["perpusnas"][0]
        for person_id in rng.sample(library_science, min(self.scale.assessors, len(library_science))):
            grant(person_id, Role.ASSESSOR, organisation_id=lsp.id)
        for person_id in staff.get(lsp.id, [])[:5]:
            grant(person_id, Role.CERTIFICATION_ADMIN, organisation_id=lsp.id)
        for person_id in staff.get(perpusnas.id, [])[:10]:
            grant(person_id, Role.PROGRAMME_MANAGER, organisation_id=perpusnas.id)
        for code in sorted(k for k in in_region if len(k) == 2):
            grant(rng.choice(in_region[code]), Role.FACILITATOR, region_id=code)
        # The roles of the events and repository issues, so the generated world holds every role.
        for org in by_kind.get("chapter", []):
            if org.region_id and len(org.region_id) == 2 and in_region.get(org.region_id):
                grant(rng.choice(in_region[org.region_id]), Role.EVENT_ORGANISER, organisation_id=org.id)
                grant(rng.choice(in_region[org.region_id]), Role.EVENT_STAFF, organisation_id=org.id)
        for person_id in staff.get(perpusnas.id, [])[:2]:
            grant(person_id, Role.CURATOR, organisation_id=perpusnas.id)
        RoleAssignment.objects.bulk_create(roles, batch_size=BATCH)
        self.counts["roles"] += len(roles)
        self.log(f"  roles: {len(roles):,} ({time.monotonic() - self.started:.1f} s)")

    # --- the run -------------------------------------------------------------------------------

    def run(self) -> Generation:
        provinces = list(Region.objects.filter(level=Level.PROVINCE).order_by("code"))
        regencies = list(Region.objects.filter(level=Level.REGENCY).order_by("code"))
        districts = list(Region.objects.filter(level=Level.DISTRICT).order_by("code").only("code", "name"))
        villages = list(
            Region.objects.filter(level=Level.VILLAGE).order_by("code").only("code", "name", "kind")
        )
        if not (provinces and regencies and districts and villages):
            raise GenerationError(
                "Regions of every level are needed: load them first (`simpul regions load`)."
            )
        self.log(
            f"Generating '{self.scale.name}' data (seed {self.seed}) over {len(provinces)} provinces, "
            f"{len(regencies)} regencies/cities, {len(villages):,} villages"
        )
        with transaction.atomic():
            by_kind = self.build_organisations(provinces, regencies, districts, villages)
            self.build_people(by_kind, districts)
            libraries = generate_libraries(
                scale=self.scale.name, seed=self.seed, log=self.log, first_org_id=self.ids.next[Organisation]
            )
            self.ids.next[Organisation] = libraries.next_org_id
            self.counts.update(libraries.counts)
            _reset_sequences()
            generation = Generation.objects.create(
                scale=self.scale.name,
                seed=self.seed,
                id_ranges=self.ids.ranges(),
                counts=dict(self.counts),
                seconds=round(time.monotonic() - self.started, 2),
            )
        self.log(
            f"Done in {generation.seconds:.1f} s: " + ", ".join(f"{v:,} {k}" for k, v in self.counts.items())
        )
        return generation


def _reset_sequences() -> None:
    """PostgreSQL sequences must move past the ids assigned here (SQLite needs nothing)."""
    models = [Organisation, User, Person, Employment, Education, RoleAssignment]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def generate(*, scale: str, seed: int = 20250626, log: Callable[[str], None] = print) -> Generation:
    """Generate synthetic data once; refuses if generated data are already present."""
    if scale not in SCALES:
        raise GenerationError(f"Unknown scale {scale!r}; choose one of {', '.join(SCALES)}.")
    existing = Generation.objects.first()
    if existing:
        raise GenerationError(f"Synthetic data are already here ({existing}); use --reset to replace them.")
    generation = Generator(SCALES[scale], seed, log).run()
    generate_associations(memberships=SCALES[scale].memberships, seed=seed, log=log)
    # Each later app generates over what is above (people, libraries, organisations), in layer order.
    for generate_app in (generate_events, generate_certification, generate_programs, generate_knowledge):
        generate_app(scale=scale, seed=seed, log=log)
    return generation


def remove_generated(log: Callable[[str], None] = print) -> int:
    """Delete every row a generation created (by its recorded id ranges), children before parents."""
    removed = 0
    for remove_app in (
        remove_generated_knowledge,
        remove_generated_programs,
        remove_generated_certification,
        remove_generated_events,
    ):
        removed += remove_app(log)
    removed += remove_generated_associations(log)
    with transaction.atomic():
        for generation in Generation.objects.all():
            ranges = generation.id_ranges
            order = [RoleAssignment, Employment, Education, Person, User]
            for model in order:
                span = ranges.get(model._meta.label_lower)
                if span:
                    removed += model.objects.filter(id__range=span).delete()[0]
            span = ranges.get(Organisation._meta.label_lower)
            if span:
                generated = Organisation.objects.filter(id__range=span)
                for depth in sorted(set(generated.values_list("depth", flat=True)), reverse=True):
                    removed += generated.filter(depth=depth).delete()[0]
            generation.delete()
    # The register's aggregate tables and NPP counters follow the rows that are left.
    stats_rebuild()
    counters_rebuild()
    log(f"Removed {removed:,} generated rows.")
    return removed
