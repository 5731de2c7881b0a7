"""Every-URL table for simpul.programs: see tests/url_cases/__init__.py.

The member manages the sample beneficiary library, so the member sees its report; the other
signed-in personas are told it does not exist. Dashboards and roadmaps are public.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from tests.url_cases import LOGIN, case, owner_only, post_only, public, signed_in  # noqa: F401

REPORT = {"anonymous": LOGIN, "member": 200, "admin": 200}


def _report(s):
    return {"pk": s.pg_report.pk}


def _api(s):
    return {"programme_id": s.pg_programme.pk}


def _forum(s):
    return {"pk": s.pg_forum.pk}


def _programme(s):
    return {"pk": s.pg_programme.pk}


CASES: dict = {
    "programs:index": public(),
    "programs:dashboard": [
        public(kwargs=_programme),
        public(kwargs=_programme, query="region=33&year=2023"),
        public(kwargs=_programme, query="region=33.11&year=2023&month=3"),
        case(404, kwargs=_programme, query="region=99"),
        case(404, kwargs=_programme, query="year=1990"),
    ],
    "programs:dashboard_export": [
        public(kwargs=_programme, query="format=csv"),
        public(kwargs=_programme, query="format=xlsx&region=33"),
    ],
    "programs:activities_export": signed_in(kwargs=_programme),
    "programs:upload": case(
        404,
        anonymous=LOGIN,
        member=200,
        admin=200,
        kwargs=_programme,
        why="library managers, facilitators and the national team upload",
    ),
    "programs:upload_template": public(kwargs=_programme),
    "programs:report_new": signed_in(kwargs=_programme),
    "programs:beneficiaries": case(
        404, anonymous=LOGIN, admin=200, kwargs=_programme, why="the national team only"
    ),
    "programs:beneficiary_remove": case(
        405, anonymous=LOGIN, kwargs=lambda s: {"pk": s.pg_programme.pk, "beneficiary": 1}
    ),
    "programs:reports": [signed_in(), signed_in(query="waiting=1")],
    "programs:report": case(404, **REPORT, kwargs=_report),
    "programs:activity_add": case(405, anonymous=LOGIN, kwargs=_report),
    "programs:activity_remove": case(
        405, anonymous=LOGIN, kwargs=lambda s: {"pk": s.pg_report.pk, "activity": 1}
    ),
    "programs:item_add": case(405, anonymous=LOGIN, kwargs=_report),
    "programs:item_remove": case(405, anonymous=LOGIN, kwargs=lambda s: {"pk": s.pg_report.pk, "item": 1}),
    "programs:report_submit": case(405, anonymous=LOGIN, kwargs=_report),
    "programs:report_check": case(405, anonymous=LOGIN, kwargs=_report),
    "programs:report_reopen": case(405, anonymous=LOGIN, kwargs=_report),
    "programs:job": owner_only(kwargs=lambda s: {"pk": s.pg_job.pk}),
    "programs:job_download": owner_only(kwargs=lambda s: {"pk": s.pg_job.pk}),
    "programs:job_apply": case(405, anonymous=LOGIN, kwargs=lambda s: {"pk": s.pg_job.pk}),
    "programs:forums": public(),
    "programs:forum_new": case(404, anonymous=LOGIN, admin=200),
    "programs:forum": public(kwargs=_forum),
    "programs:forum_manage": case(404, anonymous=LOGIN, admin=200, kwargs=_forum),
    "programs:roadmap_progress": case(
        405, anonymous=LOGIN, kwargs=lambda s: {"pk": s.pg_forum.pk, "item": s.pg_forum.roadmap.first().pk}
    ),
    "api:programs_indicators": [
        public(kwargs=_api, query="region=33&period=2023"),
        public(kwargs=_api, query="period=2023-03"),
        case(422, kwargs=_api, query="period=1990"),
        case(404, kwargs=_api, query="region=99"),
    ],
    "api:programs_report_submit": case(405, kwargs=_api, why="POST only; GET is not allowed"),
}


def samples(s: SimpleNamespace) -> dict:
    """Sample objects the URLs above need, made with the app's services; s holds regions, ipi, users."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from simpul.libraries.services.libraries import library_create
    from simpul.organisations.models import Kind, Role
    from simpul.organisations.services import organisation_create, role_grant
    from simpul.programs.models import ActivityCategory, Job, Measure
    from simpul.programs.services import forums, reports

    perpusnas = organisation_create(actor=None, kind=Kind.NATIONAL_LIBRARY, name="Perpustakaan Nasional RI")
    programme = reports.programme_create(
        actor=None, name="TPBIS", slug="tpbis", owner=perpusnas, start_year=2018, end_year=2026
    )
    library = library_create(
        actor=None, name="Perpustakaan Desa Contoh", library_type="public", subtype="village",
        status="registered", region=s.regions["33.11.12.2001"],
    )  # fmt: skip
    role_grant(
        actor=None,
        person=s.users["member"].person,
        role=Role.LIBRARY_MANAGER,
        organisation=library.organisation,
    )
    reports.beneficiary_add(actor=None, programme=programme, library=library, year=2023, level="village")
    category = ActivityCategory.objects.create(name="Literasi digital")
    reports.indicator_set_target(
        actor=None,
        programme=programme,
        code="K1",
        name="Kegiatan",
        measure=Measure.ACTIVITIES,
        year=2023,
        target=5,
    )
    report = reports.report_start(actor=None, programme=programme, library=library, year=2023, month=3)
    reports.activity_add(
        actor=None, report=report, date=datetime.date(2023, 3, 2), category=category, title="Kelas gawai",
        male=1, female=1, adults=2,
    )  # fmt: skip
    reports.report_submit(actor=None, report=report)
    forum = forums.forum_create(
        actor=None, title="Rembuk Perpustakaan Khusus", organisers=[perpusnas],
        starts_at=timezone.now(), ends_at=timezone.now() + datetime.timedelta(hours=3),
    )  # fmt: skip
    forums.roadmap_item_add(
        actor=None, forum=forum, title="Pelatihan", owner=perpusnas, target_date=datetime.date(2026, 1, 1)
    )
    job = Job.objects.create(
        programme=programme, kind="export", state="done", created_by=s.users["member"], total=1, done=1
    )
    job.file.save("activities.csv", ContentFile(b"library_id\n"))
    return {"pg_programme": programme, "pg_report": report, "pg_forum": forum, "pg_job": job}
