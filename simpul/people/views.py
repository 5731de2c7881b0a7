"""A person's own profile. Every lookup is scoped to request.user: another person's rows are 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services, usercache
from .forms import EducationForm, PersonForm


def _errors_to_form(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@login_required
def profile(request):
    person = selectors.person_of(request.user)
    education, employment = usercache.history(
        person.pk,
        lambda: (
            list(person.education.all()),
            # Only what the table shows: the organisation row is wide.
            list(
                person.employment.select_related("organisation").only(
                    "person_id",
                    "position",
                    "organisation_name",
                    "start_date",
                    "end_date",
                    "organisation__name",
                    "organisation__slug",
                )
            ),
        ),
    )
    # The roles in force come from the menu's context processor (`my_roles`): read only when the
    # user holds one.
    context = {"person": person, "education": education, "employment": employment}
    return render(request, "people/profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    person = selectors.person_of(request.user)
    form = PersonForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.service_kwargs())
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("people:profile")
    return render(request, "people/profile_edit.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def education_add(request):
    person = selectors.person_of(request.user)
    form = EducationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.education_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            messages.success(request, _("The education entry was added."))
            return redirect("people:profile")
    return render(request, "people/education_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def education_edit(request, pk: int):
    education = selectors.education_of_user_or_404(request.user, pk)
    # `initial`, not `instance`: the form must not change the row before the service sees it.
    form = EducationForm(
        request.POST or None, initial=model_to_dict(education, fields=EducationForm._meta.fields)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.education_update(actor=request.user, education=education, **form.cleaned_data)
        except ValidationError as e:
            _errors_to_form(form, e)
        else:
            messages.success(request, _("The education entry was saved."))
            return redirect("people:profile")
    return render(request, "people/education_form.html", {"form": form, "education": education})


@login_required
@require_POST
def education_remove(request, pk: int):
    education = selectors.education_of_user_or_404(request.user, pk)
    services.education_remove(actor=request.user, education=education)
    messages.success(request, _("The education entry was removed."))
    return redirect("people:profile")
