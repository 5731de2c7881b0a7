"""Organisers' pages: create and edit events, the agenda, categories, committee, documents,
registrations (approve, reject, cancel), certificates, the report and exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simpul.core.pagination import paginate, querystring_without_page
from simpul.credentials.models import CredentialBatch
from simpul.people.services import person_create

from .. import exports, reports, selectors, services
from ..forms import (
    CategoryForm,
    CommitteeForm,
    DocumentForm,
    EventForm,
    RevokeForm,
    SessionForm,
    SessionPersonForm,
)
from ..models import Programme, Registration, RegistrationStatus
from ..permissions import can_create_event, organising_organisations, programmes_manageable_by
from ..services.certificates import eligible_holders, event_credentials
from ._common import error_text, errors_to_form


@login_required
@require_GET
def manage_list(request):
    if not can_create_event(request.user):
        raise PermissionDenied
    page = paginate(request, selectors.managed_events(request.user), per_page=25)
    return render(request, "events/manage/list.html", {"page_obj": page})


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    if not can_create_event(request.user):
        raise PermissionDenied
    organisations = organising_organisations(request.user)
    form = EventForm(
        request.POST or None, organisations=organisations, programmes=programmes_manageable_by(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisers = list(data.pop("organisers"))
        try:
            event = services.event_create(actor=request.user, organisers=organisers, **data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The event was created. Add its agenda and categories next."))
            return redirect("events:manage", slug=event.slug)
    return render(request, "events/manage/form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug: str):
    event = selectors.managed_event_or_404(request.user, slug)
    organisations = organising_organisations(request.user) | event.organisers.all()
    programmes = programmes_manageable_by(request.user) | Programme.objects.filter(pk=event.programme_id)
    form = EventForm(
        request.POST or None,
        instance=event,
        organisations=organisations.distinct(),
        programmes=programmes.distinct(),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisers = list(data.pop("organisers"))
        try:
            services.event_update(actor=request.user, event=event, organisers=organisers, **data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The event was saved."))
            return redirect("events:manage", slug=event.slug)
    return render(request, "events/manage/form.html", {"form": form, "event": event})


@login_required
@require_GET
def manage(request, slug: str):
    """The organisers' overview: counts, agenda, categories, committee, documents, registrations."""
    event = selectors.managed_event_or_404(request.user, slug)
    status = request.GET.get("status", "")
    if status not in RegistrationStatus.values:
        status = ""
    rows = selectors.registrations_for_organisers(event, status=status, q=request.GET.get("q", ""))
    context = {
        "event": event,
        "page_obj": paginate(request, rows, per_page=50),
        "query": querystring_without_page(request),
        "status": status,
        "statuses": RegistrationStatus.choices,
        "sessions": selectors.agenda(event),
        "categories": selectors.categories_with_room(event),
        "committee": event.committee.select_related("person"),
        "documents": event.documents.all(),
        # Distinct ids per form: several forms on one page share field names.
        "category_form": CategoryForm(auto_id="cat_%s"),
        "session_form": SessionForm(event=event, auto_id="ses_%s"),
        "person_form": SessionPersonForm(event=event, auto_id="spk_%s"),
        "committee_form": CommitteeForm(auto_id="com_%s"),
        "document_form": DocumentForm(auto_id="doc_%s"),
    }
    return render(request, "events/manage/event.html", context)


def _batches(event):
    """The ZIP batches made of this event's certificates."""
    return CredentialBatch.objects.filter(
        pk__in=CredentialBatch.credentials.through.objects.filter(
            credential__in=event_credentials(event).values("pk")
        ).values("credentialbatch_id")
    )


def _back(event, anchor: str = ""):
    response = redirect("events:manage", slug=event.slug)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _form_failed(request, form) -> None:
    errors = [
        f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}".lstrip(": ")
        for f, e in form.errors.items()
    ]
    messages.error(request, _("Not saved: %(errors)s") % {"errors": "; ".join(errors)})


@login_required
@require_POST
def category_add(request, slug: str):
    event = selectors.managed_event_or_404(request.user, slug)
    form = CategoryForm(request.POST)
    if form.is_valid():
        try:
            services.category_save(
                actor=request.user,
                event=event,
                name=form.cleaned_data["name"],
                quota=form.cleaned_data["quota"],
                fee=form.cleaned_data["fee"] or 0,
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The category was added."))
    else:
        _form_failed(request, form)
    return _back(event, "categories")


@login_required
@require_POST
def session_add(request, slug: str):
    event = selectors.managed_event_or_404(request.user, slug)
    form = SessionForm(request.POST, event=event)
    if form.is_valid():
        try:
            services.session_add(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The session was added to the agenda."))
    else:
        _form_failed(request, form)
    return _back(event, "agenda")


def _person_from(form, actor):
    data = form.cleaned_data
    return person_create(
        actor=actor,
        full_name=" ".join(data["full_name"].split()),
        title_prefix=data.get("title_prefix", "").strip(),
        title_suffix=data.get("title_suffix", "").strip(),
    )


@login_required
@require_POST
def session_person_add(request, slug: str):
    event = selectors.managed_event_or_404(request.user, slug)
    form = SessionPersonForm(request.POST, event=event)
    if form.is_valid():
        try:
            person = _person_from(form, request.user)
            services.session_person_add(
                actor=request.user,
                session=form.cleaned_data["session"],
                person=person,
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("%(name)s was added to the agenda.") % {"name": person.display_name})
    else:
        _form_failed(request, form)
    return _back(event, "agenda")


@login_required
@require_POST
def committee_add(request, slug: str):
    event = selectors.managed_event_or_404(request.user, slug)
    form = CommitteeForm(request.POST)
    if form.is_valid():
        try:
            person = _person_from(form, request.user)
            services.committee_add(
                actor=request.user, event=event, person=person, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request, _("%(name)s was added to the committee.") % {"name": person.display_name}
            )
    else:
        _form_failed(request, form)
    return _back(event, "committee")


@login_required
@require_POST
def document_add(request, slug: str):
    event = selectors.managed_event_or_404(request.user, slug)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The document was attached."))
    else:
        _form_failed(request, form)
    return _back(event, "documents")


@login_required
@require_POST
def registration_decide(request, slug: str, pk: int):
    event = selectors.managed_event_or_404(request.user, slug)
    registration = get_object_or_404(Registration, event=event, pk=pk)
    action = request.POST.get("action")
    handlers = {
        "approve": (services.registration_approve, _("%(name)s: approved.")),
        "reject": (services.registration_reject, _("%(name)s: rejected.")),
        "cancel": (services.registration_cancel, _("%(name)s: cancelled.")),
    }
    if action not in handlers:
        raise Http404
    handler, done = handlers[action]
    try:
        registration = handler(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done % {"name": registration.name})
    return _back(event, "registrations")


@login_required
@require_http_methods(["GET", "POST"])
def certificates(request, slug: str):
    event = selectors.managed_event_or_404(request.user, slug)
    if request.method == "POST":
        try:
            issued, batch = services.certificates_issue(actor=request.user, event=event)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                _("%(n)s certificates are ready; the ZIP of all of them is being made.") % {"n": len(issued)},
            )
            return redirect("events:certificate_batch", slug=event.slug, pk=batch.pk)
        return redirect("events:certificates", slug=event.slug)
    issued = event_credentials(event).order_by("holder_name", "id")
    batches = _batches(event).order_by("-id")[:5]
    context = {
        "event": event,
        "eligible": len(eligible_holders(event)),
        "page_obj": paginate(request, issued, per_page=50),
        "batches": batches,
        "revoke_form": RevokeForm(),
    }
    return render(request, "events/manage/certificates.html", context)


@login_required
@require_GET
def certificate_batch(request, slug: str, pk: int):
    event = selectors.managed_event_or_404(request.user, slug)
    batch = get_object_or_404(_batches(event), pk=pk)
    template = "events/manage/_batch.html" if request.htmx else "events/manage/batch.html"
    return render(request, template, {"event": event, "batch": batch})


@login_required
@require_GET
def certificate_batch_zip(request, slug: str, pk: int):
    event = selectors.managed_event_or_404(request.user, slug)
    batch = get_object_or_404(_batches(event), pk=pk)
    if not batch.archive:
        raise Http404
    return FileResponse(batch.archive.open("rb"), as_attachment=True, filename=f"sertifikat-{event.slug}.zip")


@login_required
@require_POST
def certificate_revoke(request, slug: str, code: str):
    event = selectors.managed_event_or_404(request.user, slug)
    credential = get_object_or_404(event_credentials(event), code=code)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the certificate is revoked: the verification page shows it."))
        return redirect("events:certificates", slug=event.slug)
    try:
        services.certificate_revoke(
            actor=request.user, event=event, credential=credential, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Certificate %(number)s was revoked.") % {"number": credential.number})
    return redirect("events:certificates", slug=event.slug)


@login_required
@require_GET
def report(request, slug: str):
    event = selectors.managed_event_or_404(request.user, slug)
    data = reports.event_report(event)
    return render(
        request, "events/manage/report.html", {"event": event, "report": data, "charts": reports.charts(data)}
    )


@login_required
@require_GET
def report_xlsx(request, slug: str):
    event = selectors.managed_event_or_404(request.user, slug)
    return _download(exports.report_xlsx(event), f"laporan-{event.slug}.xlsx", exports.XLSX)


@login_required
@require_GET
def report_pdf(request, slug: str):
    event = selectors.managed_event_or_404(request.user, slug)
    return _download(exports.report_pdf(event), f"laporan-{event.slug}.pdf", "application/pdf")


@login_required
@require_GET
def participants_xlsx(request, slug: str):
    event = selectors.managed_event_or_404(request.user, slug)
    return _download(exports.participants_xlsx(event), f"peserta-{event.slug}.xlsx", exports.XLSX)


def _download(body: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
