"""Writes of simpul.certification, by concern; import from here."""

from .applications import (  # noqa: F401
    apl01_initial,
    application_accept,
    application_return,
    application_start,
    application_submit,
    application_update,
    application_withdraw,
    document_add,
    eligibility_check,
    self_assessment_save,
)
from .assessment import (  # noqa: F401
    appeal_decide,
    appeal_submit,
    assessment_complete,
    consent_record,
    result_correct,
    unit_result_save,
)
from .certificates import (  # noqa: F401
    application_decide,
    certificate_revoke,
    expiry_reminders_send,
    stats_refresh,
)
from .reference import (  # noqa: F401
    assessor_create,
    assessor_set_active,
    assessor_update,
    standard_create,
    standard_update,
    tuk_create,
    tuk_set_active,
    tuk_update,
    unit_create,
    unit_update,
)
from .schemes import (  # noqa: F401
    DEFAULT_DOCUMENTS,
    DEFAULT_RULES,
    rule_remove,
    rule_save,
    scheme_create,
    scheme_set_active,
    scheme_set_documents,
    scheme_set_units,
    scheme_update,
)
from .sessions import assessor_assign, session_add_applications, session_create  # noqa: F401
