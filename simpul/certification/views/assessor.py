"""The assessor's workspace: only the assessees assigned to them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simpul.core.pagination import paginate

from .. import selectors, services
from ..forms import UnitResultForm
from ..models import Status, Unit
from ._common import error_message, require_assessor


@login_required
def assess_list(request):
    require_assessor(request.user)
    rows = (
        selectors.applications_assigned_to(request.user)
        .select_related("scheme", "session__event")
        .order_by("-session__event__starts_at", "name_on_diploma")
    )
    return render(
        request, "certification/assess/list.html", {"page_obj": paginate(request, rows, per_page=50)}
    )


@login_required
def assess_application(request, pk: int):
    found = selectors.application_assigned_or_404(request.user, pk)
    results = {r.unit_id: r for r in found.results.all()}
    rows = []
    for unit in found.scheme.ordered_units():
        result = results.get(unit.pk)
        initial = (
            {
                "methods": result.methods,
                "recommendation": result.recommendation,
                "notes": result.notes,
                "feedback": result.feedback,
            }
            if result
            else None
        )
        rows.append((unit, result, UnitResultForm(initial=initial, prefix=f"u{unit.pk}")))
    editable = found.status == Status.SCHEDULED and found.consent_at is not None
    return render(
        request,
        "certification/assess/application.html",
        {
            "application": found,
            "rows": rows,
            "editable": editable,
            "self": found.self_assessments.select_related("element"),
        },
    )


@login_required
@require_POST
def assess_unit(request, pk: int, unit_pk: int):
    found = selectors.application_assigned_or_404(request.user, pk)
    unit = get_object_or_404(Unit, pk=unit_pk)
    form = UnitResultForm(request.POST, prefix=f"u{unit.pk}")
    if not form.is_valid():
        messages.error(request, _("%(unit)s: choose at least one method and K or BK.") % {"unit": unit.code})
    else:
        try:
            services.unit_result_save(actor=request.user, application=found, unit=unit, **form.cleaned_data)
        except ValidationError as error:
            error_message(request, error)
        else:
            messages.success(request, _("%(unit)s saved.") % {"unit": unit.code})
    return redirect("certification:assess_application", pk=found.pk)


@login_required
@require_POST
def assess_complete(request, pk: int):
    found = selectors.application_assigned_or_404(request.user, pk)
    try:
        services.assessment_complete(actor=request.user, application=found)
    except ValidationError as error:
        error_message(request, error)
    else:
        messages.success(request, _("Assessment sent to the LSP for its decision."))
    return redirect("certification:assess_application", pk=found.pk)
