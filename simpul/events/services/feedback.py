"""Feedback after the event: one per confirmed participant, changeable until sent again."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record

from ..models import Feedback, Registration, RegistrationStatus


@transaction.atomic
def feedback_submit(
    *,
    actor,
    registration: Registration,
    rating: int,
    content_rating: int,
    organisation_rating: int,
    comments: str = "",
) -> Feedback:
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError({"__all__": _("Only confirmed participants can give feedback.")})
    if timezone.now() < registration.event.starts_at:
        raise ValidationError({"__all__": _("Feedback opens when the event starts.")})
    feedback, _created = Feedback.objects.update_or_create(
        registration=registration,
        defaults={
            "rating": rating,
            "content_rating": content_rating,
            "organisation_rating": organisation_rating,
            "comments": comments.strip(),
        },
    )
    feedback.full_clean(validate_constraints=False)
    audit_record(actor=actor, action="event.feedback", instance=feedback)
    return feedback
