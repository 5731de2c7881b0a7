"""Training programmes: batches, quotas per province, nominations by library offices, scores, gain."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simpul.core.pagination import paginate
from simpul.organisations.models import Organisation
from simpul.people.services import person_create, person_for_user

from .. import reports, services
from ..forms import NominationForm, ProgrammeForm, QuotaForm, ScoreForm
from ..models import Nomination, NominationStatus, Programme
from ..permissions import can_nominate, nominator_scope, programme_scope, programmes_manageable_by
from ._common import error_text, errors_to_form


@require_GET
def programme_list(request):
    page = paginate(request, Programme.objects.select_related("organiser"), per_page=25)
    may_create = not programme_scope(request.user).is_empty
    return render(request, "events/programmes/list.html", {"page_obj": page, "may_create": may_create})


@require_GET
def programme_detail(request, slug: str):
    programme = get_object_or_404(Programme.objects.select_related("organiser"), slug=slug)
    may_manage = programmes_manageable_by(request.user).filter(pk=programme.pk).exists()
    nominations = Nomination.objects.none()
    if may_manage:
        nominations = Nomination.objects.filter(programme=programme)
    elif can_nominate(request.user):
        nominations = nominator_scope(request.user).apply(
            Nomination.objects.filter(programme=programme), region="province__code"
        )
    total, per_batch = reports.learning_gain(programme)
    context = {
        "programme": programme,
        "batches": programme.batches.select_related("venue_region").order_by("starts_at"),
        "quotas": programme.quotas.select_related("province"),
        "page_obj": paginate(
            request, nominations.select_related("person", "province", "batch").order_by("province", "id"), 50
        ),
        "may_manage": may_manage,
        "may_nominate": can_nominate(request.user),
        "total": total,
        "per_batch": per_batch,
        "quota_form": QuotaForm(),
    }
    return render(request, "events/programmes/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    scope = programme_scope(request.user)
    if scope.is_empty:
        raise PermissionDenied
    organisations = scope.apply(Organisation.objects.active(), org_path="path", region="region__code")
    form = ProgrammeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The programme was created. Set the quotas per province."))
            return redirect("events:programme", slug=programme.slug)
    return render(request, "events/programmes/form.html", {"form": form})


def _managed_or_404(user, slug: str) -> Programme:
    return get_object_or_404(programmes_manageable_by(user), slug=slug)


@login_required
@require_POST
def quota_set(request, slug: str):
    programme = _managed_or_404(request.user, slug)
    form = QuotaForm(request.POST)
    if form.is_valid():
        try:
            services.province_quota_set(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The quota was saved."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("events:programme", slug=programme.slug)


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request, slug: str):
    programme = get_object_or_404(Programme, slug=slug)
    scope = nominator_scope(request.user)
    if scope.is_empty:
        raise PermissionDenied
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        province = data["province"]
        if not scope.covers_region_code(province.code):
            form.add_error("province", _("You nominate only for the regions your library office covers."))
        else:
            try:
                if data.get("email"):
                    user = get_user_model().objects.filter(email__iexact=data["email"]).first()
                    if user is None:
                        raise ValidationError({"email": _("No account has this e-mail address.")})
                    person = person_for_user(user)
                else:
                    person = person_create(
                        actor=request.user,
                        full_name=" ".join(data["full_name"].split()),
                        title_prefix=data.get("title_prefix", ""),
                        title_suffix=data.get("title_suffix", ""),
                    )
                services.nomination_create(
                    actor=request.user, programme=programme, person=person, province=province
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("%(name)s was nominated.") % {"name": person.display_name})
                return redirect("events:programme", slug=programme.slug)
    return render(request, "events/programmes/nominate.html", {"form": form, "programme": programme})


@login_required
@require_POST
def nomination_decide(request, slug: str, pk: int):
    programme = _managed_or_404(request.user, slug)
    nomination = get_object_or_404(Nomination, programme=programme, pk=pk)
    try:
        services.nomination_decide(
            actor=request.user, nomination=nomination, approve=request.POST.get("action") == "approve"
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The nomination was decided."))
    return redirect("events:programme", slug=programme.slug)


@login_required
@require_POST
def nomination_scores(request, slug: str, pk: int):
    programme = _managed_or_404(request.user, slug)
    nomination = get_object_or_404(Nomination, programme=programme, pk=pk, status=NominationStatus.APPROVED)
    form = ScoreForm(request.POST)
    if form.is_valid():
        try:
            services.nomination_scores_set(actor=request.user, nomination=nomination, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The scores were saved."))
    else:
        messages.error(request, _("A score is a number between 0 and 100."))
    return redirect("events:programme", slug=programme.slug)
