"""Who may do what in programme monitoring. Shared by pages, the API and uploads.

- Anyone sees a programme's aggregate dashboards and the public roadmap of a forum.
- A library manager (LIBRARY_MANAGER over the library's organisation) writes that library's reports.
- A facilitator (FACILITATOR over a region) sees the reports of beneficiaries in the region; one
  whose region is a regency/city checks its village libraries' reports, one over a province checks
  what the regencies passed on and the regency libraries' reports.
- The national team (PROGRAMME_MANAGER over the organisation running the programme, e.g. Perpusnas)
  accepts, reopens, manages beneficiaries and sees everything of the programme.
- A site administrator may do everything.
"""

from django.db import connection
from django.db.models import Q, QuerySet

from simpul.libraries.models import Library
from simpul.organisations.models import Organisation, Role
from simpul.organisations.permissions import Scope, is_site_admin, scope_for

from .models import Forum, Job, Level, Programme, Report, ReportStatus


def manager_scope(user) -> Scope:
    return scope_for(user, [Role.LIBRARY_MANAGER])


def facilitator_scope(user) -> Scope:
    return scope_for(user, [Role.FACILITATOR])


def is_national(user, programme: Programme) -> bool:
    if is_site_admin(user):
        return True
    scope = scope_for(user, [Role.PROGRAMME_MANAGER])
    # Not a programme manager at all (a visitor, most people): the owner is not even looked at.
    return not scope.is_empty and scope.covers_organisation(programme.owner)


def programmes_run_by(user) -> QuerySet:
    if is_site_admin(user):
        return Programme.objects.all()
    scope = scope_for(user, [Role.PROGRAMME_MANAGER])
    return scope.apply(Programme.objects.all(), org_path="owner__path")


def reports_visible_to(user) -> QuerySet:
    """Reports of the libraries one manages, of beneficiaries in one's region, or all of one's programmes."""
    qs = Report.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_site_admin(user):
        return qs
    condition = manager_scope(user).q(org_path="library__organisation__path")
    fac = facilitator_scope(user)
    for code in fac.region_codes:
        condition |= Q(province_code=code) | Q(regency_code=code)
    condition |= Q(programme__in=programmes_run_by(user).values("pk"))
    return qs.filter(condition)


def reports_waiting_for(user) -> QuerySet:
    """Reports whose next check is this user's: the facilitator's level in their regions, or the
    national team's acceptance (site admins: every report waiting for the national step)."""
    visible = reports_visible_to(user)
    codes = facilitator_scope(user).region_codes
    condition = Q(status=ReportStatus.SUBMITTED, level=Level.VILLAGE, regency_code__in=codes)
    condition |= Q(status=ReportStatus.REGENCY_CHECKED, province_code__in=codes)
    condition |= Q(status=ReportStatus.SUBMITTED, level=Level.REGENCY, province_code__in=codes)
    national = Q(status=ReportStatus.PROVINCE_CHECKED) | Q(
        status=ReportStatus.SUBMITTED, level=Level.PROVINCIAL
    )
    if is_site_admin(user):
        condition |= national
    else:
        condition |= national & Q(programme__in=programmes_run_by(user).values("pk"))
    return visible.filter(condition)


def libraries_reportable_by(user) -> QuerySet:
    """Libraries whose reports `user` writes (managers; site admins and the national team for any)."""
    if is_site_admin(user):
        return Library.objects.all()
    return manager_scope(user).apply(Library.objects.all(), org_path="organisation__path")


def library_reportable_by(user, library_id: int) -> Library | None:
    """The library `library_id` (its name, codes and organisation) when `user` writes its reports, else
    None: the same answer as `libraries_reportable_by(user).filter(pk=library_id)`, but read by its key
    with its organisation's path and checked against the user's roles here. For a manager of many
    libraries that filter is one OR-ed LIKE per library, built by the ORM on every call; and the query
    is written out (the ORM's compiling of the join cost several times what the database does)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT l.name, l.province_code, l.regency_code, o.path "  # noqa: S608 - names from the models
            f"FROM {Library._meta.db_table} l JOIN {Organisation._meta.db_table} o ON o.id = l.organisation_id "
            "WHERE l.organisation_id = %s",  # a library's key is its organisation's
            [int(library_id)],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    if not is_site_admin(user) and not any(row[3].startswith(path) for path in manager_scope(user).org_paths):
        return None
    # As `.only(...)` would load it: the other fields are deferred, read if ever asked for.
    return Library.from_db(
        connection.alias, ["organisation_id", "name", "province_code", "regency_code"], [library_id, *row[:3]]
    )


def can_write_report(user, report: Report) -> bool:
    if is_site_admin(user):
        return True
    return manager_scope(user).covers_organisation(report.library.organisation)


def check_step(report: Report) -> str | None:
    """Who checks next: 'regency', 'province', 'national', or None when nothing is waiting."""
    if report.status == ReportStatus.SUBMITTED:
        return {Level.VILLAGE: "regency", Level.REGENCY: "province"}.get(report.level, "national")
    if report.status == ReportStatus.REGENCY_CHECKED:
        return "province"
    if report.status == ReportStatus.PROVINCE_CHECKED:
        return "national"
    return None


def can_check(user, report: Report) -> bool:
    """May `user` take the next check of `report` (pass it on, accept, or return it)?"""
    step = check_step(report)
    if step is None:
        return False
    if is_national(user, report.programme):
        return True  # the national team may act at any step
    codes = facilitator_scope(user).region_codes
    if step == "regency":
        return report.regency_code in codes
    if step == "province":
        return report.province_code in codes
    return False


def can_reopen(user, report: Report) -> bool:
    return report.status == ReportStatus.ACCEPTED and is_national(user, report.programme)


def can_upload(user, programme: Programme) -> bool:
    return (
        is_national(user, programme)
        or not manager_scope(user).is_empty
        or not facilitator_scope(user).is_empty
    )


def jobs_of(user) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    return Job.objects.filter(created_by=user)


def export_scope_ok(user, programme: Programme, region_code: str) -> bool:
    """Activity rows (details) go only to the national team, or a facilitator over the region."""
    if is_national(user, programme):
        return True
    return bool(region_code) and facilitator_scope(user).covers_region_code(region_code)


def forums_manageable_by(user) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return Forum.objects.none()
    if is_site_admin(user):
        return Forum.objects.all()
    scope = scope_for(user, [Role.PROGRAMME_MANAGER, Role.EVENT_ORGANISER])
    if scope.is_empty:
        return Forum.objects.none()
    organisers = scope.apply(Organisation.objects.all(), org_path="path", region="region_id")
    return Forum.objects.filter(event__organisers__in=organisers).distinct()


def can_create_forum(user) -> bool:
    return is_site_admin(user) or not scope_for(user, [Role.PROGRAMME_MANAGER, Role.EVENT_ORGANISER]).is_empty
