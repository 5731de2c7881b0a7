"""Delivering an announcement: one e-mail per member with an address, each recorded in the sent log."""

from django.core.mail import EmailMessage, get_connection
from django.db.models import F
from django.utils import timezone

from simpul.organisations.models import Organisation

from .models import Announcement, AnnouncementDelivery, Membership


def recipients(announcement: Announcement):
    chapters = (
        Organisation.objects.under(announcement.organisation)
        if announcement.include_sub_chapters
        else Organisation.objects.filter(pk=announcement.organisation_id)
    )
    return (
        Membership.objects.members().filter(chapter__in=chapters.values("pk")).select_related("person__user")
    )


def deliver(announcement_id: int, chunk: int = 200) -> Announcement:
    """Send what is not sent yet (safe to run again: the log has one row per member)."""
    announcements = Announcement.objects.filter(pk=announcement_id)
    announcement = announcements.get()
    members = list(recipients(announcement))
    announcements.update(status=Announcement.Status.SENDING, recipients=len(members))
    done = set(
        AnnouncementDelivery.objects.filter(announcement=announcement).values_list("membership_id", flat=True)
    )
    connection = get_connection()
    for start in range(0, len(members), chunk):
        log = []
        for membership in members[start : start + chunk]:
            if membership.pk in done:
                continue
            user = membership.person.user
            email = user.email if user else ""
            row = AnnouncementDelivery(announcement=announcement, membership=membership, email=email)
            if not email:
                row.error = "no e-mail address"
            else:
                try:
                    EmailMessage(
                        announcement.subject, announcement.body, to=[email], connection=connection
                    ).send()
                    row.sent_at = timezone.now()
                except Exception as error:  # one bad address must not stop the rest
                    row.error = str(error)[:200]
            log.append(row)
        AnnouncementDelivery.objects.bulk_create(log, ignore_conflicts=True)
        announcements.update(sent=F("sent") + sum(1 for r in log if r.sent_at))
    announcements.update(status=Announcement.Status.SENT, finished_at=timezone.now())
    return announcements.get()
