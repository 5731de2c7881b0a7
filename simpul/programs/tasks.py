"""Background tasks of programme monitoring (run by `simpul worker`)."""

from django_tasks import task

from .services.jobs import job_run


@task()
def run_job(job_id: str) -> None:
    job_run(job_id)
