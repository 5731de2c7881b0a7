"""Background work for events (`simpul worker` runs it)."""

from django_tasks import task

from .mailing import send


@task()
def registration_mail(registration_id: int, what: str) -> None:
    """The e-mail of a registration's new state: confirmed (with the QR ticket), waitlisted, promoted..."""
    send(registration_id, what)
