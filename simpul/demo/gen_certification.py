"""Synthetic certification data at a scale: "demo" (a few hundred applications, seconds) or "national"
(40,000 applications and 25,000 competency certificates over the last five years), removable by recorded
id ranges.

Like the other generators it bypasses the services for speed (bulk inserts, no audit entries per row) and
keeps their rules by construction: one open application per person and scheme, sessions within capacity,
certificates only for competent decisions, each certificate a signed credentials.Credential issued through
`credential_issue_many` (the one engine: numbers from the locked counter, one signature per credential).
Self-assessments, documents and per-unit results are not generated (only the seed has them).
"""

import contextlib
import datetime
import random
import time
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from simpul.certification.answers import REGISTER
from simpul.certification.models import (
    Application,
    AssessmentSession,
    Assessor,
    Certificate,
    Purpose,
    Scheme,
    Standard,
    Status,
    Tuk,
    Unit,
)
from simpul.certification.services import stats_refresh
from simpul.certification.services.certificates import add_years, certificate_subject
from simpul.credentials.models import Credential, CredentialKind
from simpul.credentials.services import credential_issue_many
from simpul.demo.models import Generation
from simpul.demo.seed_certification import reference_data
from simpul.events.models import Event, EventKind, EventStatus
from simpul.organisations.models import Kind, Organisation
from simpul.organisations.services import organisation_create
from simpul.people.models import Person
from simpul.regions.models import Region

SCALE = "certification"
SIZES = {"demo": (300, 190), "national": (40_000, 25_000)}  # applications, certificates
BATCH = 2000
LIBRARY_TYPES = ["school"] * 45 + ["public"] * 25 + ["university"] * 20 + ["special"] * 8 + ["community"] * 2


@contextlib.contextmanager
def _keep_timestamps(*models):
    """Let bulk_create store the generated created_at instead of now (auto_now_add off for the block)."""
    fields = [m._meta.get_field("created_at") for m in models]
    saved = [f.auto_now_add for f in fields]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in zip(fields, saved, strict=True):
            f.auto_now_add = value


def _lsp_and_schemes() -> tuple[Organisation, list[Scheme], dict]:
    """The first LSP and its open schemes; without schemes, the demo's reference data, made here and
    recorded (returned as id lists) so that removing the generation removes them too."""
    lsp = Organisation.objects.filter(kind=Kind.CERTIFICATION_BODY).order_by("id").first()
    if lsp is None:
        lsp = organisation_create(
            actor=None,
            kind=Kind.CERTIFICATION_BODY,
            name="Lembaga Sertifikasi Profesi Pustakawan",
            short_name="LSP Pustakawan",
        )
    schemes = list(Scheme.objects.filter(lsp=lsp, is_active=True))
    created: dict[str, list[int]] = {}
    if not schemes:
        units, made = reference_data(lsp)
        schemes = list(made.values())
        created = {
            "certification.scheme": [s.pk for s in schemes],
            "certification.unit": [u.pk for u in units.values()],
            "certification.standard": sorted({u.standard_id for u in units.values()}),
        }
    return lsp, schemes, created


def generate_certification(*, scale: str, seed: int = 20250626, log: Callable[[str], None] = print) -> dict:
    """Generate the certification rows for `scale`; returns counts by kind."""
    if scale not in SIZES:
        raise ValueError(f"Unknown scale {scale!r}")
    if Generation.objects.filter(scale=SCALE).exists():
        raise ValueError("Certification data were already generated; remove them first.")
    started = time.monotonic()
    rng = random.Random(seed)
    n_applications, n_certificates = SIZES[scale]
    lsp, schemes, reference_ids = _lsp_and_schemes()
    people = list(Person.objects.order_by("id").values_list("id", "region_id")[: max(n_applications, 50) * 2])
    if not people:
        log("certification: no people to generate applications for")
        return {}
    regencies = list(Region.objects.filter(level=2).order_by("code").values_list("code", flat=True)) or [None]
    today = timezone.localdate()
    ranges: dict[str, list[int]] = {}

    with transaction.atomic():
        # TUKs across the country, sessions (events) over five years.
        tuk_count = 6 if scale == "demo" else 60
        tuk_rows = []
        for n in range(tuk_count):
            code = regencies[(n * 37 + seed) % len(regencies)]
            tuk_rows.append(Tuk(lsp=lsp, name=f"TUK Sintetis {seed}-{n + 1}", region_id=code or "31.71"))
        tuks = Tuk.objects.bulk_create(tuk_rows)
        ranges["certification.tuk"] = [tuks[0].pk, tuks[-1].pk]
        per_session = 40
        n_sessions = max(1, n_applications // per_session + 1)
        events, sessions = [], []
        for n in range(n_sessions):
            day = today - datetime.timedelta(days=int(5 * 365 * (1 - n / n_sessions)) - 10)
            starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)))
            tuk = tuks[n % len(tuks)]
            events.append(
                Event(
                    kind=EventKind.CERTIFICATION_SESSION,
                    title=f"Uji Kompetensi {tuk.name} {day:%d-%m-%Y}",
                    slug=f"uji-kompetensi-gen-{seed}-{n + 1}",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(days=1, hours=8),
                    venue_name=tuk.name,
                    venue_region_id=tuk.region_id,
                    capacity=per_session,
                    status=EventStatus.PUBLISHED,
                )
            )
        events = Event.objects.bulk_create(events, batch_size=BATCH)
        ranges["events.event"] = [events[0].pk, events[-1].pk]
        Event.organisers.through.objects.bulk_create(
            [Event.organisers.through(event_id=e.pk, organisation_id=lsp.pk) for e in events],
            batch_size=BATCH,
        )
        for n, event in enumerate(events):
            sessions.append(
                AssessmentSession(event=event, lsp=lsp, tuk=tuks[n % len(tuks)], capacity=per_session)
            )
        sessions = AssessmentSession.objects.bulk_create(sessions, batch_size=BATCH)
        ranges["certification.assessmentsession"] = [sessions[0].pk, sessions[-1].pk]
        AssessmentSession.schemes.through.objects.bulk_create(
            [
                AssessmentSession.schemes.through(assessmentsession_id=s.pk, scheme_id=x.pk)
                for s in sessions
                for x in schemes
            ],
            batch_size=BATCH,
        )
        assessors = list(Assessor.objects.filter(lsp=lsp, is_active=True)) or [None]

        # Applications: the first n_certificates competent, then the other outcomes and stages.
        outcomes = [Status.COMPETENT] * n_certificates + [Status.NOT_COMPETENT] * int(n_applications * 0.1)
        rest = n_applications - len(outcomes)
        early = [
            Status.ASSESSED,
            Status.SCHEDULED,
            Status.ACCEPTED,
            Status.SUBMITTED,
            Status.RETURNED,
            Status.DRAFT,
            Status.WITHDRAWN,
        ]
        outcomes += [early[i % len(early)] for i in range(max(0, rest))]
        rng.shuffle(outcomes)
        rows = []
        taken = set(Application.objects.filter(lsp=lsp).values_list("person_id", "scheme_id"))
        person_index = 0
        for n, status in enumerate(outcomes[:n_applications]):
            scheme = schemes[n % len(schemes)]
            while (
                True
            ):  # one application per person and scheme keeps the open-application rule by construction
                person_id, region_id = people[person_index % len(people)]
                person_index += 1
                if (person_id, scheme.pk) not in taken:
                    break
            taken.add((person_id, scheme.pk))
            decided = status in (Status.COMPETENT, Status.NOT_COMPETENT)
            scheduled = decided or status in (Status.ASSESSED, Status.SCHEDULED)
            session = sessions[min(len(sessions) - 1, n * len(sessions) // n_applications)]
            session_day = session.event.starts_at
            created = session_day - datetime.timedelta(days=rng.randint(20, 60))
            if not scheduled:
                created = timezone.now() - datetime.timedelta(days=rng.randint(1, 40))
            rows.append(
                Application(
                    person_id=person_id,
                    scheme=scheme,
                    lsp=lsp,
                    purpose=Purpose.CERTIFICATION if rng.random() < 0.85 else Purpose.RPL,
                    status=status,
                    name_on_diploma=f"PEMOHON {seed}-{n + 1}",
                    education_level=rng.choice(["D3", "S1", "S1", "S2", "SMA"]),
                    library_science=rng.random() < 0.7,
                    job_title="Pustakawan",
                    job_organisation="Perpustakaan",
                    library_type=rng.choice(LIBRARY_TYPES),
                    years_in_cluster=rng.randint(2, 25),
                    province_code=(region_id or "31").split(".")[0],
                    eligible=None if status in (Status.DRAFT, Status.WITHDRAWN) else True,
                    created_at=created,
                    submitted_at=None if status in (Status.DRAFT, Status.WITHDRAWN) else created,
                    accepted_at=created + datetime.timedelta(days=7)
                    if scheduled or status == Status.ACCEPTED
                    else None,
                    session=session if scheduled else None,
                    assessor=assessors[n % len(assessors)] if scheduled else None,
                    consent_at=session_day if scheduled else None,
                    assessed_at=session_day if decided or status == Status.ASSESSED else None,
                    decided_at=session_day + datetime.timedelta(days=14) if decided else None,
                    return_reason="Dokumen belum lengkap." if status == Status.RETURNED else "",
                )
            )
        with _keep_timestamps(Application):
            made = Application.objects.bulk_create(rows, batch_size=BATCH)
        ranges["certification.application"] = [made[0].pk, made[-1].pk]
        log(f"certification: {len(made)} applications")

        competent = [a for a in made if a.status == Status.COMPETENT]
        subjects = {s.pk: certificate_subject(Application(scheme=s)) for s in schemes}
        persons = {p.pk: p for p in Person.objects.filter(pk__in={a.person_id for a in competent})}
        certificates = []
        for start in range(0, len(competent), BATCH):
            chunk = competent[start : start + BATCH]
            items = []
            for a in chunk:
                issued_on = timezone.localdate(a.decided_at)
                items.append(
                    {
                        "holder": persons[a.person_id],
                        "subject": subjects[a.scheme_id],
                        "source": f"certification.application:{a.pk}",
                        "title": f"Sertifikat Kompetensi — {a.scheme.title}",
                        "valid_from": issued_on,
                        "valid_until": add_years(issued_on, a.scheme.validity_years),
                    }
                )
            credentials = credential_issue_many(
                actor=None,
                kind=CredentialKind.COMPETENCY_CERTIFICATE,
                issuer=lsp,
                title="Sertifikat Kompetensi",
                items=items,
            )
            for a, credential, item in zip(chunk, credentials, items, strict=True):
                certificates.append(
                    Certificate(
                        application=a,
                        credential=credential,
                        scheme_id=a.scheme_id,
                        person_id=a.person_id,
                        number=credential.number,
                        holder_name=credential.holder_name,
                        issued_on=item["valid_from"],
                        valid_until=item["valid_until"],
                        province_code=a.province_code,
                    )
                )
        Certificate.objects.bulk_create(certificates, batch_size=BATCH)
        counts = {"applications": len(made), "certificates": len(certificates), "sessions": len(sessions)}
        if certificates:
            first = (
                Certificate.objects.filter(application_id=competent[0].pk)
                .values_list("pk", "credential_id")
                .get()
            )
            last = (
                Certificate.objects.filter(application_id=competent[-1].pk)
                .values_list("pk", "credential_id")
                .get()
            )
            ranges["certification.certificate"] = sorted([first[0], last[0]])
            ranges["credentials.credential"] = sorted([first[1], last[1]])
        ranges.update({f"{label}:ids": ids for label, ids in reference_ids.items()})
        Generation.objects.create(
            scale=SCALE,
            seed=seed,
            id_ranges=ranges,
            counts=counts,
            seconds=round(time.monotonic() - started, 2),
        )
    stats_refresh()
    REGISTER.changed()  # bulk-created certificates: the public register's cached answers are out of date
    log(f"certification: {counts['certificates']} certificates in {time.monotonic() - started:.1f} s")
    return counts


def remove_generated_certification(log: Callable[[str], None] = print) -> int:
    """Delete what generate_certification created; returns the number of rows removed."""
    removed = 0
    with transaction.atomic():
        for generation in Generation.objects.filter(scale=SCALE):
            ranges = generation.id_ranges
            span = ranges.get("certification.application")
            if span:
                # Certificates point at applications of the span (and only those are generated).
                certificates = Certificate.objects.filter(application__id__range=span)
                credential_ids = list(certificates.values_list("credential_id", flat=True))
                removed += certificates.delete()[0]
                for start in range(0, len(credential_ids), BATCH):
                    removed += Credential.objects.filter(
                        pk__in=credential_ids[start : start + BATCH]
                    ).delete()[0]
                removed += Application.objects.filter(id__range=span).delete()[0]
            for label, model in (
                ("certification.assessmentsession", AssessmentSession),
                ("events.event", Event),
                ("certification.tuk", Tuk),
            ):
                span = ranges.get(label)
                if span:
                    removed += model.objects.filter(id__range=span).delete()[0]
            for label, model in (
                ("certification.scheme:ids", Scheme),
                ("certification.unit:ids", Unit),
                ("certification.standard:ids", Standard),
            ):
                ids = ranges.get(label)
                if ids:
                    removed += model.objects.filter(id__in=ids).delete()[0]
            generation.delete()
    if removed:
        stats_refresh()
        REGISTER.changed()
    log(f"certification: removed {removed} rows")
    return removed
