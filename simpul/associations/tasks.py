"""Background work for associations (`simpul worker` runs it)."""

from django_tasks import task

from .mailing import deliver


@task()
def send_announcement(announcement_id: int) -> int:
    return deliver(announcement_id).sent
