"""Background tasks of the register (run by `simpul worker`)."""

from django_tasks import task

from .reminders import send_update_reminders
from .services.jobs import job_run


@task()
def run_job(job_id: str) -> None:
    job_run(job_id)


@task()
def send_reminders(base_url: str = "") -> int:
    return send_update_reminders(base_url=base_url)
