"""The LSP administrator's pages: queue, checks, sessions, assignment, decisions, reports (reference data:
reference.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simpul.core.pagination import paginate, querystring_without_page

from .. import exports, pdfs, selectors, services
from ..forms import AppealDecisionForm, AssignForm, CorrectionForm, ReasonForm, SessionForm
from ..models import Appeal, Assessor, Status
from ._common import error_message, errors_to_form, pdf_response, require_lsp_admin


def _back(pk: int):
    return redirect("certification:application", pk=pk)


@login_required
def manage(request):
    require_lsp_admin(request.user)
    return render(
        request,
        "certification/manage/index.html",
        {
            "counts": selectors.queue_counts(request.user),
            "sessions": selectors.sessions_manageable_by(request.user).order_by("-event__starts_at")[:10],
            "lsps": selectors.lsps_managed_by(request.user),
        },
    )


@login_required
def manage_applications(request):
    require_lsp_admin(request.user)
    rows = selectors.applications_manageable_by(request.user).select_related("scheme", "session__event")
    status = request.GET.get("status", "")
    if status in Status.values:
        rows = rows.filter(status=status)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        rows = rows.filter(name_on_diploma__icontains=q)
    page = paginate(request, rows.order_by("-id"), per_page=25)
    return render(
        request,
        "certification/manage/applications.html",
        {
            "page_obj": page,
            "status": status,
            "q": q,
            "statuses": Status.choices,
            "query": querystring_without_page(request),
        },
    )


def _post_service(request, pk: int, call, success: str):
    found = selectors.application_manageable_or_404(request.user, pk)
    try:
        call(found)
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(request, success)
    return _back(found.pk)


@login_required
@require_POST
def accept(request, pk: int):
    return _post_service(
        request,
        pk,
        lambda a: services.application_accept(actor=request.user, application=a),
        _("Application accepted."),
    )


@login_required
@require_POST
def return_application(request, pk: int):
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _post_service(
        request,
        pk,
        lambda a: services.application_return(actor=request.user, application=a, reason=reason),
        _("Application returned to the applicant."),
    )


@login_required
@require_POST
def assign(request, pk: int):
    found = selectors.application_manageable_or_404(request.user, pk)
    form = AssignForm(request.POST, assessors=selectors.eligible_assessors(found))
    if not form.is_valid():
        messages.error(request, _("Choose an assessor of this scheme."))
        return _back(found.pk)
    return _post_service(
        request,
        pk,
        lambda a: services.assessor_assign(
            actor=request.user, application=a, assessor=form.cleaned_data["assessor"]
        ),
        _("Assessor assigned."),
    )


@login_required
@require_POST
def decide(request, pk: int):
    note = request.POST.get("note", "")[:2000]
    return _post_service(
        request,
        pk,
        lambda a: services.application_decide(actor=request.user, application=a, note=note),
        _("Decision recorded."),
    )


@login_required
@require_POST
def appeal_decide(request, pk: int):
    found = get_object_or_404(
        Appeal.objects.filter(application__in=selectors.applications_manageable_by(request.user)), pk=pk
    )
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision and explain it."))
    else:
        try:
            services.appeal_decide(
                actor=request.user,
                appeal=found,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            error_message(request, error)
        else:
            messages.success(request, _("Decision on the appeal recorded."))
    return _back(found.application_id)


@login_required
@require_POST
def correct(request, pk: int):
    found = selectors.application_manageable_or_404(request.user, pk)
    form = CorrectionForm(request.POST, units=found.scheme.units.all())
    if not form.is_valid():
        messages.error(request, _("Choose the unit, the corrected recommendation and give a reason."))
        return _back(found.pk)
    return _post_service(
        request,
        pk,
        lambda a: services.result_correct(
            actor=request.user,
            application=a,
            unit=form.cleaned_data["unit"],
            recommendation=form.cleaned_data["recommendation"],
            reason=form.cleaned_data["reason"],
        ),
        _("Result corrected; the correction is in the audit log."),
    )


@login_required
@require_POST
def certificate_revoke(request, pk: int):
    certificate = get_object_or_404(selectors.certificates_manageable_by(request.user), pk=pk)
    try:
        services.certificate_revoke(
            actor=request.user, certificate=certificate, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(request, _("Certificate revoked."))
    return _back(certificate.application_id)


@login_required
def sessions(request):
    require_lsp_admin(request.user)
    tuks = selectors.tuks_manageable_by(request.user).filter(is_active=True)
    schemes = selectors.schemes_for_new_sessions(request.user)
    form = SessionForm(request.POST or None, tuks=tuks, schemes=schemes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.session_create(
                actor=request.user,
                tuk=data["tuk"],
                schemes=list(data["schemes"]),
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                capacity=data["capacity"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Session created."))
            return redirect("certification:session", pk=created.pk)
    page = paginate(
        request, selectors.sessions_manageable_by(request.user).order_by("-event__starts_at"), per_page=25
    )
    return render(request, "certification/manage/sessions.html", {"form": form, "page_obj": page})


@login_required
def session(request, pk: int):
    found = get_object_or_404(selectors.sessions_manageable_by(request.user), pk=pk)
    seated = found.applications.select_related("assessor__person").order_by("name_on_diploma", "id")
    waiting = (
        selectors.applications_manageable_by(request.user)
        .filter(status=Status.ACCEPTED, scheme__in=found.schemes.all())
        .order_by("accepted_at", "id")[:200]
    )
    assessors = (
        Assessor.objects.filter(lsp=found.lsp, is_active=True, schemes__in=found.schemes.all())
        .distinct()
        .select_related("person")
    )
    return render(
        request,
        "certification/manage/session.html",
        {
            "session": found,
            "seated": seated,
            "waiting": waiting,
            "assessors": assessors,
            "free": max(0, found.capacity - len(seated)),
        },
    )


@login_required
@require_POST
def schedule(request, pk: int):
    found = get_object_or_404(selectors.sessions_manageable_by(request.user), pk=pk)
    ids = [int(v) for v in request.POST.getlist("applications") if v.isdigit()]
    chosen = list(selectors.applications_manageable_by(request.user).filter(pk__in=ids))
    if not chosen:
        messages.error(request, _("Choose at least one accepted application."))
        return redirect("certification:session", pk=found.pk)
    try:
        added = services.session_add_applications(actor=request.user, session=found, applications=chosen)
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(request, _("%(n)s assessees scheduled.") % {"n": added})
    return redirect("certification:session", pk=found.pk)


@login_required
def attendance_pdf(request, pk: int):
    found = get_object_or_404(selectors.sessions_manageable_by(request.user), pk=pk)
    return pdf_response(pdfs.attendance_pdf(found), f"daftar-hadir-{found.pk}.pdf")


def _report_args(request):
    by = request.GET.get("by", "scheme")
    if by not in selectors.REPORT_DIMENSIONS:
        by = "scheme"
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else None
    lsp_ids = (
        None
        if request.user.is_superuser
        else list(selectors.lsps_managed_by(request.user).values_list("pk", flat=True))
    )
    return by, year, lsp_ids


@login_required
def reports(request):
    require_lsp_admin(request.user)
    by, year, lsp_ids = _report_args(request)
    rows = selectors.report_rows(by, year, lsp_ids)
    return render(
        request,
        "certification/manage/reports.html",
        {
            "rows": rows,
            "by": by,
            "year": year,
            "years": selectors.report_years(),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def report_xlsx(request):
    require_lsp_admin(request.user)
    by, year, lsp_ids = _report_args(request)
    content = exports.report_xlsx(selectors.report_rows(by, year, lsp_ids), f"Laporan {by}")
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="laporan-sertifikasi-{by}-{stamp}.xlsx"'
    return response
