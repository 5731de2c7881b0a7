"""Programmes, beneficiaries and the monthly reports with their level-by-level checks.

Every write runs in one transaction with its audit entry and its change to the aggregates (a pending
row the dashboards add at once; see services.stats), so the dashboards never disagree with the reports. Only reports in a counted state (submitted and on)
contribute; edits are possible only while a report is a draft or returned, so an edit never has
to move figures.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import FileField
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record, snapshot
from simpul.libraries.models import Library

from ..models import (
    EDITABLE,
    MAX_VISITS,
    Activity,
    Beneficiary,
    Indicator,
    IndicatorTarget,
    Level,
    Programme,
    Report,
    ReportEvent,
    ReportItem,
    ReportStatus,
)
from .stats import beneficiary_figures, figures_changed, report_figures, stats_apply

NEXT_STATUS = {
    "regency": ReportStatus.REGENCY_CHECKED,
    "province": ReportStatus.PROVINCE_CHECKED,
    "national": ReportStatus.ACCEPTED,
}


@transaction.atomic
def programme_create(
    *, actor, name: str, slug: str, owner, start_year: int, end_year: int, **fields
) -> Programme:
    programme = Programme(
        name=name, slug=slug, owner=owner, start_year=start_year, end_year=end_year, **fields
    )
    if end_year < start_year:
        raise ValidationError({"end_year": _("The last year cannot come before the first.")})
    programme.full_clean()
    programme.save()
    audit_record(actor=actor, action="programme.create", instance=programme)
    return programme


@transaction.atomic
def indicator_set_target(
    *,
    actor,
    programme: Programme,
    code: str,
    name: str,
    measure: str,
    year: int,
    target: int,
    region_code: str = "",
) -> IndicatorTarget:
    if year not in programme.years:
        raise ValidationError({"year": _("The year is outside the programme's years.")})
    indicator, _created = Indicator.objects.get_or_create(
        programme=programme, code=code, defaults={"name": name, "measure": measure}
    )
    row, _created = IndicatorTarget.objects.update_or_create(
        indicator=indicator, year=year, region_code=region_code, defaults={"target": target}
    )
    audit_record(actor=actor, action="programme.target", instance=row)
    figures_changed(programme.pk)  # the dashboards show targets beside the figures
    return row


def _snap(instance) -> dict:
    """A snapshot for the audit trail; an uploaded file is recorded by its name."""
    files = {f.name for f in instance._meta.concrete_fields if isinstance(f, FileField)}
    data = snapshot(instance, [f.name for f in instance._meta.concrete_fields if f.name not in files])
    for name in files:
        data[name] = getattr(instance, name).name or ""
    return data


def _library_codes(library: Library) -> tuple[str, str]:
    return library.province_code, library.regency_code


@transaction.atomic
def beneficiary_add(*, actor, programme: Programme, library: Library, year: int, level: str) -> Beneficiary:
    """Make `library` a beneficiary in `year`; adding it twice returns the existing row."""
    if year not in programme.years:
        raise ValidationError({"year": _("The year is outside the programme's years.")})
    if level not in Level.values:
        raise ValidationError({"level": _("Choose a level.")})
    existing = Beneficiary.objects.filter(programme=programme, library=library, year=year).first()
    if existing:
        return existing
    province, regency = _library_codes(library)
    b = Beneficiary(
        programme=programme,
        library=library,
        year=year,
        level=level,
        province_code=province,
        regency_code=regency,
    )
    try:
        with transaction.atomic():
            b.save()
    except IntegrityError:
        return Beneficiary.objects.get(programme=programme, library=library, year=year)
    stats_apply(programme.pk, beneficiary_figures(b, +1))
    figures_changed(programme.pk)  # the regency/city pages list the beneficiaries by name
    audit_record(actor=actor, action="programme.beneficiary_add", instance=b)
    return b


@transaction.atomic
def beneficiary_remove(*, actor, beneficiary: Beneficiary) -> None:
    if Report.objects.filter(
        programme_id=beneficiary.programme_id, library_id=beneficiary.library_id, year=beneficiary.year
    ).exists():
        raise ValidationError(_("This library has reports for that year; it stays a beneficiary."))
    stats_apply(beneficiary.programme_id, beneficiary_figures(beneficiary, -1))
    figures_changed(beneficiary.programme_id)
    audit_record(actor=actor, action="programme.beneficiary_remove", instance=beneficiary)
    beneficiary.delete()


def _check_period(programme: Programme, year: int, month: int, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("Choose a month from 1 to 12.")})
    if (year, month) > (today.year, today.month):
        raise ValidationError({"month": _("A month that has not begun cannot be reported.")})


@transaction.atomic
def report_start(*, actor, programme: Programme, library: Library, year: int, month: int) -> Report:
    """The library's report for the month: the existing one, or a new draft (never two)."""
    _check_period(programme, year, month)
    beneficiary = Beneficiary.objects.filter(programme=programme, library=library, year=year).first()
    if beneficiary is None:
        raise ValidationError(
            _("%(library)s is not a beneficiary of %(programme)s in %(year)s.")
            % {"library": library.name, "programme": programme, "year": year}
        )
    existing = Report.objects.filter(programme=programme, library=library, year=year, month=month).first()
    if existing:
        return existing
    report = Report(
        programme=programme,
        library=library,
        year=year,
        month=month,
        level=beneficiary.level,
        province_code=library.province_code,
        regency_code=library.regency_code,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # the same report started at the same moment (double submit)
        return Report.objects.get(programme=programme, library=library, year=year, month=month)
    audit_record(actor=actor, action="programme.report_start", instance=report)
    return report


def _locked(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("programme", "library")
        .get(pk=report.pk)
    )


def _must_be_editable(report: Report) -> None:
    if report.status not in EDITABLE:
        raise ValidationError(
            _("This report is %(status)s and can no longer be changed.")
            % {"status": report.get_status_display()}
        )


@transaction.atomic
def report_update(*, actor, report: Report, visits: int, innovations: str = "", problems: str = "") -> Report:
    report = _locked(report)
    _must_be_editable(report)
    if visits is None or visits < 0 or visits > MAX_VISITS:
        raise ValidationError({"visits": _("Give the number of visits this month (0 to 1,000,000).")})
    before = snapshot(report)
    report.visits, report.innovations, report.problems = visits, innovations, problems
    report.save(update_fields=["visits", "innovations", "problems", "updated_at"])
    audit_record(actor=actor, action="programme.report_update", instance=report, before=before)
    return report


@transaction.atomic
def activity_add(*, actor, report: Report, **fields: Any) -> Activity:
    report = _locked(report)
    _must_be_editable(report)
    activity = Activity(report=report, **fields)
    activity.full_clean()
    activity.save()
    audit_record(actor=actor, action="programme.activity_add", instance=activity, after=_snap(activity))
    return activity


@transaction.atomic
def activity_remove(*, actor, activity: Activity) -> None:
    report = _locked(activity.report)
    _must_be_editable(report)
    audit_record(
        actor=actor,
        action="programme.activity_remove",
        instance=activity,
        before=snapshot(activity),
        after={},
    )
    activity.delete()


@transaction.atomic
def item_add(*, actor, report: Report, **fields: Any) -> ReportItem:
    report = _locked(report)
    _must_be_editable(report)
    item = ReportItem(report=report, **fields)
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="programme.item_add", instance=item, after=_snap(item))
    return item


@transaction.atomic
def item_remove(*, actor, item: ReportItem) -> None:
    report = _locked(item.report)
    _must_be_editable(report)
    audit_record(actor=actor, action="programme.item_remove", instance=item, before=_snap(item), after={})
    item.delete()


@transaction.atomic
def report_submit(*, actor, report: Report) -> Report:
    """Send the report for checking and count it in the dashboards. Submitting twice changes nothing."""
    report = _locked(report)
    if report.status not in EDITABLE:
        return report  # already submitted (a double click, a retried request)
    before = snapshot(report)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "submitted_at", "updated_at"])
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.SUBMIT, actor=_who(actor))
    audit_record(actor=actor, action="programme.report_submit", instance=report, before=before)
    stats_apply(report.programme_id, report_figures(report, +1))
    return report


def _who(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def report_check(
    *,
    actor,
    report: Report,
    step: str,
    expected_status: str,
    approve: bool,
    comment: str = "",
    accept: bool = False,
) -> Report:
    """Pass the report to the next level (or accept it), or return it with comments.

    `expected_status` is the status the checker saw: if the report moved meanwhile (a second click,
    another checker), nothing happens twice and a clear error says so.
    """
    report = _locked(report)
    if report.status != expected_status:
        raise ValidationError(_("This report has changed since you opened it; look at it again."))
    before = snapshot(report)
    if approve:
        report.status = ReportStatus.ACCEPTED if accept else NEXT_STATUS[step]
        action = (
            ReportEvent.Action.ACCEPT if report.status == ReportStatus.ACCEPTED else ReportEvent.Action.CHECK
        )
        if report.status == ReportStatus.ACCEPTED:
            report.accepted_at = timezone.now()
    else:
        if not comment.strip():
            raise ValidationError({"comment": _("Say what should change before returning the report.")})
        report.status = ReportStatus.RETURNED
        action = ReportEvent.Action.RETURN
        stats_apply(report.programme_id, report_figures(report, -1))
    report.save(update_fields=["status", "accepted_at", "updated_at"])
    ReportEvent.objects.create(report=report, action=action, actor=_who(actor), comment=comment.strip())
    audit_record(
        actor=actor, action=f"programme.report_{action}", instance=report, before=before, note=comment
    )
    if approve:  # (returning took its figures away above, which the cached parts' keys see)
        figures_changed(report.programme_id)
    return report


@transaction.atomic
def report_reopen(*, actor, report: Report, reason: str) -> Report:
    """Open an accepted report for changes again (audited, with the reason); it leaves the figures
    until it is submitted again."""
    report = _locked(report)
    if report.status != ReportStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted report is reopened."))
    if not reason.strip():
        raise ValidationError({"comment": _("Give the reason for reopening.")})
    before = snapshot(report)
    report.status = ReportStatus.RETURNED
    report.accepted_at = None
    report.save(update_fields=["status", "accepted_at", "updated_at"])
    stats_apply(report.programme_id, report_figures(report, -1))
    ReportEvent.objects.create(
        report=report, action=ReportEvent.Action.REOPEN, actor=_who(actor), comment=reason.strip()
    )
    audit_record(actor=actor, action="programme.report_reopen", instance=report, before=before, note=reason)
    return report


def _insert_new_month(report: Report, now) -> bool:
    """Insert `report` (unsaved, filled in) with its level copied from the library's beneficiary row,
    in one statement that does nothing when the month already has a report or the library is not a
    beneficiary that year (False: the caller then looks at what is there). A month sent twice at the
    same moment waits here for the first one's commit and then finds it."""
    fields = {
        "created_at": now, "updated_at": now, "programme_id": report.programme_id,
        "library_id": report.library_id, "year": report.year, "month": report.month,
        "province_code": report.province_code, "regency_code": report.regency_code,
        "status": report.status, "visits": report.visits, "innovations": report.innovations,
        "problems": report.problems, "submitted_at": now, "created_by_id": report.created_by_id,
    }  # fmt: skip
    ops = connection.ops
    values = [
        ops.adapt_datetimefield_value(v) if isinstance(v, datetime.datetime) else v for v in fields.values()
    ]
    table, beneficiaries = Report._meta.db_table, Beneficiary._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(fields)}, level) "  # noqa: S608 - names from the models
            f"SELECT {', '.join(['%s'] * len(fields))}, b.level FROM {beneficiaries} b "
            "WHERE b.programme_id = %s AND b.library_id = %s AND b.year = %s "
            "ON CONFLICT (programme_id, library_id, year, month) DO NOTHING RETURNING id, level",
            [*values, report.programme_id, report.library_id, report.year],
        )
        row = cursor.fetchone()
    if row is None:
        return False
    report.pk, report.level = row
    report.created_at = report.updated_at = now
    report._state.adding, report._state.db = False, connection.alias
    return True


INSERT_ROWS = 500  # rows per insert statement
INSERT_PARAMS = 10_000  # up to this many values, PostgreSQL takes every insert in one statement


def _insert_rows(*groups: list) -> None:
    """Insert the (validated, unsaved) rows of each group, a list of one model's instances, without
    reading anything back: on PostgreSQL in one statement (the inserts as CTEs). Written out because
    the ORM's bulk_create and create cost several times what the database does for a few rows."""
    statements = []
    for objs in groups:
        if not objs:
            continue
        meta = objs[0]._meta
        fields = [f for f in meta.concrete_fields if not f.primary_key]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        row = "(" + ", ".join(["%s"] * len(fields)) + ")"
        for start in range(0, len(objs), INSERT_ROWS):
            chunk = objs[start : start + INSERT_ROWS]
            params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in chunk for f in fields]
            sql = f"INSERT INTO {meta.db_table} ({columns}) VALUES {', '.join([row] * len(chunk))}"  # noqa: S608
            statements.append((sql, params))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and sum(len(p) for _, p in statements) <= INSERT_PARAMS:
            *first, (last, _) = statements
            ctes = ", ".join(f"row{n} AS ({sql})" for n, (sql, _) in enumerate(first))
            cursor.execute(f"WITH {ctes} {last}" if first else last, [v for _, p in statements for v in p])
        else:
            for sql, params in statements:
                cursor.execute(sql, params)


def _month_locked(programme: Programme, library: Library, year: int, month: int) -> Report | None:
    return (
        Report.objects.select_for_update()
        .filter(programme_id=programme.pk, library_id=library.pk, year=year, month=month)
        .first()
    )


@transaction.atomic
def report_submit_complete(
    *,
    actor,
    programme: Programme,
    library: Library,
    year: int,
    month: int,
    visits: int,
    activities: list[dict],
    items: list[dict] | None = None,
    innovations: str = "",
    problems: str = "",
) -> Report:
    """A whole month at once (integrations): the report, its figures, activities and items, submitted,
    all or nothing.

    A report already submitted for the month is returned unchanged (a retried call stores one report);
    a draft or returned one is replaced by what the call holds. Everything is validated in memory
    before the first write; the rows go in together (a new month's report is inserted already
    submitted, its level taken from the beneficiary row, in one statement), its figure changes in one
    insert that touches no shared row, and one audit entry for the submission lists what it holds.
    """
    _check_period(programme, year, month)
    if visits is None or visits < 0 or visits > MAX_VISITS:
        raise ValidationError({"visits": _("Give the number of visits this month (0 to 1,000,000).")})
    # The period and the figures are checked on an unsaved report before the database is touched.
    report = Report(programme=programme, library=library, year=year, month=month)
    new_activities = []
    for i, fields in enumerate(activities):
        activity = Activity(report=report, **fields)
        try:
            activity.clean_fields(exclude=["report", "category", "photo"])
            activity.clean()
        except ValidationError as e:
            raise ValidationError({f"activities[{i}]": e.messages}) from e
        new_activities.append(activity)
    new_items = []
    for i, fields in enumerate(items or []):
        item = ReportItem(report=report, **fields)
        try:
            item.clean_fields(exclude=["report", "document"])
            item.clean()
        except ValidationError as e:
            raise ValidationError({f"items[{i}]": e.messages}) from e
        new_items.append(item)

    now = timezone.now()
    report.province_code, report.regency_code = _library_codes(library)
    report.created_by = _who(actor)
    report.visits, report.innovations, report.problems = visits, innovations, problems
    report.status, report.submitted_at = ReportStatus.SUBMITTED, now
    if _insert_new_month(report, now):  # the usual case: a month not reported yet, in one statement
        before = {}
    elif (existing := _month_locked(programme, library, year, month)) is None:
        level = (
            Beneficiary.objects.filter(programme_id=programme.pk, library_id=library.pk, year=year)
            .order_by("pk")  # not the model's order, which joins the library for its name
            .values_list("level", flat=True)
            .first()
        )
        if level is None:
            raise ValidationError(
                _("%(library)s is not a beneficiary of %(programme)s in %(year)s.")
                % {"library": library.name, "programme": programme, "year": year}
            )
        report.level = level  # (a month removed since the insert above found it: rare)
        before = {}
        try:
            with transaction.atomic():
                report.save(force_insert=True)
        except IntegrityError:  # the same month sent twice at the same moment: the first one stands
            return Report.objects.get(programme=programme, library=library, year=year, month=month)
    else:
        if existing.status not in EDITABLE:
            return existing  # already submitted: a retried call changes nothing
        report = existing
        before = snapshot(report)
        Activity.objects.filter(report=report).delete()
        ReportItem.objects.filter(report=report).delete()
        report.visits, report.innovations, report.problems = visits, innovations, problems
        report.status, report.submitted_at = ReportStatus.SUBMITTED, now
        report.save(
            update_fields=["visits", "innovations", "problems", "status", "submitted_at", "updated_at"]
        )
    for row in (*new_activities, *new_items):
        row.report = report
    event = ReportEvent(report=report, action=ReportEvent.Action.SUBMIT, actor=_who(actor))
    _insert_rows(new_activities, new_items, [event])
    audit_record(
        actor=actor,
        action="programme.report_submit",
        instance=report,
        before=before,
        note=f"{len(new_activities)} activities, {len(new_items)} items (one call)",
    )
    report.activity_count = len(new_activities)
    stats_apply(report.programme_id, report_figures(report, +1, activities=new_activities, items=new_items))
    return report
