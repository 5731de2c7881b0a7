"""Public pages (associations and chapters with boards and member counts) and a member's own pages."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from simpul.core.pagination import paginate
from simpul.organisations.models import Kind
from simpul.people.selectors import person_of

from .. import selectors, services
from ..forms import ApplyForm, DuesForm
from ..permissions import can_manage_chapter
from ._common import errors_to_form, private_file_response


@require_GET
def association_list(request):
    rows = [(a, selectors.member_counts(a)) for a in selectors.associations()]
    return render(request, "associations/list.html", {"rows": rows})


@require_GET
def organisation_page(request, slug: str):
    """An association's or a chapter's public page: its board now and before, its chapters, its counts."""
    organisation = selectors.association_or_chapter_or_404(slug)
    association = selectors.association_of(organisation)
    current, past = selectors.current_and_past_boards(organisation)
    context = {
        "organisation": organisation,
        "association": association,
        "counts": selectors.member_counts(organisation),
        "current_board": current,
        "past_boards": past,
        "chapters": paginate(request, selectors.sub_chapters(organisation), per_page=50),
        "member_types": selectors.member_types(association),
        "may_manage": can_manage_chapter(request.user, organisation),
    }
    return render(request, "associations/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, slug: str):
    organisation = selectors.association_or_chapter_or_404(slug)
    association = selectors.association_of(organisation)
    chapters = selectors.chapters_to_join(association)
    form = ApplyForm(
        request.POST or None,
        request.FILES or None,
        chapters=chapters,
        member_types=selectors.member_types(association, applicable=True),
        initial={"chapter": organisation if organisation.kind == Kind.CHAPTER else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_apply(
                actor=request.user,
                person=person_of(request.user),
                chapter=form.cleaned_data["chapter"],
                member_type=form.cleaned_data["member_type"],
                statement=form.cleaned_data["statement"],
                documents=form.documents(),
            )
        except ValidationError as error:
            if hasattr(error, "message_dict") and "documents" in error.message_dict:
                form.add_error("photo", error.message_dict["documents"])
            else:
                errors_to_form(form, error)
        else:
            messages.success(
                request, _("Your application was sent. The chapter's officers will decide on it.")
            )
            return redirect("associations:me")
    return render(request, "associations/apply.html", {"form": form, "association": association})


@login_required
@require_GET
def my_memberships(request):
    return render(request, "associations/me.html", {"memberships": selectors.memberships_of(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def my_dues(request, pk: int):
    membership = selectors.membership_of_user_or_404(request.user, pk)
    form = DuesForm(request.POST or None, request.FILES or None, require_proof=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.dues_submit(actor=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Your payment was recorded; an officer will confirm it."))
            return redirect("associations:me")
    return render(request, "associations/dues_form.html", {"form": form, "membership": membership})


@login_required
@require_GET
def dues_proof(request, pk: int):
    payment = selectors.dues_for_user_or_404(request.user, pk)
    if not payment.proof:
        raise Http404
    content_type = mimetypes.guess_type(payment.proof.name)[0] or "application/octet-stream"
    return private_file_response(payment.proof, content_type, f"proof-{payment.pk}{payment.proof.name[-4:]}")


@login_required
@require_GET
def document(request, pk: int):
    found = selectors.document_for_user_or_404(request.user, pk)
    return private_file_response(found.file, found.content_type, f"document-{found.pk}{found.file.name[-4:]}")
