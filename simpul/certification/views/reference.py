"""The LSP administrator's reference data: one page to add, and a page per row to correct or retire.

Every object is found through a scoped queryset of what the user's LSP manages (`selectors.*_manageable_by`),
which is empty for anyone who is not an LSP administrator: another LSP's object, or any object for someone
without the role, is a 404."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from simpul.people.models import User

from .. import selectors, services
from ..forms import (
    AssessorEditForm,
    AssessorForm,
    RuleForm,
    SchemeEditForm,
    SchemeForm,
    StandardForm,
    TukForm,
    UnitForm,
    elements_as_text,
)
from ..models import Standard, Unit
from ._common import error_message, errors_to_form, require_lsp_admin

FORMS = {
    "tuk": TukForm,
    "standard": StandardForm,
    "unit": UnitForm,
    "scheme": SchemeForm,
    "assessor": AssessorForm,
}


@login_required
def reference(request):
    """Reference data of the LSP(s) the user manages: TUKs, standards and units, schemes, assessors."""
    require_lsp_admin(request.user)
    lsps = list(selectors.lsps_managed_by(request.user)[:20])
    schemes = selectors.schemes_manageable_by(request.user)
    which = request.POST.get("form") if request.method == "POST" else None
    forms = {}
    for name, form_class in FORMS.items():
        data = request.POST if which == name else None
        forms[name] = form_class(data, schemes=schemes) if name == "assessor" else form_class(data)
    if which in FORMS and lsps:
        form = forms[which]
        if form.is_valid():
            try:
                _create(request.user, which, form.cleaned_data, lsps[0])
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("certification:reference")
    return render(
        request,
        "certification/manage/reference.html",
        {
            "forms": forms,
            "lsp": lsps[0] if lsps else None,
            "tuks": selectors.tuks_manageable_by(request.user).select_related("region")[:100],
            "standards": Standard.objects.all()[:50],
            "units": Unit.objects.select_related("standard")[:300],
            # Standards and units are shared: only those no other LSP uses get an edit link.
            "editable_standards": set(
                selectors.standards_manageable_by(request.user).values_list("pk", flat=True)
            ),
            "editable_units": set(selectors.units_manageable_by(request.user).values_list("pk", flat=True)),
            "schemes": schemes.prefetch_related("rules")[:100],
            "assessors": selectors.assessors_manageable_by(request.user).prefetch_related("schemes")[:200],
            "rule_form": RuleForm(),
        },
    )


def _create(actor, which: str, data: dict, lsp) -> None:
    if which == "tuk":
        services.tuk_create(
            actor=actor, lsp=lsp, name=data["name"], region=data["region"], address=data["address"]
        )
    elif which == "standard":
        services.standard_create(actor=actor, **data)
    elif which == "unit":
        services.unit_create(actor=actor, **data)
    elif which == "scheme":
        services.scheme_create(actor=actor, lsp=lsp, **data)
    elif which == "assessor":
        user = User.objects.filter(email__iexact=data["email"]).select_related("person").first()
        person = getattr(user, "person", None) if user else None
        if person is None:
            raise ValidationError({"email": _("No Simpul account with a profile has this e-mail.")})
        services.assessor_create(
            actor=actor,
            lsp=lsp,
            person=person,
            met_number=data["met_number"],
            schemes=list(data["schemes"]),
            max_load=data["max_load"],
        )


@login_required
@require_POST
def rule_add(request, pk: int):
    scheme = get_object_or_404(selectors.schemes_manageable_by(request.user), pk=pk)
    form = RuleForm(request.POST)
    if form.is_valid():
        try:
            services.rule_save(actor=request.user, scheme=scheme, **form.cleaned_data)
        except ValidationError as error:  # a refusal from the service is shown, never a server error
            error_message(request, error)
        else:
            messages.success(request, _("Eligibility rule added."))
    else:
        messages.error(request, _("The rule needs a description and valid values."))
    return redirect("certification:reference")


# Edit pages ---------------------------------------------------------------------------------------------
def _edit_page(request, found: models.Model, form, save: Callable[[dict], object], heading: str, **extra):
    """GET shows `form` filled with the current values; a valid POST saves through `save` (one service) and
    goes back to the reference page; a refusal shows its message on the form and changes nothing."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
            found.refresh_from_db()  # the service may have set the refused values on this instance
        else:
            messages.success(request, _("Saved."))
            return redirect("certification:reference")
    return render(
        request,
        "certification/manage/edit.html",
        {"form": form, "object": found, "heading": heading, **extra},
    )


@dataclass(frozen=True)
class Switch:
    """What retiring and reactivating one kind of object says: its edit page's button and state, and the
    message after the POST to `certification:<url_name>`."""

    url_name: str
    retire: str
    restore: str
    active_state: str
    retired_state: str
    retired: str
    restored: str

    def for_page(self, found) -> dict:
        return {
            "url": reverse(f"certification:{self.url_name}", args=[found.pk]),
            "active": found.is_active,
            "label": self.retire if found.is_active else self.restore,
            "state": self.active_state if found.is_active else self.retired_state,
        }


def _active_view(switch: Switch, manageable: Callable, set_active: Callable):
    """The POST behind a Switch: `active=1` reactivates, anything else retires; then back to the reference page
    with what happened or why not. `set_active(actor, found, is_active)` calls the service."""

    @login_required
    @require_POST
    def view(request, pk: int):
        found = get_object_or_404(manageable(request.user), pk=pk)
        active = request.POST.get("active") == "1"
        try:
            set_active(request.user, found, active)
        except ValidationError as error:
            error_message(request, error)
        else:
            messages.success(request, switch.restored if active else switch.retired)
        return redirect("certification:reference")

    return view


TUK_SWITCH = Switch(
    "tuk_active",
    _lazy("Retire this TUK"),
    _lazy("Make this TUK active again"),
    _lazy("Active: offered for new sessions."),
    _lazy("Retired: not offered for new sessions."),
    _lazy("TUK retired: it is no longer offered for new sessions."),
    _lazy("TUK active again."),
)
ASSESSOR_SWITCH = Switch(
    "assessor_active",
    _lazy("Retire this assessor"),
    _lazy("Make this assessor active again"),
    _lazy("Active: offered for new assignments."),
    _lazy("Retired: not offered for new assignments."),
    _lazy("Assessor retired: no new assessees will be assigned to them."),
    _lazy("Assessor active again."),
)
SCHEME_SWITCH = Switch(
    "scheme_active",
    _lazy("Close this scheme to new applications"),
    _lazy("Open this scheme for applications"),
    _lazy("Open for applications."),
    _lazy("Closed: no new applications; those in progress continue."),
    _lazy("Scheme closed to new applications."),
    _lazy("Scheme open for applications."),
)

tuk_active = _active_view(
    TUK_SWITCH,
    selectors.tuks_manageable_by,
    lambda actor, found, active: services.tuk_set_active(actor=actor, tuk=found, is_active=active),
)
assessor_active = _active_view(
    ASSESSOR_SWITCH,
    selectors.assessors_manageable_by,
    lambda actor, found, active: services.assessor_set_active(actor=actor, assessor=found, is_active=active),
)
scheme_active = _active_view(
    SCHEME_SWITCH,
    selectors.schemes_manageable_by,
    lambda actor, found, active: services.scheme_set_active(actor=actor, scheme=found, is_active=active),
)


@login_required
@require_http_methods(["GET", "POST"])
def tuk_edit(request, pk: int):
    found = get_object_or_404(selectors.tuks_manageable_by(request.user), pk=pk)
    form = TukForm(
        request.POST or None,
        initial={"name": found.name, "region": found.region_id, "address": found.address},
    )
    return _edit_page(
        request,
        found,
        form,
        lambda data: services.tuk_update(actor=request.user, tuk=found, **data),
        _("TUK: %(name)s") % {"name": found.name},
        switch=TUK_SWITCH.for_page(found),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessor_edit(request, pk: int):
    found = get_object_or_404(selectors.assessors_manageable_by(request.user), pk=pk)
    form = AssessorEditForm(
        request.POST or None,
        schemes=selectors.schemes_manageable_by(request.user).filter(lsp_id=found.lsp_id),
        initial={
            "met_number": found.met_number,
            "schemes": list(found.schemes.all()),
            "max_load": found.max_load,
        },
    )
    return _edit_page(
        request,
        found,
        form,
        lambda data: services.assessor_update(
            actor=request.user,
            assessor=found,
            met_number=data["met_number"],
            schemes=list(data["schemes"]),
            max_load=data["max_load"],
        ),
        _("Assessor: %(name)s") % {"name": found.person.display_name},
        switch=ASSESSOR_SWITCH.for_page(found),
    )


@login_required
@require_http_methods(["GET", "POST"])
def scheme_edit(request, pk: int):
    found = get_object_or_404(selectors.schemes_manageable_by(request.user), pk=pk)
    form = SchemeEditForm(request.POST or None, initial=SchemeEditForm.initial_for(found))
    return _edit_page(
        request,
        found,
        form,
        lambda data: services.scheme_update(actor=request.user, scheme=found, **data),
        _("Scheme: %(title)s") % {"title": found.title},
        switch=SCHEME_SWITCH.for_page(found),
    )


RULE_FIELDS = list(RuleForm.base_fields)


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request, pk: int):
    found = get_object_or_404(selectors.rules_manageable_by(request.user), pk=pk)
    form = RuleForm(request.POST or None, initial={name: getattr(found, name) for name in RULE_FIELDS})
    return _edit_page(
        request,
        found,
        form,
        lambda data: services.rule_save(actor=request.user, scheme=found.scheme, rule=found, **data),
        _("Eligibility rule of %(scheme)s") % {"scheme": found.scheme.title},
        remove_url=reverse("certification:rule_remove", args=[found.pk]),
    )


@login_required
@require_POST
def rule_remove(request, pk: int):
    found = get_object_or_404(selectors.rules_manageable_by(request.user), pk=pk)
    try:
        services.rule_remove(actor=request.user, rule=found)
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(request, _("Eligibility rule removed."))
    return redirect("certification:reference")


@login_required
@require_http_methods(["GET", "POST"])
def standard_edit(request, pk: int):
    found = get_object_or_404(selectors.standards_manageable_by(request.user), pk=pk)
    form = StandardForm(
        request.POST or None, initial={"code": found.code, "title": found.title, "version": found.version}
    )
    return _edit_page(
        request,
        found,
        form,
        lambda data: services.standard_update(actor=request.user, standard=found, **data),
        _("SKKNI standard: %(standard)s") % {"standard": found},
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk: int):
    found = get_object_or_404(selectors.units_manageable_by(request.user).select_related("standard"), pk=pk)
    form = UnitForm(
        request.POST or None,
        initial={
            "standard": found.standard_id,
            "code": found.code,
            "title": found.title,
            "elements": elements_as_text(found),
        },
    )
    return _edit_page(
        request,
        found,
        form,
        lambda data: services.unit_update(actor=request.user, unit=found, **data),
        _("Competency unit: %(code)s") % {"code": found.code},
    )
