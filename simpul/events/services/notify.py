"""E-mails to participants, enqueued after the transaction commits (never for a rolled-back change).

The worker (`simpul worker`) composes and sends them (simpul.events.mailing): a registration's request
neither draws the ticket's QR image nor waits for the mail server.
"""

from django.db import transaction

from ..models import Registration
from ..tasks import registration_mail


def on_commit(registration: Registration, what: str) -> None:
    pk = registration.pk
    transaction.on_commit(lambda: registration_mail.enqueue(pk, str(what)))
