"""Background uploads and exports: a Job row the user's page follows; progress in the cache (an
apply writes in one long transaction, so a count written to the row would stay invisible)."""

import tempfile

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..models import Job
from . import exports, uploads

PROGRESS_TTL = 6 * 3600


def _key(job_id) -> str:
    return f"programs:job:{job_id}"


def progress_of(job: Job) -> tuple[int, int]:
    if job.is_finished:
        return job.done, job.total
    return cache.get(_key(job.pk), (job.done, job.total))


def _reporter(job: Job):
    def report(done: int, total: int) -> None:
        cache.set(_key(job.pk), (done, total), PROGRESS_TTL)

    return report


def job_create_upload(*, actor, programme, data: bytes, filename: str) -> Job:
    job = Job(
        kind=Job.Kind.UPLOAD_CHECK, programme=programme, created_by=actor, params={"filename": filename[:200]}
    )
    job.file.save(f"upload-{timezone.now():%Y%m%d%H%M%S}.xlsx", ContentFile(data), save=False)
    job.save()
    return job


def job_create_export(*, actor, programme, region_code: str, fmt: str) -> Job:
    total = exports.activities_queryset(programme, region_code).count()
    return Job.objects.create(
        kind=Job.Kind.EXPORT, programme=programme, created_by=actor, total=total,
        params={"region": region_code, "format": fmt},
    )  # fmt: skip


def job_apply(*, actor, job: Job) -> Job:
    if job.kind != Job.Kind.UPLOAD_CHECK or job.state != Job.State.DONE or not job.report.get("ok"):
        raise ValidationError(_("Only a dry run without errors can be applied."))
    updated = Job.objects.filter(pk=job.pk, kind=Job.Kind.UPLOAD_CHECK).update(
        kind=Job.Kind.UPLOAD_APPLY, state=Job.State.QUEUED, done=0, finished_at=None
    )
    job.refresh_from_db()
    if not updated:
        raise ValidationError(_("This upload is already being applied."))
    return job


def _finish(job: Job, state: str, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.state = state
    job.finished_at = timezone.now()
    job.save()
    cache.delete(_key(job.pk))


def job_run(job_id) -> None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, state=Job.State.QUEUED).first()
        if job is None:
            return
        job.state = Job.State.RUNNING
        job.save(update_fields=["state"])
    try:
        if job.kind == Job.Kind.EXPORT:
            _run_export(job)
        else:
            _run_upload(job)
    except Exception as exc:
        _finish(job, Job.State.FAILED, message=_("The job stopped with an error: %(e)s") % {"e": exc})
        raise


def _run_export(job: Job) -> None:
    fmt = job.params.get("format", "xlsx")
    region = job.params.get("region", "")
    with tempfile.TemporaryFile() as out:
        writer = exports.write_activities_xlsx if fmt == "xlsx" else exports.write_activities_csv
        writer(job.programme, region, out, progress=_reporter(job), total=job.total)
        out.seek(0)
        job.file.save(
            f"activities-{region or 'ID'}-{timezone.now():%Y%m%d-%H%M}.{fmt}", File(out), save=False
        )
    _finish(job, Job.State.DONE, done=job.total)


def _run_upload(job: Job) -> None:
    with job.file.open("rb") as fh:
        data = fh.read()
    user = job.created_by
    programme = job.programme

    def may_report(library) -> bool:
        return (
            permissions.is_national(user, programme)
            or permissions.manager_scope(user).covers_organisation(library.organisation)
            or permissions.facilitator_scope(user).covers_region_code(library.region_id)
        )

    if job.kind == Job.Kind.UPLOAD_CHECK:
        plan = uploads.plan_upload(data, programme=programme, may_report=may_report, progress=_reporter(job))
    else:
        plan = uploads.upload_apply(
            actor=user, data=data, programme=programme, may_report=may_report, progress=_reporter(job)
        )
    _finish(job, Job.State.DONE, report=plan.as_report(), total=len(plan.rows), done=len(plan.rows))
