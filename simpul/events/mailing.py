"""E-mails to participants and their QR tickets. `send` runs in the background worker
(simpul.events.tasks.registration_mail), enqueued by the services after their transaction commits."""

import io
import logging
from zoneinfo import ZoneInfo

import segno
from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Registration, RegistrationStatus

log = logging.getLogger(__name__)


def ticket_png(ticket: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(ticket, error="m", micro=False).save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


def ticket_svg(ticket: str) -> str:
    buffer = io.BytesIO()
    segno.make(ticket, error="m", micro=False).save(
        buffer, kind="svg", scale=6, border=2, xmldecl=False, svgns=True, title=ticket
    )
    return buffer.getvalue().decode()


def _message(registration: Registration, what: str) -> tuple[str, str]:
    event = registration.event
    site = settings.SIMPUL_PUBLIC_URL.rstrip("/")
    page = site + reverse("events:ticket", kwargs={"pk": registration.pk})
    when = event.starts_at.astimezone(ZoneInfo(event.time_zone))
    lines = {
        RegistrationStatus.CONFIRMED: _("Your place is confirmed. Show the QR code attached at the door."),
        "promoted": _("A place became free and it is yours: your registration is now confirmed."),
        RegistrationStatus.WAITLISTED: _(
            "The event is full: you are on the waiting list. We will write when a place frees up."
        ),
        RegistrationStatus.PENDING: _("The organisers will review your registration and write to you."),
        RegistrationStatus.REJECTED: _("The organisers could not accept your registration."),
    }
    subject = f"{event.title}: {lines[what].split('.')[0]}"
    body = "\n\n".join(
        [
            _("Dear %(name)s,") % {"name": registration.name},
            lines[what],
            f"{event.title}\n{when:%d-%m-%Y %H:%M} {event.get_time_zone_display()}\n{event.venue_name}",
            _("Ticket code: %(code)s") % {"code": registration.ticket},
            page,
        ]
    )
    return subject[:200], body


def send(registration_id: int, what: str) -> None:
    registration = Registration.objects.select_related("event", "person__user").get(pk=registration_id)
    user = registration.person.user
    if user is None or not user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _message(registration, what)
    message = EmailMessage(subject, body, to=[user.email])
    if what in (RegistrationStatus.CONFIRMED, "promoted"):
        message.attach(f"tiket-{registration.ticket}.png", ticket_png(registration.ticket), "image/png")
    try:
        message.send()
    except OSError:  # the mail server is down: the page still shows the ticket
        log.exception("events: could not send the %s e-mail for registration %s", what, registration_id)
