"""Every-URL table for simpul.events: see tests/url_cases/__init__.py.

The sample event is organised by IPI Jawa Tengah, so the officer persona (an association officer
there) manages it and staffs its door; the member is registered (confirmed) for it.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.url_cases import LOGIN, Redirect, case, owner_only, post_only, public, signed_in  # noqa: F401


def manager_only(**options):
    """Organisers' pages: the officer (organiser of the sample) and the admin; others get 404."""
    options.setdefault("anonymous", LOGIN)
    options.setdefault("officer", 200)
    options.setdefault("admin", 200)
    return case(404, **options)


def organisers_only(**options):
    """Pages for anyone who organises somewhere: the rest are refused (403)."""
    options.setdefault("anonymous", LOGIN)
    options.setdefault("officer", 200)
    options.setdefault("admin", 200)
    return case(403, **options)


def _event(s):
    return {"slug": s.event.slug}


def _event_pk(pk_of):
    return lambda s: {"slug": s.event.slug, "pk": pk_of(s)}


CASES: dict = {
    "events:index": [
        public(),
        public(query="kind=seminar&region=33&month=2030-05"),
        public(query="month=bad"),
    ],
    "events_root:feed": public(),
    "events:mine": signed_in(),
    "events:ticket": owner_only(kwargs=lambda s: {"pk": s.event_registration.pk}),
    "events:cancel": post_only(kwargs=lambda s: {"pk": s.event_registration.pk}),
    "events:feedback": owner_only(kwargs=lambda s: {"pk": s.event_registration.pk}),
    "events:manage_list": organisers_only(),
    "events:create": organisers_only(),
    "events:programmes": public(),
    "events:programme_create": case(403, anonymous=LOGIN, admin=200, why="programme managers only"),
    "events:programme": public(kwargs=lambda s: {"slug": s.programme.slug}),
    "events:programme_quota": post_only(kwargs=lambda s: {"slug": s.programme.slug}),
    "events:nominate": case(
        403, anonymous=LOGIN, admin=200, kwargs=lambda s: {"slug": s.programme.slug}, why="library offices"
    ),
    "events:nomination_decide": post_only(kwargs=lambda s: {"slug": s.programme.slug, "pk": s.nomination.pk}),
    "events:nomination_scores": post_only(kwargs=lambda s: {"slug": s.programme.slug, "pk": s.nomination.pk}),
    "events:detail": [public(kwargs=_event), case(404, kwargs=lambda s: {"slug": "no-such-event"})],
    "events:ics": public(kwargs=_event),
    "events:register": signed_in(
        kwargs=_event,
        member=Redirect("/events/tickets/"),
        why="the member is registered already: sent to the ticket",
    ),
    "events:document": public(kwargs=_event_pk(lambda s: s.event_document.pk)),
    "events:manage": manager_only(kwargs=_event),
    "events:edit": manager_only(kwargs=_event),
    "events:category_add": post_only(kwargs=_event),
    "events:session_add": post_only(kwargs=_event),
    "events:session_person_add": post_only(kwargs=_event),
    "events:committee_add": post_only(kwargs=_event),
    "events:document_add": post_only(kwargs=_event),
    "events:registration_decide": post_only(kwargs=_event_pk(lambda s: s.event_registration.pk)),
    "events:certificates": manager_only(kwargs=_event),
    "events:certificate_batch": manager_only(kwargs=_event_pk(lambda s: s.event_batch.pk)),
    "events:certificate_zip": manager_only(
        kwargs=_event_pk(lambda s: s.event_batch.pk),
        officer=(200, 404),
        admin=(200, 404),
        why="404 until the background task has drawn the ZIP",
    ),
    "events:certificate_revoke": post_only(
        kwargs=lambda s: {"slug": s.event.slug, "code": s.event_credential.code}
    ),
    "events:report": manager_only(kwargs=_event),
    "events:report_xlsx": manager_only(kwargs=_event),
    "events:report_pdf": manager_only(kwargs=_event),
    "events:participants_xlsx": manager_only(kwargs=_event),
    "events:checkin": manager_only(kwargs=_event),
    "events:checkin_count": [
        manager_only(kwargs=_event),
        manager_only(kwargs=_event, query="day=bad&session=x"),
    ],
    "events:checkin_search": manager_only(kwargs=_event, query="q=sri"),
    "api:events_list": [public(), public(query="kind=seminar&region=33"), case(400, query="month=05-2030")],
    "api:event_detail": [
        public(kwargs=lambda s: {"event_id": s.event.pk}),
        case(404, kwargs=lambda s: {"event_id": 999999}),
    ],
    "api:event_register": case(405, kwargs=lambda s: {"event_id": s.event.pk}, why="POST only"),
}


def samples(s: SimpleNamespace) -> dict:
    """Sample objects the URLs above need, made with the app's services; s holds regions, ipi, users."""
    from simpul.events import services
    from simpul.events.models import EventKind, EventStatus, RegistrationStatus

    start = (timezone.now() - datetime.timedelta(hours=2)).replace(microsecond=0)
    event = services.event_create(
        actor=None,
        kind=EventKind.SEMINAR,
        title="Seminar Perpustakaan Sukoharjo",
        organisers=[s.ipi["jateng"]],
        starts_at=start,
        ends_at=start + datetime.timedelta(days=1),
        venue_name="Aula Kartasura",
        venue_region=s.regions["33.11"],
        capacity=100,
        status=EventStatus.PUBLISHED,
    )
    category = services.category_save(actor=None, event=event, name="Anggota", quota=50)
    session = services.session_add(
        actor=None,
        event=event,
        title="Pembukaan",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    services.session_person_add(
        actor=None, session=session, person=s.users["outsider"].person, role="speaker"
    )
    document = services.document_add(
        actor=None,
        event=event,
        title="Kerangka acuan",
        file=SimpleUploadedFile("tor.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    )
    registration = services.registration_create(
        actor=None, event=event, person=s.users["member"].person, category=category
    )
    assert registration.status == RegistrationStatus.CONFIRMED
    services.checkin_record(
        actor=None,
        event=event,
        # the event's first local day (WIB), not the UTC date of its start
        day=timezone.localtime(event.starts_at, ZoneInfo(event.time_zone)).date(),
        registration=registration,
    )
    services.event_update(actor=None, event=event, attendance_rule=50)
    credentials, batch = services.certificates_issue(actor=None, event=event)
    programme = services.programme_create(
        actor=None, title="Bimtek Uji", organiser=s.ipi["jateng"], year=2030
    )
    services.province_quota_set(actor=None, programme=programme, province=s.regions["33"], quota=5)
    nomination = services.nomination_create(
        actor=None, programme=programme, person=s.users["outsider"].person, province=s.regions["33"]
    )
    return {
        "event": event,
        "event_registration": registration,
        "event_document": document,
        "event_credential": credentials[0],
        "event_batch": batch,
        "programme": programme,
        "nomination": nomination,
    }
