"""Pages for organisations, a person's employment, roles and the audit trail. Lookups go through selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simpul.core.pagination import paginate, querystring_without_page
from simpul.people.selectors import person_of

from . import selectors, services
from .forms import AuditFilterForm, EmploymentForm, OrganisationFilterForm, RoleGrantForm
from .permissions import can_manage_roles, grantable_roles, is_site_admin


def _errors_to_form(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@require_GET
def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    organisations = selectors.organisation_search(request.user, **form.filters())
    context = {
        "form": form,
        "page_obj": paginate(request, organisations),
        "query": querystring_without_page(request),
    }
    return render(request, "organisations/list.html", context)


@require_GET
def organisation_detail(request, slug: str):
    organisation = selectors.organisation_for_user_or_404(request.user, slug)
    context = {
        "organisation": organisation,
        "ancestors": organisation.region.ancestors() if organisation.region_id else [],
        "children": paginate(
            request, selectors.organisation_children(request.user, organisation), per_page=50
        ),
    }
    return render(request, "organisations/detail.html", context)


@require_GET
def organisation_suggestions(request):
    """Options for the organisation field's <datalist> (htmx)."""
    text = request.GET.get(request.GET.get("field", "q"), "").strip()
    organisations = selectors.organisation_search(request.user, q=text)[:10] if len(text) >= 2 else []
    return render(request, "organisations/_options.html", {"organisations": organisations})


@login_required
@require_http_methods(["GET", "POST"])
def employment_add(request):
    person = person_of(request.user)
    form = EmploymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            messages.success(request, _("The employment entry was added."))
            return redirect("people:profile")
    return render(request, "organisations/employment_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def employment_edit(request, pk: int):
    employment = selectors.employment_of_user_or_404(request.user, pk)
    initial = {
        "organisation": employment.organisation,
        "organisation_name": employment.organisation_name,
        "position": employment.position,
        "start_date": employment.start_date,
        "end_date": employment.end_date,
    }
    form = EmploymentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_update(actor=request.user, employment=employment, **form.cleaned_data)
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            messages.success(request, _("The employment entry was saved."))
            return redirect("people:profile")
    return render(request, "organisations/employment_form.html", {"form": form, "employment": employment})


@login_required
@require_POST
def employment_remove(request, pk: int):
    employment = selectors.employment_of_user_or_404(request.user, pk)
    services.employment_remove(actor=request.user, employment=employment)
    messages.success(request, _("The employment entry was removed."))
    return redirect("people:profile")


@login_required
@require_http_methods(["GET", "POST"])
def role_list(request):
    """Who holds which role in the user's scope, and a form to grant one."""
    if not can_manage_roles(request.user):
        raise PermissionDenied
    form = RoleGrantForm(request.POST or None, user=request.user, roles=grantable_roles(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.role_grant(
                actor=request.user,
                person=form.person,
                role=data["role"],
                organisation=data.get("organisation"),
                region=data.get("region"),
            )
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            messages.success(request, _("The role was granted."))
            return redirect("organisations:roles")
    assignments = selectors.role_assignments_manageable_by(request.user).order_by(
        "role", "person__full_name", "id"
    )
    context = {"form": form, "page_obj": paginate(request, assignments, per_page=50)}
    return render(request, "organisations/roles.html", context)


@login_required
@require_POST
def role_revoke(request, pk: int):
    assignment = selectors.role_assignment_for_user_or_404(request.user, pk)
    services.role_revoke(actor=request.user, assignment=assignment)
    messages.success(request, _("The role was revoked."))
    return redirect("organisations:roles")


@require_GET
def audit_list(request):
    """The audit trail, for site administrators only; for anyone else the page does not exist."""
    if not is_site_admin(request.user):
        raise Http404
    form = AuditFilterForm(
        request.GET or None, actions=selectors.audit_actions(), object_types=selectors.audit_object_types()
    )
    entries = selectors.audit_entries(**form.filters())
    context = {
        "form": form,
        "page_obj": paginate(request, entries, per_page=50),
        "query": querystring_without_page(request),
    }
    return render(request, "organisations/audit.html", context)
