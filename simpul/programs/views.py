"""Pages of programme monitoring. Each view: a scoped lookup (404 outside scope), one service or
selector, a page. Every form works without JavaScript."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simpul.core.pagination import paginate, querystring_without_page
from simpul.organisations.models import Kind, Organisation, Role
from simpul.organisations.permissions import is_site_admin, scope_for

from . import charts, permissions, selectors
from .cache import part_key, parts
from .forms import (
    ActivityForm,
    BeneficiaryForm,
    ChallengeForm,
    CheckForm,
    ExportForm,
    ForumForm,
    ItemForm,
    ProgressForm,
    ReopenForm,
    ReportFiguresForm,
    ReportStartForm,
    RoadmapItemForm,
    StrategyForm,
    UploadForm,
)
from .models import Activity, Beneficiary, Job, Programme, ReportItem, ReportStatus, RoadmapItem
from .services import exports, forums, jobs, reports, uploads
from .tasks import run_job

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_INLINE_BYTES = 256 * 1024


def _errors_into(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errs in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errs)
    else:
        form.add_error(None, error)


def index(request):
    context = {
        "programmes": selectors.programmes(),
        "forums": selectors.forums_public()[:10],
        "can_report": request.user.is_authenticated
        and permissions.libraries_reportable_by(request.user).exists(),
    }
    return render(request, "programs/index.html", context)


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _board(request, programme: Programme):
    place = selectors.place_get((request.GET.get("region") or "").strip())
    if place is None:
        raise Http404
    today = timezone.localdate()
    default_year = min(max(today.year, programme.start_year), programme.end_year)
    year = _int(request.GET.get("year"), default_year)
    if year not in programme.years:
        raise Http404
    month = _int(request.GET.get("month"), 0)
    if not 0 <= month <= 12:
        raise Http404
    return selectors.dashboard(programme, place, year, month)


def _number_formatter():
    """A fast thousands formatter for the page's language (intcomma costs ~25 µs a number)."""
    sep = "," if get_language() == "en" else "."
    return lambda n: f"{n:,}".replace(",", sep) if n else "0"


def _children_rows(board, fmt):
    """The drill-down table's rows as HTML, built here: 40-500 rows of 8 numbers each."""
    query = f"&amp;year={board.year}&amp;month={board.month}"
    rows = []
    for c in board.children:
        f = c["figures"]
        cells = "".join(
            f'<td class="num">{fmt(v)}</td>'
            for v in (
                c["beneficiaries"],
                c["reported"],
                f["activities"],
                f["participants"],
                f["advocacy"],
                f["partnerships"],
                f["regulations"],
            )  # fmt: skip
        )
        rows.append(
            f'<tr><th scope="row"><a href="?region={escape(c["code"])}{query}">{escape(c["name"])}</a></th>{cells}</tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308 - codes and names escaped above, the rest are numbers


def _part_key(kind: str, request, programme: Programme) -> str | None:
    asked = [(request.GET.get(name) or "").strip() for name in ("region", "year", "month", "format")]
    return part_key(kind, programme, *asked)


def _board_part(request, programme: Programme) -> dict:
    """The public part of the dashboard (figures, charts, drill-down), rendered once per generation."""
    key = _part_key("page", request, programme)
    part = parts.get(key) if key else None
    if part is None:
        board = _board(request, programme)
        html = render_to_string("programs/_board.html", _board_context(programme, board))
        place = board.place
        part = {"html": mark_safe(html), "place_name": place.name, "place_code": place.code,  # noqa: S308 - rendered by the template engine (escaped)
                "place_level": place.level, "year": board.year}  # fmt: skip
        if key:
            parts.set(key, part)
    return part


def _board_context(programme: Programme, board) -> dict:
    t = board.totals
    fmt = _number_formatter()
    month_names = [datetime.date(2000, m, 1).strftime("%b") for m in range(1, 13)]
    return {
        "programme": programme,
        "board": board,
        "months": list(range(1, 13)),
        "gender_chart": charts.bars(
            [(_("Women and girls"), t["female"]), (_("Men and boys"), t["male"])],
            label=_("Participants by gender"),
        ),
        "age_chart": charts.bars(
            [
                (_("Children (under 13)"), t["children"]),
                (_("Youth (13-24)"), t["youth"]),
                (_("Adults (25-59)"), t["adults"]),
                (_("Elderly (60 and over)"), t["elderly"]),
            ],
            label=_("Participants by age group"),
        ),  # fmt: skip
        "category_chart": charts.bars(
            [(n, a) for n, a, _p in board.by_category], label=_("Activities by category")
        ),
        "month_chart": charts.columns(
            [(month_names[m - 1], r["activities"]) for m, r in board.by_month], label=_("Activities by month")
        ),
        "year_chart": charts.columns(
            [(str(y), r["activities"]) for y, r in board.by_year], label=_("Activities by year")
        ),
        "children_rows": _children_rows(board, fmt),
        "figures": [
            (fmt(t["activities"]), _("activities")),
            (fmt(t["participants"]), _("participants")),
            (fmt(t["disabled"]), _("with a disability")),
            (fmt(t["advocacy"]), _("advocacy activities")),
            (fmt(t["partnerships"]), _("partnerships (MoU)")),
            (fmt(t["regulations"]), _("local regulations")),
            (fmt(t["visits"]), _("library visits")),
            (fmt(t["reports"]), _("monthly reports")),
        ],  # fmt: skip
        "completeness": {"reported": fmt(board.reported), "beneficiaries": fmt(board.beneficiaries)},
    }


def dashboard(request, pk):
    # Without its owner: only a programme manager's page needs it (permissions.is_national).
    programme = selectors.programme_with_figures_state(pk)
    if programme is None:
        raise Http404
    part = _board_part(request, programme)
    # What depends on who is signed in stays out of the cached part.
    context = {
        "programme": programme,
        "part": part,
        "query": request.GET.urlencode(),
        "is_national": permissions.is_national(request.user, programme),
        "can_export_rows": request.user.is_authenticated
        and permissions.export_scope_ok(
            request.user, programme, part["place_code"] if part["place_level"] in (1, 2) else ""
        ),
    }
    return render(request, "programs/dashboard.html", context)


def dashboard_export(request, pk):
    programme = selectors.programme_with_figures_state(pk)
    if programme is None:
        raise Http404
    key = _part_key("export", request, programme)
    cached = parts.get(key) if key else None
    if cached is None:
        board = _board(request, programme)
        header, rows = exports.dashboard_table(board)
        name = f"{programme.slug}-{board.place.code or 'ID'}-{board.year}"
        if request.GET.get("format") == "xlsx":
            cached = (exports.table_xlsx(header, rows), XLSX, f"{name}.xlsx")
        else:
            cached = (exports.table_csv(header, rows), "text/csv; charset=utf-8", f"{name}.csv")
        if key:
            parts.set(key, cached)
    body, content_type, filename = cached
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def beneficiaries(request, pk):
    """The national team's list of beneficiary libraries per year, with adding and removing."""
    programme = get_object_or_404(permissions.programmes_run_by(request.user), pk=pk)
    year = _int(request.GET.get("year"), programme.end_year)
    form = BeneficiaryForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        try:
            reports.beneficiary_add(actor=request.user, programme=programme, **form.cleaned_data)
            messages.success(request, _("Added."))
            return redirect(
                f"{reverse('programs:beneficiaries', kwargs={'pk': programme.pk})}?year={form.cleaned_data['year']}"
            )
        except ValidationError as e:
            _errors_into(form, e)
    rows = (
        programme.beneficiaries.filter(year=year)
        .select_related("library")
        .order_by("province_code", "regency_code", "library__name")
    )
    page = paginate(request, rows, per_page=50)
    context = {
        "programme": programme,
        "year": year,
        "form": form,
        "page_obj": page,
        "query": querystring_without_page(request),
    }
    return render(request, "programs/beneficiaries.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def beneficiary_remove(request, pk, beneficiary):
    programme = get_object_or_404(permissions.programmes_run_by(request.user), pk=pk)
    row = get_object_or_404(Beneficiary, pk=beneficiary, programme=programme)
    try:
        reports.beneficiary_remove(actor=request.user, beneficiary=row)
        messages.success(request, _("Removed."))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect(f"{reverse('programs:beneficiaries', kwargs={'pk': programme.pk})}?year={row.year}")


# --- Reports --------------------------------------------------------------------------------------
@login_required
def report_list(request):
    waiting = request.GET.get("waiting") == "1"
    visible = (
        permissions.reports_waiting_for(request.user)
        if waiting
        else permissions.reports_visible_to(request.user)
    )
    status = request.GET.get("status", "")
    if status not in ReportStatus.values:
        status = ""
    page = paginate(request, selectors.reports_page_queryset(visible, status=status), per_page=30)
    context = {
        "page_obj": page,
        "status": status,
        "waiting": waiting,
        "statuses": ReportStatus.choices,
        "query": querystring_without_page(request),
        "programmes": selectors.programmes(),
        "can_report": permissions.libraries_reportable_by(request.user).exists(),
    }
    return render(request, "programs/reports.html", context)


@login_required
def report_new(request, pk):
    programme = get_object_or_404(selectors.programmes(), pk=pk)
    libraries = (
        permissions.libraries_reportable_by(request.user)
        .filter(pk__in=programme.beneficiaries.values("library_id"))
        .order_by("name")
    )
    form = ReportStartForm(request.POST or None, libraries=libraries)
    if request.method == "POST" and form.is_valid():
        try:
            report = reports.report_start(
                actor=request.user, programme=programme, library=form.cleaned_data["library"],
                year=form.cleaned_data["year"], month=form.cleaned_data["month"],
            )  # fmt: skip
            return redirect("programs:report", pk=report.pk)
        except ValidationError as e:
            _errors_into(form, e)
    return render(request, "programs/report_new.html", {"programme": programme, "form": form})


def _report_or_404(request, pk):
    return get_object_or_404(
        permissions.reports_visible_to(request.user).select_related(
            "library__organisation", "programme__owner"
        ),
        pk=pk,
    )


def _report_page(request, report, status=200, **forms_):
    can_write = report.is_editable and permissions.can_write_report(request.user, report)
    can_check = permissions.can_check(request.user, report)
    context = {
        "report": report,
        "activities": report.activities.select_related("category"),
        "items": report.items.all(),
        "events": report.events.select_related("actor"),
        "can_write": can_write,
        "can_check": can_check,
        "check_step": permissions.check_step(report),
        "can_reopen": permissions.can_reopen(request.user, report),
        "figures_form": forms_.get("figures_form")
        or ReportFiguresForm(
            initial={"visits": report.visits, "innovations": report.innovations, "problems": report.problems}
        ),
        "activity_form": forms_.get("activity_form") or ActivityForm(report=report),
        "item_form": forms_.get("item_form") or ItemForm(report=report),
        "check_form": forms_.get("check_form") or CheckForm(initial={"expected_status": report.status}),
        "reopen_form": forms_.get("reopen_form") or ReopenForm(),
    }
    return render(request, "programs/report.html", context, status=status)


def _saved(report, key: str):
    return redirect(f"{reverse('programs:report', kwargs={'pk': report.pk})}?saved={key}-{report.pk}")


@login_required
def report_detail(request, pk):
    report = _report_or_404(request, pk)
    if request.method == "POST":
        if not permissions.can_write_report(request.user, report):
            raise Http404
        form = ReportFiguresForm(request.POST)
        if form.is_valid():
            try:
                reports.report_update(actor=request.user, report=report, **form.cleaned_data)
                messages.success(request, _("Saved."))
                return _saved(report, "figures")
            except ValidationError as e:
                _errors_into(form, e)
        return _report_page(request, report, status=400, figures_form=form)
    return _report_page(request, report)


@login_required
@require_POST
def activity_add(request, pk):
    report = _report_or_404(request, pk)
    if not permissions.can_write_report(request.user, report):
        raise Http404
    form = ActivityForm(request.POST, request.FILES, report=report)
    if form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "photo" or v}
        try:
            reports.activity_add(actor=request.user, report=report, **fields)
            messages.success(request, _("Activity added."))
            return _saved(report, "activity")
        except ValidationError as e:
            _errors_into(form, e)
    return _report_page(request, report, status=400, activity_form=form)


@login_required
@require_POST
def activity_remove(request, pk, activity):
    report = _report_or_404(request, pk)
    if not permissions.can_write_report(request.user, report):
        raise Http404
    obj = get_object_or_404(Activity, pk=activity, report=report)
    try:
        reports.activity_remove(actor=request.user, activity=obj)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("programs:report", pk=report.pk)


@login_required
@require_POST
def item_add(request, pk):
    report = _report_or_404(request, pk)
    if not permissions.can_write_report(request.user, report):
        raise Http404
    form = ItemForm(request.POST, request.FILES, report=report)
    if form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "document" or v}
        try:
            reports.item_add(actor=request.user, report=report, **fields)
            messages.success(request, _("Added."))
            return _saved(report, "item")
        except ValidationError as e:
            _errors_into(form, e)
    return _report_page(request, report, status=400, item_form=form)


@login_required
@require_POST
def item_remove(request, pk, item):
    report = _report_or_404(request, pk)
    if not permissions.can_write_report(request.user, report):
        raise Http404
    obj = get_object_or_404(ReportItem, pk=item, report=report)
    try:
        reports.item_remove(actor=request.user, item=obj)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("programs:report", pk=report.pk)


@login_required
@require_POST
def report_submit(request, pk):
    report = _report_or_404(request, pk)
    if not permissions.can_write_report(request.user, report):
        raise Http404
    reports.report_submit(actor=request.user, report=report)
    messages.success(request, _("The report was submitted for checking."))
    return redirect("programs:report", pk=report.pk)


@login_required
@require_POST
def report_check(request, pk):
    report = _report_or_404(request, pk)
    if not permissions.can_check(request.user, report):
        messages.error(request, _("This report is not waiting for your check."))
        return redirect("programs:report", pk=report.pk)
    form = CheckForm(request.POST)
    if form.is_valid():
        step = permissions.check_step(report)
        try:
            reports.report_check(
                actor=request.user, report=report, step=step, expected_status=form.cleaned_data["expected_status"],
                approve=form.cleaned_data["decision"] == "approve", comment=form.cleaned_data["comment"],
                accept=step == "national" or permissions.is_national(request.user, report.programme),
            )  # fmt: skip
            messages.success(request, _("Done."))
            return redirect("programs:report", pk=report.pk)
        except ValidationError as e:
            _errors_into(form, e)
    return _report_page(request, report, status=400, check_form=form)


@login_required
@require_POST
def report_reopen(request, pk):
    report = _report_or_404(request, pk)
    if not permissions.can_reopen(request.user, report):
        raise Http404
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            reports.report_reopen(actor=request.user, report=report, reason=form.cleaned_data["reason"])
            messages.success(request, _("The report is open for changes again."))
            return redirect("programs:report", pk=report.pk)
        except ValidationError as e:
            _errors_into(form, e)
    return _report_page(request, report, status=400, reopen_form=form)


# --- Bulk upload and exports -------------------------------------------------------------------------
@login_required
def upload(request, pk):
    programme = get_object_or_404(selectors.programmes(), pk=pk)
    if not permissions.can_upload(request.user, programme):
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        data = f.read()
        job = jobs.job_create_upload(actor=request.user, programme=programme, data=data, filename=f.name)
        if len(data) <= UPLOAD_INLINE_BYTES:
            jobs.job_run(job.pk)
        else:
            run_job.enqueue(str(job.pk))
        return redirect("programs:job", pk=job.pk)
    return render(request, "programs/upload.html", {"programme": programme, "form": form})


def upload_template(request, pk):
    programme = get_object_or_404(selectors.programmes(), pk=pk)
    response = HttpResponse(uploads.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}-activities-template.xlsx"'
    return response


@login_required
def activities_export(request, pk):
    programme = get_object_or_404(selectors.programmes(), pk=pk)
    form = ExportForm(request.POST or None, initial={"region": request.GET.get("region", "")})
    if request.method == "POST" and form.is_valid():
        region = form.cleaned_data["region"].strip()
        if not permissions.export_scope_ok(request.user, programme, region):
            form.add_error("region", _("You may export activity rows only for your own region."))
        else:
            job = jobs.job_create_export(
                actor=request.user, programme=programme, region_code=region, fmt=form.cleaned_data["format"]
            )
            run_job.enqueue(str(job.pk))
            return redirect("programs:job", pk=job.pk)
    return render(request, "programs/export.html", {"programme": programme, "form": form})


@login_required
def job_detail(request, pk):
    job = get_object_or_404(permissions.jobs_of(request.user).select_related("programme"), pk=pk)
    done, total = jobs.progress_of(job)
    context = {"job": job, "done": done, "total": total, "percent": int(done * 100 / total) if total else 0}
    return render(request, "programs/job.html", context)


@login_required
def job_download(request, pk):
    job = get_object_or_404(
        permissions.jobs_of(request.user), pk=pk, kind=Job.Kind.EXPORT, state=Job.State.DONE
    )
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def job_apply(request, pk):
    job = get_object_or_404(permissions.jobs_of(request.user), pk=pk)
    try:
        job = jobs.job_apply(actor=request.user, job=job)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("programs:job", pk=job.pk)
    if job.file.size <= UPLOAD_INLINE_BYTES:
        jobs.job_run(job.pk)
    else:
        run_job.enqueue(str(job.pk))
    return redirect("programs:job", pk=job.pk)


# --- Forums ----------------------------------------------------------------------------------------
def forum_list(request):
    page = paginate(request, selectors.forums_public(), per_page=20)
    return render(
        request,
        "programs/forums.html",
        {"page_obj": page, "can_create": permissions.can_create_forum(request.user)},
    )


def _organiser_choices(user):
    qs = Organisation.objects.exclude(kind=Kind.LIBRARY).order_by("name")
    if is_site_admin(user):
        return qs
    return scope_for(user, [Role.PROGRAMME_MANAGER, Role.EVENT_ORGANISER]).apply(
        qs, org_path="path", region="region_id"
    )


@login_required
def forum_new(request):
    if not permissions.can_create_forum(request.user):
        raise Http404
    form = ForumForm(request.POST or None, organisers=_organiser_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            forum = forums.forum_create(
                actor=request.user, title=data["title"], organisers=list(data["organisers"]),
                starts_at=data["starts_at"], ends_at=data["ends_at"], venue_name=data["venue_name"],
                summary=data["summary"],
            )  # fmt: skip
            return redirect("programs:forum_manage", pk=forum.pk)
        except ValidationError as e:
            _errors_into(form, e)
    return render(request, "programs/forum_new.html", {"form": form})


def forum_roadmap(request, pk):
    forum = get_object_or_404(selectors.forums_public(), pk=pk)
    context = {
        "forum": forum,
        "challenges": forum.challenges.all(),
        "strategies": forum.strategies.all(),
        "roadmap": forum.roadmap.select_related("owner", "strategy").prefetch_related("updates"),
        "can_manage": permissions.forums_manageable_by(request.user).filter(pk=forum.pk).exists(),
    }
    return render(request, "programs/forum.html", context)


FORUM_FORMS = {"challenge": ChallengeForm, "strategy": StrategyForm, "item": RoadmapItemForm}


@login_required
def forum_manage(request, pk):
    forum = get_object_or_404(permissions.forums_manageable_by(request.user).select_related("event"), pk=pk)
    bound = {}
    if request.method == "POST":
        which = request.POST.get("form")
        if which not in FORUM_FORMS:
            raise Http404
        kwargs = {"forum": forum} if which == "item" else {}
        form = FORUM_FORMS[which](request.POST, **kwargs)
        if form.is_valid():
            service = {
                "challenge": forums.challenge_add,
                "strategy": forums.strategy_add,
                "item": forums.roadmap_item_add,
            }[which]
            try:
                service(actor=request.user, forum=forum, **form.cleaned_data)
                messages.success(request, _("Added."))
                return redirect("programs:forum_manage", pk=forum.pk)
            except ValidationError as e:
                _errors_into(form, e)
        bound[which] = form
    context = {
        "forum": forum,
        "challenge_form": bound.get("challenge") or ChallengeForm(),
        "strategy_form": bound.get("strategy") or StrategyForm(),
        "item_form": bound.get("item") or RoadmapItemForm(forum=forum),
        "roadmap": forum.roadmap.select_related("owner"),
        "progress_form": ProgressForm(),
        "challenges": forum.challenges.all(),
        "strategies": forum.strategies.all(),
    }
    return render(request, "programs/forum_manage.html", context, status=400 if bound else 200)


@login_required
@require_POST
def roadmap_progress(request, pk, item):
    forum = get_object_or_404(permissions.forums_manageable_by(request.user), pk=pk)
    obj = get_object_or_404(RoadmapItem, pk=item, forum=forum)
    form = ProgressForm(request.POST)
    if form.is_valid():
        forums.roadmap_item_progress(actor=request.user, item=obj, **form.cleaned_data)
        messages.success(request, _("Progress recorded."))
    else:
        messages.error(request, _("Choose a status and write what happened."))
    return redirect("programs:forum_manage", pk=forum.pk)
