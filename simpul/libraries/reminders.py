"""The yearly update reminder: e-mail to the managers of libraries whose data are over a year old."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from simpul.organisations.models import Role, RoleAssignment

from .services.libraries import libraries_due_for_update, library_mark_reminded


def send_update_reminders(*, base_url: str = "", limit: int = 5000) -> int:
    """One e-mail per manager listing their libraries due for the yearly update. Returns e-mails sent."""
    due = {lib.pk: lib for lib in libraries_due_for_update().only("pk", "name", "data_updated_on")[:limit]}
    if not due:
        return 0
    per_user = defaultdict(list)
    assignments = (
        RoleAssignment.objects.current()
        .filter(role=Role.LIBRARY_MANAGER, organisation_id__in=list(due))
        .select_related("person__user")
    )
    for a in assignments:
        if a.person.user_id and a.person.user.is_active:
            per_user[a.person.user].append(due[a.organisation_id])
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user, libraries in per_user.items():
            body = render_to_string(
                "libraries/email/update_reminder.txt",
                {"person": user.person, "libraries": libraries, "base_url": base_url},
            )
            send_mail(
                subject=translation.gettext("Time for your library's yearly data update"),
                message=body,
                from_email=None,
                recipient_list=[user.email],
            )
            sent += 1
    library_mark_reminded(library_ids=list(due))
    return sent
