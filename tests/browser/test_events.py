"""Events in a browser: the calendar, an event page, registering (with and without JavaScript), a
ticket, the organisers' page, check-in and the report, each under axe-core (no serious or critical
finding) at 1280 px and 360 px, and no sideways scrolling at 360 px.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.events import selectors, services
from simpul.events.models import Registration

from .conftest import NARROW
from .test_pages import accessibility_and_width_problems

pytestmark = pytest.mark.browser


@pytest.fixture
def event(people):
    """A seminar of IPI Jawa Tengah (the officer persona organises it) in Sukoharjo, two categories,
    an agenda with a speaker, and the outsider registered and checked in."""
    ipi, regions = people["ipi"], people["regions"]
    start = (timezone.now() + datetime.timedelta(hours=1)).replace(microsecond=0)
    event = services.event_create(
        actor=None,
        kind="seminar",
        title="Seminar Literasi Sukoharjo",
        organisers=[ipi["jateng"]],
        starts_at=start,
        ends_at=start + datetime.timedelta(days=1),
        venue_name="Aula Kartasura",
        venue_region=regions["33.11"],
        capacity=50,
        status="published",
    )
    services.category_save(actor=None, event=event, name="Anggota IPI", quota=30)
    services.category_save(actor=None, event=event, name="Umum")
    session = services.session_add(
        actor=None,
        event=event,
        title="Pembukaan",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    services.session_person_add(actor=None, session=session, person=people["admin"].person, role="speaker")
    other = services.registration_create(
        actor=None, event=event, person=people["outsider"].person, category=event.categories.last()
    )
    first_day = selectors.event_days(event)[0]  # the venue's date, which the door page counts
    services.checkin_record(actor=None, event=event, day=first_day, registration=other)
    return event


def pages(event):
    return [
        ("calendar", None, reverse("events:index")),
        ("event", None, reverse("events:detail", args=[event.slug])),
        ("register", "member", reverse("events:register", args=[event.slug])),
        ("manage", "officer", reverse("events:manage", args=[event.slug])),
        ("check-in", "officer", reverse("events:checkin", args=[event.slug])),
        ("report", "officer", reverse("events:report", args=[event.slug])),
        ("new event", "officer", reverse("events:create")),
    ]


PAGE_NAMES = ["calendar", "event", "register", "manage", "check-in", "report", "new event"]


def _open(new_context, people, persona, url, viewport, **options):
    context = new_context(user=people[persona] if persona else None, viewport=viewport, **options)
    page = context.new_page()
    response = page.goto(url)
    assert response is not None and response.status == 200, f"GET {url} gave {response and response.status}"
    return page


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_event_page_is_accessible_and_fits_a_360px_screen(name, new_context, people, event):
    _, persona, url = next(p for p in pages(event) if p[0] == name)
    problems = accessibility_and_width_problems(
        lambda viewport: _open(new_context, people, persona, url, viewport)
    )
    assert not problems, f"{name} ({url}):\n" + "\n".join(problems)


@pytest.mark.parametrize("javascript", [True, False])
def test_member_registers_with_a_category_and_sees_the_ticket(javascript, new_context, people, event):
    url = reverse("events:register", args=[event.slug])
    page = _open(new_context, people, "member", url, NARROW, java_script_enabled=javascript)
    page.get_by_role("button", name="Register").click()  # no category chosen: refused, nothing saved
    page.wait_for_load_state()
    assert page.url.endswith(url)
    assert not Registration.objects.filter(person=people["member"].person).exists()
    page.evaluate(
        "document.querySelector('form.register-form').noValidate = true"
    )  # past the browser's check
    page.get_by_role("button", name="Register").click()
    page.wait_for_load_state()
    assert "Choose a participant category." in page.locator("main").inner_text()  # the server's answer
    page.get_by_label("Anggota IPI").check()
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/events/tickets/**")
    text = page.locator("main").inner_text()
    registration = Registration.objects.get(person=people["member"].person)
    assert registration.status == "confirmed" and registration.ticket in text
    assert page.locator(".ticket-qr svg").count() == 1


def test_door_staff_type_a_ticket_and_the_count_goes_up(new_context, people, event):
    registration = services.registration_create(
        actor=None, event=event, person=people["member"].person, category=event.categories.first()
    )
    page = _open(new_context, people, "officer", reverse("events:checkin", args=[event.slug]), NARROW)
    assert "1 checked in" in page.locator("#checkin-count").inner_text()
    page.get_by_label("Ticket code", exact=True).fill(registration.ticket.lower())
    page.get_by_role("button", name="Check in", exact=True).click()
    page.locator("#checkin-result .message-success").wait_for()
    assert "Sri Wahyuni" in page.locator("#checkin-result").inner_text()
    page.locator("#checkin-count", has_text="2 checked in").wait_for()
    page.get_by_label("Ticket code", exact=True).fill(registration.ticket)
    page.get_by_role("button", name="Check in", exact=True).click()
    page.locator("#checkin-result .message-warning").wait_for()
    assert registration.check_ins.count() == 1
