"""Pages of the register. Each view: a scoped lookup (404 outside scope), one service or selector, a page."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simpul.core.htmx import render_page_or_partial
from simpul.core.pagination import paginate, querystring_without_page
from simpul.regions.codes import normalize_code

from . import display, permissions, selectors
from .answers import DIRECTORY, STATISTICS
from .forms import ClaimForm, ImportForm, LibraryForm, RegisterForm, RejectForm
from .models import Application, Job, Status
from .services import exports, jobs, registrations
from .services.libraries import library_update
from .tasks import run_job

# Exports up to this many rows are sent at once; larger ones become a background job.
EXPORT_INLINE_LIMIT = 5000
# Uploads up to this size are checked in the request; larger ones by the worker.
IMPORT_INLINE_BYTES = 512 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def directory(request):
    """The public directory. Its results are the same for everyone (public statuses only), so they are
    cached until the register changes (`answers.DIRECTORY`); the filter form around them is not."""
    query = querystring_without_page(request)
    page_param = request.GET.get("page", "")
    key = DIRECTORY.key(query, page_param) if DIRECTORY.enabled() and len(page_param) <= 8 else None
    results = DIRECTORY.answer(
        key, lambda: _directory_results(selectors.DirectoryFilter.from_params(request.GET), page_param, query)
    )
    if getattr(request, "htmx", False):
        return HttpResponse(results)
    context = {"results": results, "filter_form": display.filter_form_html(request.GET)}
    return render(request, "libraries/directory.html", context)


def _directory_results(directory_filter, page_param: str, query: str) -> str:
    """The count, one page of rows and the links to the other pages, as HTML."""
    page = selectors.libraries_page(directory_filter, page_param)
    context = {
        "page_obj": page,
        "rows": display.directory_rows(page.object_list),
        "count_text": display.number_formatter()(page.count),
        "query": query,
        "export_query": "&".join(f"{k}={v}" for k, v in directory_filter.as_params().items()),
    }
    return render_to_string("libraries/_results.html", context)


def detail(request, pk):
    library = selectors.library_get(permissions.libraries_visible_to(request.user), pk)
    if library is None:
        raise Http404
    can_edit = permissions.can_edit(request.user, library)
    context = {
        "library": library,
        "can_edit": can_edit,
        "managers": selectors.library_managers(library) if can_edit else [],
        "can_claim": permissions.can_apply(request.user)
        and library.status in (Status.REGISTERED, Status.LISTED),
        "ancestors": library.region.ancestors(),
    }
    return render(request, "libraries/detail.html", context)


@login_required
def edit(request, pk, yearly=False):
    library = get_object_or_404(
        permissions.libraries_editable_by(request.user).select_related("organisation"), pk=pk
    )
    form = LibraryForm(request.POST or None, instance=library)
    if request.method == "POST" and form.is_valid():
        try:
            library_update(actor=request.user, library=library, yearly=yearly, **form.changed_values())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Yearly update saved. Thank you.") if yearly else _("Changes saved."))
            return redirect(library.get_absolute_url())
    return render(request, "libraries/form.html", {"form": form, "library": library, "yearly": yearly})


@login_required
def history(request, pk):
    library = get_object_or_404(permissions.libraries_editable_by(request.user), pk=pk)
    page = paginate(request, library.changes.select_related("actor__person"), per_page=30)
    return render(request, "libraries/history.html", {"library": library, "page_obj": page})


@login_required
def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.changed_values()
        try:
            application = registrations.application_register(
                actor=request.user,
                applicant=request.user.person,
                position=form.cleaned_data["position"],
                evidence=form.cleaned_data["evidence"],
                **values,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, _("Application sent. The library office of your regency/city will look at it.")
            )
            return redirect("libraries:application", pk=application.pk)
    return render(request, "libraries/form.html", {"form": form, "register": True})


@login_required
def claim(request, pk):
    library = get_object_or_404(permissions.libraries_visible_to(request.user), pk=pk)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = registrations.application_claim(
                actor=request.user, applicant=request.user.person, library=library, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Claim sent. The library office will look at it."))
            return redirect("libraries:application", pk=application.pk)
    return render(request, "libraries/claim.html", {"form": form, "library": library})


@login_required
def mine(request):
    queryset = permissions.libraries_editable_by(request.user).select_related("region").order_by("name", "pk")
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(
        request, "libraries/mine.html", {"page_obj": page, "query": querystring_without_page(request)}
    )


@login_required
def applications(request):
    own = Application.objects.filter(applicant__user=request.user).select_related("library")[:50]
    queue = None
    if permissions.is_office(request.user):
        open_first = Case(
            When(state__in=["submitted", "verified"], then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        queue = paginate(
            request,
            permissions.applications_decidable_by(request.user)
            .select_related("library", "applicant")
            .order_by(open_first, "created_at"),
        )
    return render(
        request,
        "libraries/applications.html",
        {"own": own, "page_obj": queue, "query": querystring_without_page(request)},
    )


def _application_for(user, pk) -> Application:
    visible = Application.objects.filter(
        Q(applicant__user=user) | Q(pk__in=permissions.applications_decidable_by(user).values("pk"))
    )
    return get_object_or_404(visible.select_related("library__region", "applicant"), pk=pk)


@login_required
def application(request, pk):
    item = _application_for(request.user, pk)
    can_decide = item.is_open and permissions.can_decide(request.user, item)
    return render(
        request,
        "libraries/application.html",
        {"application": item, "can_decide": can_decide, "reject_form": RejectForm()},
    )


@require_POST
@login_required
def application_decide(request, pk, action):
    item = get_object_or_404(permissions.applications_decidable_by(request.user), pk=pk)
    form = RejectForm(request.POST) if action == "reject" else None
    try:
        if action == "verify":
            registrations.application_verify(actor=request.user, application=item)
            messages.success(request, _("Marked as verified."))
        elif action == "approve":
            item = registrations.application_approve(actor=request.user, application=item)
            messages.success(request, _("Approved. NPP %(npp)s issued.") % {"npp": item.library.npp})
        elif form.is_valid():
            registrations.application_reject(
                actor=request.user, application=item, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Rejected; the applicant will see your reason."))
        else:
            return render(
                request,
                "libraries/application.html",
                {"application": item, "can_decide": True, "reject_form": form},
                status=400,
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("libraries:application", pk=pk)


def statistics(request):
    """Counts by type and status for the country or a region, with its children's. The page's content is
    the same for everyone, so it is cached until the aggregates change (`answers.STATISTICS`)."""
    raw = request.GET.get("region", "")
    code = normalize_code(raw) if raw else ""
    if raw and not code:
        raise Http404
    key = STATISTICS.key(code) if STATISTICS.enabled() else None
    region_name, body = STATISTICS.answer(key, lambda: _statistics_answer(code))
    return render(request, "libraries/statistics.html", {"region_name": region_name, "body": body})


def _statistics_answer(code: str) -> tuple[str, str]:
    """The region's name and the page's content, as HTML."""
    stats = selectors.region_stats(code)
    if stats is None:
        raise Http404
    number = display.number_formatter()
    context = {"stats": stats, "total_text": number(stats.total), **display.statistics_tables(stats, number)}
    return stats.region.name if stats.region else "", render_to_string("libraries/_statistics.html", context)


def export(request):
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    directory_filter = selectors.DirectoryFilter.from_params(request.GET)
    count, exact = selectors.libraries_count(directory_filter)
    if exact and count <= EXPORT_INLINE_LIMIT:
        if fmt == "csv":
            response = StreamingHttpResponse(
                exports.csv_lines(directory_filter), content_type="text/csv; charset=utf-8"
            )
        else:
            buffer = io.BytesIO()
            exports.write_xlsx(directory_filter, buffer)
            response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="libraries.{fmt}"'
        return response
    if not request.user.is_authenticated:
        messages.info(request, _("Large exports are prepared in the background: sign in to start one."))
        return redirect(f"{reverse('account_login')}?next={request.get_full_path()}")
    if not exact:
        count = selectors.libraries_search(directory_filter).count()
    job = jobs.job_create_export(actor=request.user, directory_filter=directory_filter, fmt=fmt, total=count)
    run_job.enqueue(str(job.pk))
    return redirect("libraries:job", pk=job.pk)


@login_required
def import_start(request):
    if not permissions.can_import(request.user):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = jobs.job_create_import(actor=request.user, data=upload.read(), filename=upload.name)
        _start(job)
        return redirect("libraries:job", pk=job.pk)
    return render(request, "libraries/import.html", {"form": form})


def _start(job: Job) -> None:
    if job.params.get("size", 0) <= IMPORT_INLINE_BYTES:
        jobs.job_run(job.pk)  # small: answer at once, even with no worker running
    else:
        run_job.enqueue(str(job.pk))


def import_template(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "csv":
        response = HttpResponse(
            "\ufeff" + ",".join(exports.COLUMN_KEYS) + "\r\n", content_type="text/csv; charset=utf-8"
        )
    else:
        buffer = io.BytesIO()
        exports.template_xlsx(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="library-register-template.{fmt}"'
    return response


@login_required
def job(request, pk):
    item = get_object_or_404(Job, pk=pk, created_by=request.user)
    done, total = jobs.progress_of(item)
    percent = 100 if item.is_finished else (int(done * 100 / total) if total else 0)
    context = {"job": item, "done": done, "total": total, "percent": percent, "report": item.report}
    return render_page_or_partial(request, "libraries/job.html", "libraries/_job.html", context)


@require_POST
@login_required
def job_apply(request, pk):
    item = get_object_or_404(Job, pk=pk, created_by=request.user, kind=Job.Kind.IMPORT_CHECK)
    if not permissions.can_import(request.user):
        raise Http404
    try:
        item = jobs.job_apply(actor=request.user, job=item)
    except ValueError:
        messages.error(request, _("Only a dry run without errors can be applied."))
        return redirect("libraries:job", pk=pk)
    _start(item)
    return redirect("libraries:job", pk=pk)


@login_required
def job_download(request, pk):
    item = get_object_or_404(Job, pk=pk, created_by=request.user, kind=Job.Kind.EXPORT, state=Job.State.DONE)
    fmt = item.params.get("format", "csv")
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=f"libraries.{fmt}")
