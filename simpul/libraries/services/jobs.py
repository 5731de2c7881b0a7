"""Background exports and imports: a Job row the user's page follows, progress kept in the cache.

Why the cache for progress: an import writes in one long transaction, and a progress count written
to the Job row inside it would stay invisible to the polling page until the end.

A dry run without errors keeps its checked rows in the file storage, beside the upload, for the
apply that may follow (`import_check.CheckedRows`: apply reuses them only while still valid).
They are removed when apply takes them, and a day after the dry run when no apply came.
"""

import datetime
import tempfile
from typing import Any

from django.core.cache import cache
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.bulk import gc_paused

from .. import permissions, selectors
from ..models import Job
from . import exports, imports
from .import_check import CheckedRows

PROGRESS_TTL = 6 * 3600
CHECKED_FOLDER = "libraries/jobs/checked"
CHECKED_TTL = datetime.timedelta(days=1)


def _progress_key(job_id) -> str:
    return f"libraries:job:{job_id}"


def progress_of(job: Job) -> tuple[int, int]:
    if job.is_finished:
        return job.done, job.total
    return cache.get(_progress_key(job.pk), (job.done, job.total))


def _reporter(job: Job):
    def report(done: int, total: int) -> None:
        cache.set(_progress_key(job.pk), (done, total), PROGRESS_TTL)

    return report


def job_create_export(*, actor, directory_filter: selectors.DirectoryFilter, fmt: str, total: int) -> Job:
    return Job.objects.create(
        kind=Job.Kind.EXPORT,
        created_by=actor,
        total=total,
        params={"filter": directory_filter.as_params(), "format": fmt},
    )


def job_create_import(*, actor, data: bytes, filename: str) -> Job:
    job = Job(
        kind=Job.Kind.IMPORT_CHECK, created_by=actor, params={"filename": filename[:200], "size": len(data)}
    )
    job.file.save(f"import-{timezone.now():%Y%m%d%H%M%S}.bin", ContentFile(data), save=False)
    job.save()
    return job


def job_apply(*, actor, job: Job) -> Job:
    """Queue the apply step of a checked import (same file, checked again while writing)."""
    if job.kind != Job.Kind.IMPORT_CHECK or job.state != Job.State.DONE or not job.report.get("ok"):
        raise ValueError("Only a dry run without errors can be applied.")
    Job.objects.filter(pk=job.pk).update(
        kind=Job.Kind.IMPORT_APPLY, state=Job.State.QUEUED, done=0, finished_at=None
    )
    job.refresh_from_db()
    return job


def _finish(job: Job, state: str, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.state = state
    job.finished_at = timezone.now()
    job.save()
    cache.delete(_progress_key(job.pk))


def job_run(job_id) -> None:
    """Run a queued job (the task's body; also called in the request for small jobs)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, state=Job.State.QUEUED).first()
        if job is None:
            return  # already taken by another worker, or finished
        job.state = Job.State.RUNNING
        job.save(update_fields=["state"])
    try:
        if job.kind == Job.Kind.EXPORT:
            _run_export(job)
        else:
            _run_import(job)
    except Exception as exc:
        _finish(job, Job.State.FAILED, message=_("The job stopped with an error: %(e)s") % {"e": exc})
        raise


def _run_export(job: Job) -> None:
    f = selectors.DirectoryFilter.from_params(job.params.get("filter", {}))
    fmt = job.params.get("format", "csv")
    report = _reporter(job)
    with tempfile.TemporaryFile() as out:
        if fmt == "xlsx":
            exports.write_xlsx(f, out, progress=report, total=job.total)
        else:
            exports.write_csv(f, out, progress=report, total=job.total)
        out.seek(0)
        job.file.save(f"libraries-{timezone.now():%Y%m%d-%H%M}.{fmt}", File(out), save=False)
    _finish(job, Job.State.DONE, done=job.total)


def _run_import(job: Job) -> None:
    with gc_paused():  # a large file's rows are hundreds of thousands of live objects
        _import(job)


def _import(job: Job) -> None:
    with job.file.open("rb") as fh:
        data = fh.read()
    user = job.created_by

    def may_write(code: str) -> bool:
        return permissions.can_import_region(user, code)

    report = _reporter(job)
    if job.kind == Job.Kind.IMPORT_CHECK:
        plan = imports.plan_import(data, may_write_region=may_write, progress=report)
        if plan.ok and plan.checked is not None:
            _keep_checked(job, plan.checked)
    else:
        plan = imports.import_apply(
            actor=user,
            data=data,
            may_write_region=may_write,
            job_key=job.pk.hex[:8],
            progress=report,
            checked=_take_checked(job),
        )
    total = sum(plan.counts.values())
    _finish(job, Job.State.DONE, report=plan.as_report(), total=total, done=total)


def checked_rows_name(job: Job) -> str:
    return f"{CHECKED_FOLDER}/{job.pk}.bin"


def _keep_checked(job: Job, checked: CheckedRows) -> None:
    storage = job.file.storage
    name = checked_rows_name(job)
    storage.delete(name)  # a name in use would make the storage pick another
    storage.save(name, ContentFile(checked.dumps()))
    _forget_stale_checked(storage, keep=name)


def _take_checked(job: Job) -> CheckedRows | None:
    """The checked rows the job's dry run kept, removed from the storage (one apply per dry run)."""
    storage, name = job.file.storage, checked_rows_name(job)
    try:
        with storage.open(name, "rb") as fh:
            blob = fh.read()
    except FileNotFoundError:
        return None
    storage.delete(name)
    return CheckedRows.loads(blob)


def _forget_stale_checked(storage, *, keep: str) -> None:
    """Remove the checked rows of dry runs no apply followed within CHECKED_TTL (`keep` aside)."""
    try:
        _folders, names = storage.listdir(CHECKED_FOLDER)
    except FileNotFoundError:
        return
    stale = timezone.now() - CHECKED_TTL
    for name in names:
        path = f"{CHECKED_FOLDER}/{name}"
        if path == keep:
            continue
        try:
            if storage.get_modified_time(path) < stale:
                storage.delete(path)
        except FileNotFoundError:
            pass  # removed meanwhile by another worker
