"""Check-in at the door, certificates for who met the rule, revocation, the report files."""

import datetime
import io
import zipfile
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from simpul.credentials.models import CredentialBatch
from simpul.events import services
from simpul.events.models import Event, SessionRoleKind
from simpul.events.services.certificates import event_credentials

from .factories import make_event, person_with_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_day_event(ipi, regions):
    """Yesterday and today in the venue's time zone (Mataram, WITA), whatever the hour of the run.

    The event's days are local days, so a span built from "now" in UTC covered three local days
    whenever the run's UTC hour put its end past local midnight (from 16:00 UTC for WITA), and the
    certificate rule then asked for three days of attendance.
    """
    event = make_event(ipi["ntb"], days_from_now=-1, hours=30, venue_region=regions["52.71"], capacity=10)
    zone = ZoneInfo(event.time_zone)
    today = timezone.now().astimezone(zone).date()
    Event.objects.filter(pk=event.pk).update(
        registration_closes_at=None,
        starts_at=datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(8), zone),
        ends_at=datetime.datetime.combine(today, datetime.time(23, 59, 59), zone),
    )
    event.refresh_from_db()
    return event


def _day(event, n: int = 0) -> datetime.date:
    """The event's n-th local day (0 = the first)."""
    return event.starts_at.astimezone(ZoneInfo(event.time_zone)).date() + datetime.timedelta(days=n)


def _confirmed(event, name, **fields):
    return services.registration_create(actor=None, event=event, person=person_with_account(name, **fields))


def test_check_in_is_idempotent_and_counts_once(client, staff_user, two_day_event):
    reg = _confirmed(two_day_event, "Baiq Nurul")
    client.force_login(staff_user)
    url = reverse("events:checkin", args=[two_day_event.slug])
    day = _day(two_day_event).isoformat()
    first = client.post(url, {"code": reg.ticket.lower(), "day": day}).content.decode()
    second = client.post(url, {"code": reg.ticket, "day": day}).content.decode()
    assert "Baiq Nurul" in first and "checked in" in first.lower()
    assert "already" in second.lower()
    assert reg.check_ins.count() == 1
    assert Event.objects.get(pk=two_day_event.pk).checked_in_count == 1
    count = client.get(
        reverse("events:checkin_count", args=[two_day_event.slug]), {"day": day}
    ).content.decode()
    assert "1 checked in" in count


def test_the_door_counts_days_in_the_venues_time_zone_not_utc(two_day_event):
    """An event starting just after local midnight began the day before in UTC: the door accepts the
    local days (and one either side, for early arrivals), not the UTC dates' window."""
    reg = _confirmed(two_day_event, "Lalu Ahmad")
    zone = ZoneInfo(two_day_event.time_zone)
    first = _day(two_day_event)
    starts = datetime.datetime.combine(first, datetime.time(0, 30), zone)
    Event.objects.filter(pk=two_day_event.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=20)
    )
    two_day_event.refresh_from_db()
    assert two_day_event.starts_at.astimezone(datetime.UTC).date() < first  # the UTC date is earlier
    assert services.checkin_record(actor=None, event=two_day_event, day=first, registration=reg).created
    with pytest.raises(ValidationError) as refusal:
        services.checkin_record(
            actor=None, event=two_day_event, day=first - datetime.timedelta(days=2), registration=reg
        )
    assert "does not take place" in str(refusal.value)
    assert reg.check_ins.count() == 1


def test_a_ticket_of_another_event_is_answered_clearly_and_not_counted(ipi, two_day_event):
    other = make_event(ipi["ntb"], title="Seminar Lain")
    reg = services.registration_create(actor=None, event=other, person=person_with_account("Salah Acara"))
    with pytest.raises(ValidationError) as refusal:
        services.checkin_record(actor=None, event=two_day_event, day=_day(two_day_event), code=reg.ticket)
    assert "Seminar Lain" in " ".join(refusal.value.messages)
    with pytest.raises(ValidationError):
        services.checkin_record(actor=None, event=two_day_event, day=_day(two_day_event), code="ZZZZ")
    assert Event.objects.get(pk=two_day_event.pk).checked_in_count == 0


def test_the_door_does_not_find_another_events_registration_by_its_number(
    client, ipi, staff_user, two_day_event
):
    other = make_event(ipi["ntb"], title="Seminar Lain")
    reg = services.registration_create(actor=None, event=other, person=person_with_account("Salah Acara"))
    client.force_login(staff_user)
    url = reverse("events:checkin", args=[two_day_event.slug])
    response = client.post(url, {"registration": reg.pk, "day": _day(two_day_event).isoformat()})
    assert response.status_code == 404
    assert reg.check_ins.count() == 0


def test_name_search_finds_confirmed_participants(client, staff_user, two_day_event):
    _confirmed(two_day_event, "Lalu Muhammad")
    client.force_login(staff_user)
    page = client.get(
        reverse("events:checkin_search", args=[two_day_event.slug]), {"q": "lalu"}
    ).content.decode()
    assert "Lalu Muhammad" in page


def test_certificates_go_to_who_met_the_rule_speakers_and_committee_with_names_as_registered(
    ipi, two_day_event, django_capture_on_commit_callbacks
):
    present = _confirmed(two_day_event, "Sitti Rohmi", title_prefix="Dr. Hj.", title_suffix="M.Pd.")
    half = _confirmed(two_day_event, "Hadir Sehari")
    _confirmed(two_day_event, "Tidak Hadir")
    for day in (_day(two_day_event), _day(two_day_event, 1)):
        services.checkin_record(actor=None, event=two_day_event, day=day, registration=present)
    services.checkin_record(actor=None, event=two_day_event, day=_day(two_day_event), registration=half)
    # The person renames later: the certificate keeps the name as registered.
    person = present.person
    person.full_name = "Nama Baru"
    person.save()
    session = services.session_add(
        actor=None,
        event=two_day_event,
        title="Keynote",
        starts_at=two_day_event.starts_at,
        ends_at=two_day_event.starts_at + datetime.timedelta(hours=1),
    )
    services.session_person_add(
        actor=None,
        session=session,
        person=person_with_account("Narasumber Satu"),
        role=SessionRoleKind.SPEAKER,
    )
    services.committee_add(actor=None, event=two_day_event, person=person_with_account("Panitia Satu"))
    with django_capture_on_commit_callbacks(execute=True):
        issued, batch = services.certificates_issue(actor=None, event=two_day_event)
    names = sorted(c.holder_name for c in issued)
    assert names == ["Dr. Hj. Sitti Rohmi, M.Pd.", "Narasumber Satu", "Panitia Satu"]
    again, _ = services.certificates_issue(actor=None, event=two_day_event)
    assert {c.pk for c in again} == {c.pk for c in issued}
    assert event_credentials(two_day_event).count() == 3
    batch = CredentialBatch.objects.get(pk=batch.pk)
    if batch.archive:  # drawn by the background task when it ran inline
        with zipfile.ZipFile(batch.archive.open("rb")) as archive:
            assert len([n for n in archive.namelist() if n.endswith(".pdf")]) == 3


def test_revoking_a_certificate_shows_the_reason_on_the_verification_page(
    client, organiser_user, ipi, two_day_event
):
    reg = _confirmed(two_day_event, "Akan Dicabut")
    services.checkin_record(actor=None, event=two_day_event, day=_day(two_day_event), registration=reg)
    services.event_update(actor=None, event=two_day_event, attendance_rule=50)
    issued, _ = services.certificates_issue(actor=None, event=two_day_event)
    client.force_login(organiser_user)
    url = reverse("events:certificate_revoke", args=[two_day_event.slug, issued[0].code])
    client.post(url, {"reason": "Data kehadiran keliru"})
    page = client.get(reverse("credentials:verify", args=[issued[0].code])).content.decode()
    assert "Data kehadiran keliru" in page


def test_report_and_participant_list_open_in_real_parsers(client, organiser_user, two_day_event):
    reg = _confirmed(two_day_event, "Peserta Laporan", gender="F")
    services.checkin_record(actor=None, event=two_day_event, day=_day(two_day_event), registration=reg)
    _confirmed(two_day_event, "Peserta Absen", gender="M")
    client.force_login(organiser_user)
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("events:participants_xlsx", args=[two_day_event.slug])).content)
    )
    rows = list(sheet.active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["Peserta Absen", "Peserta Laporan"]
    report = load_workbook(
        io.BytesIO(client.get(reverse("events:report_xlsx", args=[two_day_event.slug])).content)
    )
    summary = {r[0]: r[1] for r in report.worksheets[0].iter_rows(values_only=True) if len(r) > 1}
    assert any(v == 50.0 for v in summary.values())  # attendance rate 1 of 2
    pdf = PdfReader(io.BytesIO(client.get(reverse("events:report_pdf", args=[two_day_event.slug])).content))
    assert two_day_event.title in "".join(page.extract_text() for page in pdf.pages)
    page = client.get(reverse("events:report", args=[two_day_event.slug])).content.decode()
    assert "<svg" in page and "50.0%" in page
