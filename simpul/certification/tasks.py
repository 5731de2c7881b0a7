"""Background work for certification (`simpul worker` runs it)."""

from django_tasks import task

from .services import expiry_reminders_send, stats_refresh


@task()
def send_expiry_reminders(days: int = 90) -> int:
    return expiry_reminders_send(days=days)


@task()
def refresh_stats() -> int:
    return stats_refresh()
