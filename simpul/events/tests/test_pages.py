"""Pages a visitor, a participant and an organiser use, end to end through the test client."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from simpul.events import services
from simpul.events.models import Event, Registration, RegistrationStatus

pytestmark = pytest.mark.django_db


def test_calendar_lists_published_events_and_filters_by_region_and_kind(client, ipi, regions, mataram_event):
    from .factories import make_event

    make_event(
        ipi["jateng"], title="Bimtek Sukoharjo", kind="technical_training", venue_region=regions["33.11"]
    )
    make_event(ipi["jateng"], title="Draft hidden", status="draft")
    page = client.get(reverse("events:index")).content.decode()
    assert "Rakerpus Uji" in page and "Bimtek Sukoharjo" in page and "Draft hidden" not in page
    page = client.get(reverse("events:index"), {"region": "52"}).content.decode()
    assert "Rakerpus Uji" in page and "Bimtek Sukoharjo" not in page
    page = client.get(reverse("events:index"), {"kind": "technical_training"}).content.decode()
    assert "Bimtek Sukoharjo" in page and "Rakerpus Uji" not in page


def test_event_page_shows_times_in_the_venue_zone_wita(client, ipi, regions):
    from .factories import make_event

    start = datetime.datetime(2030, 5, 20, 1, 0, tzinfo=datetime.UTC)  # 09:00 WITA
    event = make_event(
        ipi["ntb"],
        title="Rakerpus XXIV",
        venue_region=regions["52.71"],
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
    )
    assert event.time_zone == "Asia/Makassar"
    page = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "09:00" in page and "WITA" in page


def test_ical_feed_and_event_file_parse_back_with_icalendar(client, mataram_event):
    feed = icalendar.Calendar.from_ical(client.get("/events.ics").content)
    summaries = [str(c["summary"]) for c in feed.walk("VEVENT")]
    assert summaries == ["Rakerpus Uji"]
    one = icalendar.Calendar.from_ical(client.get(reverse("events:ics", args=[mataram_event.slug])).content)
    (vevent,) = one.walk("VEVENT")
    assert vevent.decoded("dtstart") == mataram_event.starts_at
    assert str(vevent.decoded("dtstart").tzinfo) == "Asia/Makassar"
    assert "Hotel Lombok Raya" in str(vevent["location"])


def test_member_registers_gets_ticket_mail_with_qr_and_double_submit_does_not_double(
    client, member_user, mataram_event, django_capture_on_commit_callbacks
):
    client.force_login(member_user)
    url = reverse("events:register", args=[mataram_event.slug])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
        second = client.post(url)
    assert first.status_code == 302, first.content.decode()[-3000:]
    assert second.status_code == 302
    assert Registration.objects.filter(event=mataram_event).count() == 1
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.name == "Sri Wahyuni"
    assert len(mail.outbox) == 1
    assert registration.ticket in mail.outbox[0].body
    (attachment,) = mail.outbox[0].attachments
    assert attachment[2] == "image/png" and attachment[1][:8] == b"\x89PNG\r\n\x1a\n"
    ticket = client.get(reverse("events:ticket", args=[registration.pk])).content.decode()
    assert registration.ticket in ticket and "<svg" in ticket
    assert Event.objects.get(pk=mataram_event.pk).confirmed_count == 1


def test_full_event_waitlists_and_cancellation_promotes_the_first_in_line_with_mail(
    ipi, mataram_event, django_capture_on_commit_callbacks
):
    from .factories import person_with_account

    people = [person_with_account(f"Peserta {n}") for n in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        regs = [services.registration_create(actor=None, event=mataram_event, person=p) for p in people]
    assert [r.status for r in regs] == ["confirmed"] * 3 + ["waitlisted"] * 2
    assert [r.waitlist_position for r in regs[3:]] == [1, 2]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=None, registration=regs[1])
    regs[3].refresh_from_db()
    regs[4].refresh_from_db()
    assert regs[3].status == "confirmed" and regs[4].status == "waitlisted"
    assert [m.to for m in mail.outbox] == [[people[3].user.email]]
    event = Event.objects.get(pk=mataram_event.pk)
    assert (event.confirmed_count, event.waitlist_count) == (3, 1)


def test_category_quota_is_never_exceeded_and_other_categories_still_fill(ipi, regions):
    from .factories import make_event, person_with_account

    event = make_event(ipi["ntb"], capacity=10)
    students = services.category_save(actor=None, event=event, name="Mahasiswa", quota=1)
    members = services.category_save(actor=None, event=event, name="Anggota", quota=None)
    a = services.registration_create(
        actor=None, event=event, person=person_with_account("A"), category=students
    )
    b = services.registration_create(
        actor=None, event=event, person=person_with_account("B"), category=students
    )
    c = services.registration_create(
        actor=None, event=event, person=person_with_account("C"), category=members
    )
    assert (a.status, b.status, c.status) == ("confirmed", "waitlisted", "confirmed")


def test_registering_outside_the_window_is_refused_clearly(client, member_user, ipi):
    from .factories import make_event

    event = make_event(ipi["ntb"], days_from_now=-3)
    client.force_login(member_user)
    page = client.post(reverse("events:register", args=[event.slug])).content.decode()
    assert "Pendaftaran" in page or "Registration" in page
    assert not Registration.objects.exists()


def test_approval_mode_keeps_registrations_pending_until_an_organiser_decides(
    client, organiser_user, ipi, django_capture_on_commit_callbacks
):
    from .factories import make_event, person_with_account

    event = make_event(ipi["ntb"], capacity=1, approval="organiser")
    one = services.registration_create(actor=None, event=event, person=person_with_account("Satu"))
    two = services.registration_create(actor=None, event=event, person=person_with_account("Dua"))
    assert one.status == two.status == "pending"
    client.force_login(organiser_user)
    url = reverse("events:registration_decide", args=[event.slug, one.pk])
    client.post(url, {"action": "approve"})
    client.post(reverse("events:registration_decide", args=[event.slug, two.pk]), {"action": "approve"})
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.status, two.status) == ("confirmed", "waitlisted")


def test_organiser_creates_an_event_with_times_typed_in_wita(client, organiser_user, ipi, regions):
    client.force_login(organiser_user)
    response = client.post(
        reverse("events:create"),
        {
            "kind": "seminar",
            "title": "Seminar Literasi",
            "organisers": [ipi["ntb"].pk],
            "venue_name": "Aula",
            "venue_region": "52.71",
            "starts_at": "2030-05-20T09:00",
            "ends_at": "2030-05-20T15:00",
            "is_free": "on",
            "fee": "0",
            "approval": "automatic",
            "attendance_rule": "100",
            "status": "published",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="Seminar Literasi")
    assert event.starts_at == datetime.datetime(2030, 5, 20, 1, 0, tzinfo=datetime.UTC)


def test_create_form_answers_bad_input_and_keeps_what_was_typed(client, organiser_user, ipi):
    client.force_login(organiser_user)
    page = client.post(
        reverse("events:create"),
        {
            "kind": "seminar",
            "title": "Tetap Ada",
            "organisers": [ipi["ntb"].pk],
            "starts_at": "2030-05-20T09:00",
            "ends_at": "2030-05-19T09:00",
            "approval": "automatic",
            "attendance_rule": "100",
            "status": "draft",
            "fee": "0",
            "is_free": "on",
        },
    ).content.decode()
    assert "Tetap Ada" in page
    assert not Event.objects.filter(title="Tetap Ada").exists()


def test_outsider_cannot_manage_an_event(client, outsider_user, officer_user, mataram_event):
    client.force_login(outsider_user)
    assert client.get(reverse("events:manage", args=[mataram_event.slug])).status_code == 404
    client.force_login(officer_user)  # an officer of IPI Jawa Tengah, not of NTB
    assert client.get(reverse("events:manage", args=[mataram_event.slug])).status_code == 404
