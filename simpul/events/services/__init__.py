"""Writes of simpul.events. Other apps create their events through `event_create` only."""

from .certificates import certificate_revoke, certificates_issue, eligible_holders
from .checkin import checkin_many, checkin_record
from .events import (
    category_save,
    committee_add,
    document_add,
    event_create,
    event_update,
    session_add,
    session_person_add,
)
from .feedback import feedback_submit
from .programmes import (
    nomination_create,
    nomination_decide,
    nomination_scores_set,
    programme_create,
    province_quota_set,
)
from .registrations import (
    RegistrationError,
    registration_approve,
    registration_cancel,
    registration_create,
    registration_create_or_get,
    registration_reject,
    registrations_import,
)

__all__ = [
    "RegistrationError",
    "category_save",
    "certificate_revoke",
    "certificates_issue",
    "checkin_many",
    "checkin_record",
    "committee_add",
    "document_add",
    "eligible_holders",
    "event_create",
    "event_update",
    "feedback_submit",
    "nomination_create",
    "nomination_decide",
    "nomination_scores_set",
    "programme_create",
    "province_quota_set",
    "registration_approve",
    "registration_cancel",
    "registration_create",
    "registration_create_or_get",
    "registration_reject",
    "registrations_import",
    "session_add",
    "session_person_add",
]
