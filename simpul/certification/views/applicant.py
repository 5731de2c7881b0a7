from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simpul.people.models import Person

from .. import pdfs, selectors, services
from ..forms import Apl01Form, AppealDecisionForm, AssignForm, CorrectionForm, DocumentForm, ReasonForm
from ..models import Answer, Certificate, Document, Element, Scheme, SelfAssessment
from ..permissions import can_manage_lsp, is_lsp_admin
from ._common import error_message, errors_to_form, pdf_response, private_file_response


def _person(user) -> Person:
    person = getattr(user, "person", None)
    if person is None:
        raise Http404
    return person


def _own_or_404(user, pk: int):
    found = selectors.application_for_user_or_404(user, pk)
    if found.person.user_id != user.pk:
        raise Http404
    return found


@login_required
def mine(request):
    person = _person(request.user)
    return render(
        request,
        "certification/mine.html",
        {
            "applications": person.certification_applications.select_related("scheme").order_by("-id")[:100],
            "certificates": Certificate.objects.filter(person=person).select_related("scheme", "credential")[
                :100
            ],
        },
    )


@login_required
def apply(request, scheme_pk: int, previous: Certificate | None = None):
    chosen = get_object_or_404(Scheme, pk=scheme_pk)
    if not chosen.is_active:  # closed: its page says so
        return redirect("certification:scheme", pk=chosen.pk)
    person = _person(request.user)
    previous_pk = request.GET.get("renew") or request.POST.get("renew")
    if previous_pk and str(previous_pk).isdigit():
        previous = Certificate.objects.filter(pk=previous_pk, person=person).first()
    if request.method == "POST":
        form = Apl01Form(request.POST)
        if form.is_valid():
            try:
                created = services.application_start(
                    actor=request.user,
                    person=person,
                    scheme=chosen,
                    previous_certificate=previous,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Application saved as a draft. Now fill in the self-assessment."))
                return redirect("certification:apl02", pk=created.pk)
    else:
        initial = services.apl01_initial(person)
        if previous:
            initial["purpose"] = "rcc"
        form = Apl01Form(initial=initial)
    return render(request, "certification/apply.html", {"form": form, "scheme": chosen, "previous": previous})


@login_required
def application(request, pk: int):
    found = selectors.application_for_user_or_404(request.user, pk)
    is_owner = found.person.user_id == request.user.pk
    manages = can_manage_lsp(request.user, found.lsp)
    context = {
        "application": found,
        "is_owner": is_owner,
        "manages": manages,
        "missing": services.applications.missing_items(found) if found.is_editable_by_applicant else [],
        "documents": found.documents.all(),
        "document_form": DocumentForm(),
        "results": found.results.select_related("unit").order_by("unit__code"),
        "appeal": getattr(found, "appeal", None),
        "certificate": getattr(found, "certificate", None),
        "reason_form": ReasonForm(),
    }
    if manages:
        context["assign_form"] = AssignForm(assessors=selectors.eligible_assessors(found))
        context["appeal_form"] = AppealDecisionForm()
        context["correction_form"] = CorrectionForm(units=found.scheme.units.all())
    return render(request, "certification/application.html", context)


@login_required
def application_edit(request, pk: int):
    found = _own_or_404(request.user, pk)
    if request.method == "POST":
        form = Apl01Form(request.POST)
        if form.is_valid():
            try:
                services.application_update(actor=request.user, application=found, **form.cleaned_data)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("FR.APL.01 saved."))
                return redirect("certification:application", pk=found.pk)
    else:
        form = Apl01Form(initial={f: getattr(found, f) for f in services.applications.APL01_FIELDS})
    return render(
        request, "certification/apply.html", {"form": form, "scheme": found.scheme, "application": found}
    )


@login_required
def apl02(request, pk: int):
    found = _own_or_404(request.user, pk)
    units = found.scheme.ordered_units()
    elements = {}
    for element in Element.objects.filter(unit__in=units).order_by("order", "id"):
        elements.setdefault(element.unit_id, []).append(element)
    current = {s.element_id: s for s in SelfAssessment.objects.filter(application=found)}
    errors = []
    if request.method == "POST":
        answers = {}
        for unit in units:
            for element in elements.get(unit.pk, []):
                answer = request.POST.get(f"e{element.pk}", "")
                note = request.POST.get(f"n{element.pk}", "")[:300]
                if answer in Answer.values:
                    answers[element.pk] = (answer, note)
                current_answer = current.get(element.pk)
                if current_answer is None:
                    current[element.pk] = SelfAssessment(element=element, answer=answer, evidence_note=note)
                else:
                    current_answer.answer, current_answer.evidence_note = answer, note
        try:
            services.self_assessment_save(actor=request.user, application=found, answers=answers)
        except ValidationError as error:
            errors = error.messages
        else:
            total = sum(len(v) for v in elements.values())
            if len(answers) < total:
                errors = [_("Saved. %(n)s elements still need K or BK.") % {"n": total - len(answers)}]
            else:
                messages.success(request, _("Self-assessment saved."))
                return redirect("certification:application", pk=found.pk)
    rows = [(unit, [(e, current.get(e.pk)) for e in elements.get(unit.pk, [])]) for unit in units]
    return render(request, "certification/apl02.html", {"application": found, "rows": rows, "errors": errors})


@login_required
@require_POST
def document_upload(request, pk: int):
    found = _own_or_404(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(
                actor=request.user,
                application=found,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            error_message(request, error)
        else:
            messages.success(request, _("Document uploaded."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("certification:application", pk=found.pk)


@login_required
def document(request, pk: int):
    found = get_object_or_404(
        Document.objects.filter(application__in=selectors.applications_visible_to(request.user)), pk=pk
    )
    return private_file_response(found.file, found.content_type, f"dokumen-{found.pk}{found.file.name[-4:]}")


@login_required
@require_POST
def submit(request, pk: int):
    found = _own_or_404(request.user, pk)
    try:
        services.application_submit(actor=request.user, application=found)
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(request, _("Application submitted to the LSP."))
    return redirect("certification:application", pk=found.pk)


@login_required
@require_POST
def withdraw(request, pk: int):
    found = _own_or_404(request.user, pk)
    try:
        services.application_withdraw(actor=request.user, application=found)
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(request, _("Application withdrawn."))
    return redirect("certification:application", pk=found.pk)


@login_required
@require_POST
def consent(request, pk: int):
    found = selectors.application_for_user_or_404(request.user, pk)
    is_party = found.person.user_id == request.user.pk or (
        found.assessor and found.assessor.person.user_id == request.user.pk
    )
    if not is_party:
        raise Http404
    try:
        services.consent_record(actor=request.user, application=found)
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(request, _("Consent (FR.AK.01) recorded."))
    return redirect(
        request.POST.get("next") if request.POST.get("next", "").startswith("/") else found_url(found)
    )


def found_url(found) -> str:
    return reverse("certification:application", kwargs={"pk": found.pk})


@login_required
def appeal(request, pk: int):
    found = _own_or_404(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_submit(actor=request.user, application=found, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Appeal (FR.AK.04) submitted to the LSP."))
            return redirect("certification:application", pk=found.pk)
    return render(request, "certification/appeal.html", {"application": found, "form": form})


@login_required
def apl01_pdf(request, pk: int):
    found = selectors.application_for_user_or_404(request.user, pk)
    return pdf_response(pdfs.apl01_pdf(found), f"FR.APL.01-{found.pk}.pdf")


@login_required
def apl02_pdf(request, pk: int):
    found = selectors.application_for_user_or_404(request.user, pk)
    return pdf_response(pdfs.apl02_pdf(found), f"FR.APL.02-{found.pk}.pdf")


@login_required
def renew(request, pk: int):
    certificate = get_object_or_404(Certificate.objects.filter(person__user=request.user), pk=pk)
    return redirect(f"{found_scheme_url(certificate)}?renew={certificate.pk}")


def found_scheme_url(certificate) -> str:
    return reverse("certification:apply", kwargs={"scheme_pk": certificate.scheme_id})


@login_required
def portfolio(request, person_pk: int | None = None):
    """The signed-in person's portfolio; an LSP administrator or site admin may open anyone's by id."""
    if person_pk is None:
        person = _person(request.user)
    else:
        person = get_object_or_404(Person, pk=person_pk)
        own = getattr(request.user, "person", None) is not None and request.user.person.pk == person.pk
        if not own and not is_lsp_admin(request.user):
            raise Http404
    return render(request, "certification/portfolio.html", {"person": person, **selectors.portfolio(person)})
