"""The officers' workspace: every lookup through a scoped selector (another chapter's member is a 404)."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simpul.core.pagination import paginate, querystring_without_page

from .. import cards, display, selectors, services
from ..answers import MEMBERS
from ..exports import members_xlsx
from ..forms import (
    AnnouncementForm,
    BoardPositionForm,
    BoardTermForm,
    DuesForm,
    HonoraryForm,
    ImportForm,
    MemberFilter,
    ReasonForm,
    StatusForm,
    TransferForm,
)
from ..models import BoardTerm, DuesPayment, Membership
from ..permissions import can_manage_association, is_officer, officer_scope
from ._common import errors_to_form


def _officer_only(request):
    if not is_officer(request.user):
        raise PermissionDenied


def _chapter_in_scope_or_404(request, slug: str):
    return get_object_or_404(selectors.chapters_manageable_by(request.user), slug=slug)


@login_required
@require_GET
def home(request):
    _officer_only(request)
    chapters = (
        selectors.chapters_manageable_by(request.user).filter(depth__lte=1).order_by("depth", "name")[:50]
    )
    rows = [(c, selectors.member_counts(c)) for c in chapters]
    context = {
        "rows": rows,
        "pending": selectors.application_queue(request.user).count(),
        "dues_waiting": selectors.dues_awaiting_confirmation(request.user).count(),
    }
    return render(request, "associations/manage/home.html", context)


def _member_filter(request):
    """The member_search filters and, when a typed chapter name is ambiguous, the chapters it may
    mean. A chapter id (`chapter`, from a link or the hidden field) holds while the typed name is
    absent or still that chapter's name; a chapter the officer does not look after drops every
    filter (`MemberFilter`)."""
    cleaned = MemberFilter.clean(request.GET)
    if cleaned and cleaned["chapter"] is not None:
        cleaned["chapter"] = selectors.manageable_chapter(request.user, cleaned["chapter"])
        if cleaned["chapter"] is None:
            cleaned = None
    filters = {k: cleaned[k] for k in ("q", "chapter", "status") if cleaned[k]} if cleaned else {}
    chapter = filters.get("chapter")
    typed = cleaned["chapter_q"] if cleaned else ""
    suggestions = []
    if "chapter_q" in request.GET and (chapter is None or chapter.name != typed):
        filters.pop("chapter", None)
        if typed:
            found = list(selectors.chapter_search(request.user, typed))
            exact = [c for c in found if c.name.lower() == typed.lower()]
            if len(found) == 1 or len(exact) == 1:
                filters["chapter"] = exact[0] if exact else found[0]
            else:
                suggestions = found
    return filters, suggestions


def _filter_values(request, filters) -> dict:
    """What the filter inputs show: as typed, with the chapter in use (its name and its id)."""
    chapter = filters.get("chapter")
    return {
        "q": request.GET.get("q", ""),
        "chapter_q": chapter.name if chapter else request.GET.get("chapter_q", ""),
        "chapter": chapter.pk if chapter else "",
        "status": request.GET.get("status", ""),
    }


def _chapter_link(request, chapter) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params["chapter"] = chapter.pk
    params["chapter_q"] = chapter.name
    return params.urlencode()


MEMBERS_PER_PAGE = 25
MEMBERS_MAX_PAGE = 400  # 10,000 rows deep; past that, a search or a filter finds faster than paging


@dataclass
class MemberPage:
    """One page of the member list with a count that may be bounded (never a COUNT over 120,000)."""

    rows: str  # the table rows as HTML (display.member_rows)
    number: int
    total: int
    total_is_exact: bool
    has_next: bool

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // MEMBERS_PER_PAGE))

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _member_page(request, listing) -> MemberPage:
    try:
        number = int(request.GET.get("page") or 1)
    except ValueError:
        number = 1
    pages = -(-listing.total // MEMBERS_PER_PAGE) if listing.exact else MEMBERS_MAX_PAGE
    last = min(pages, MEMBERS_MAX_PAGE)
    number = max(1, min(number, last or 1))
    start = (number - 1) * MEMBERS_PER_PAGE
    rows = listing.rows(start, start + MEMBERS_PER_PAGE + 1)
    return MemberPage(
        rows=display.member_rows(rows[:MEMBERS_PER_PAGE]),
        number=number,
        total=listing.total,
        total_is_exact=listing.exact,
        has_next=len(rows) > MEMBERS_PER_PAGE and number < MEMBERS_MAX_PAGE,
    )


MEMBERS_CACHED_QUERY = 300  # longer query strings (no form makes them) are answered live, not kept


def _member_list_content(request, *, partial: bool) -> SafeString:
    """The list without the layout (or, for htmx, what the filter swaps in), drawn for the officer's
    scope: the same for every officer who holds it (answers.py). Rendered without the request:
    nothing in it is the viewer's own."""
    filters, suggestions = _member_filter(request)
    listing = selectors.member_list(request.user, **filters)
    query = querystring_without_page(request)
    rows = display.member_list_block(
        _member_page(request, listing), [(c, _chapter_link(request, c)) for c in suggestions], query
    )
    if partial:
        return rows
    context = {
        "LANGUAGE_CODE": translation.get_language(),
        "labels": MemberFilter.labels,
        "values": _filter_values(request, filters),
        "status_options": display.status_options(request.GET.get("status", "")),
        "rows": rows,
        "query": query,
    }
    return SafeString(get_template("associations/manage/_members_content.html").render(context))


@login_required
@require_GET
def member_list(request):
    scope = officer_scope(request.user)
    if scope.is_empty:
        raise PermissionDenied
    partial = bool(getattr(request, "htmx", False))
    query = request.META.get("QUERY_STRING", "")
    key = None
    if MEMBERS.enabled() and len(query) <= MEMBERS_CACHED_QUERY:
        key = MEMBERS.key(scope, partial, query)
    content = MEMBERS.answer(key, lambda: _member_list_content(request, partial=partial))
    if partial:
        return HttpResponse(content)
    return render(request, "associations/manage/members.html", {"content": content})


@login_required
@require_GET
def member_export(request):
    _officer_only(request)
    filters, _suggestions = _member_filter(request)
    memberships = selectors.member_search(request.user, **filters)
    response = HttpResponse(
        members_xlsx(memberships),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="members-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@login_required
@require_GET
def member_detail(request, pk: int):
    membership = selectors.membership_for_officer_or_404(request.user, pk)
    chapters = selectors.chapters_manageable_by(request.user).filter(
        path__startswith=membership.association.path
    )
    context = {
        "membership": membership,
        "events": membership.events.select_related("actor", "from_chapter", "to_chapter")[:50],
        "documents": membership.documents.all(),
        "dues": membership.dues.select_related("confirmed_by"),
        "reject_form": ReasonForm(),
        "status_form": StatusForm(),
        "transfer_form": TransferForm(chapters=chapters.order_by("name")),
        "dues_form": DuesForm(),
    }
    return render(request, "associations/manage/member.html", context)


def _act(request, pk, action, success: str):
    membership = selectors.membership_for_officer_or_404(request.user, pk)
    try:
        action(membership)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("associations:member", pk=membership.pk)


@login_required
@require_POST
def member_approve(request, pk: int):
    return _act(
        request,
        pk,
        lambda m: services.membership_approve(actor=request.user, membership=m),
        _("Approved: the member has a number and a card."),
    )


@login_required
@require_POST
def member_reject(request, pk: int):
    reason = request.POST.get("reason", "")
    return _act(
        request,
        pk,
        lambda m: services.membership_reject(actor=request.user, membership=m, reason=reason),
        _("The application was rejected."),
    )


@login_required
@require_POST
def member_status(request, pk: int):
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status and give a reason."))
        return redirect("associations:member", pk=pk)
    data = form.cleaned_data
    return _act(
        request,
        pk,
        lambda m: services.membership_change_status(
            actor=request.user, membership=m, status=data["status"], reason=data["reason"]
        ),
        _("The status was changed."),
    )


@login_required
@require_POST
def member_transfer(request, pk: int):
    membership = selectors.membership_for_officer_or_404(request.user, pk)
    chapters = selectors.chapters_manageable_by(request.user)
    form = TransferForm(request.POST, chapters=chapters)
    if not form.is_valid():
        messages.error(request, _("Choose a chapter you look after and give a reason."))
        return redirect("associations:member", pk=membership.pk)
    return _act(
        request,
        pk,
        lambda m: services.membership_transfer(
            actor=request.user,
            membership=m,
            to_chapter=form.cleaned_data["to_chapter"],
            reason=form.cleaned_data["reason"],
        ),
        _("The member was transferred."),
    )


@login_required
@require_POST
def member_dues(request, pk: int):
    """An officer records a payment for a member (confirmed at once: the officer saw the money)."""
    membership = selectors.membership_for_officer_or_404(request.user, pk)
    form = DuesForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("associations:member", pk=membership.pk)

    def record(m):
        payment = services.dues_submit(actor=request.user, membership=m, **form.cleaned_data)
        services.dues_confirm(actor=request.user, payment=payment)

    return _act(request, pk, record, _("The payment was recorded and confirmed."))


@login_required
@require_GET
def applications(request):
    _officer_only(request)
    return render(
        request,
        "associations/manage/applications.html",
        {"page_obj": paginate(request, selectors.application_queue(request.user))},
    )


@login_required
@require_GET
def dues(request):
    _officer_only(request)
    year = timezone.localdate().year
    context = {
        "waiting": selectors.dues_awaiting_confirmation(request.user)[:200],
        "owing": paginate(request, selectors.members_owing(request.user, year)),
        "year": year,
    }
    return render(request, "associations/manage/dues.html", context)


def _payment_or_404(request, pk):
    return get_object_or_404(
        DuesPayment.objects.filter(
            membership__in=selectors.memberships_manageable_by(request.user).values("pk")
        ),
        pk=pk,
    )


@login_required
@require_POST
def dues_confirm(request, pk: int):
    services.dues_confirm(actor=request.user, payment=_payment_or_404(request, pk))
    messages.success(request, _("The payment was confirmed."))
    return redirect("associations:dues")


@login_required
@require_POST
def dues_reject(request, pk: int):
    try:
        services.dues_reject(
            actor=request.user, payment=_payment_or_404(request, pk), note=request.POST.get("note", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The payment was not accepted."))
    return redirect("associations:dues")


@login_required
@require_http_methods(["GET", "POST"])
def member_import(request):
    _officer_only(request)
    chapters = selectors.chapters_manageable_by(request.user).order_by("name")
    form = ImportForm(request.POST or None, request.FILES or None, chapters=chapters)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.read_rows(form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            default = form.cleaned_data.get("default_chapter")
            association = selectors.association_of(default or chapters.first())
            in_association = [c for c in chapters if c.path.startswith(association.path)]
            report = services.members_import(
                actor=request.user,
                association=association,
                chapters=in_association,
                default_chapter=default,
                rows=rows,
                dry_run=form.cleaned_data["dry_run"],
            )
    return render(request, "associations/manage/import.html", {"form": form, "report": report})


@login_required
@require_http_methods(["GET", "POST"])
def announcements(request):
    _officer_only(request)
    form = AnnouncementForm(
        request.POST or None,
        chapters=selectors.chapters_manageable_by(request.user).order_by("depth", "name"),
    )
    if request.method == "POST" and form.is_valid():
        announcement = services.announcement_send(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The announcement is being sent."))
        return redirect("associations:announcement", pk=announcement.pk)
    context = {"form": form, "page_obj": paginate(request, selectors.announcements_visible_to(request.user))}
    return render(request, "associations/manage/announcements.html", context)


@login_required
@require_GET
def announcement_detail(request, pk: int):
    announcement = selectors.announcement_for_user_or_404(request.user, pk)
    log = announcement.deliveries.select_related("membership__person")
    return render(
        request,
        "associations/manage/announcement.html",
        {"announcement": announcement, "page_obj": paginate(request, log, per_page=100)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def boards(request, slug: str):
    organisation = _chapter_in_scope_or_404(request, slug)
    form = BoardTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.board_term_create(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The board term was added; now add its positions."))
            return redirect("associations:board", pk=term.pk)
    return render(
        request,
        "associations/manage/boards.html",
        {"organisation": organisation, "form": form, "terms": selectors.boards(organisation)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def board(request, pk: int):
    term = get_object_or_404(
        BoardTerm.objects.filter(
            organisation__in=selectors.chapters_manageable_by(request.user).values("pk")
        ).select_related("organisation"),
        pk=pk,
    )
    form = BoardPositionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_find_or_create(
                actor=request.user,
                email=data["email"],
                full_name=data["full_name"],
                title_prefix=data["title_prefix"],
                title_suffix=data["title_suffix"],
            )
            services.board_position_add(
                actor=request.user,
                term=term,
                person=person,
                position=data["position"],
                division=data["division"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The position was added."))
            return redirect("associations:board", pk=term.pk)
    positions = term.positions.select_related("person")
    return render(
        request, "associations/manage/board.html", {"term": term, "form": form, "positions": positions}
    )


@login_required
@require_http_methods(["GET", "POST"])
def honorary(request, slug: str):
    association = _chapter_in_scope_or_404(request, slug)
    if not can_manage_association(request.user, association) or association.kind != "association":
        raise Http404
    form = HonoraryForm(
        request.POST or None,
        chapters=selectors.chapters_to_join(association),
        member_types=selectors.member_types(association).filter(by_decision_only=True),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_find_or_create(
                actor=request.user,
                email=data["email"],
                full_name=data["full_name"],
                title_prefix=data["title_prefix"],
                title_suffix=data["title_suffix"],
            )
            membership = services.membership_grant_honorary(
                actor=request.user,
                person=person,
                chapter=data["chapter"],
                member_type=data["member_type"],
                decision=data["decision"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Honorary membership was granted."))
            return redirect("associations:member", pk=membership.pk)
    return render(request, "associations/manage/honorary.html", {"association": association, "form": form})


@login_required
@require_POST
def cards_batch(request, slug: str):
    """All live cards of a chapter (and those under it) rendered into one ZIP in the background."""
    organisation = _chapter_in_scope_or_404(request, slug)
    live = Membership.objects.members().filter(
        chapter__path__startswith=organisation.path, card__isnull=False, card__revoked_at__isnull=True
    )
    batch = cards.batch_render(
        actor=request.user,
        issuer=organisation,
        label=_("Cards of %(chapter)s") % {"chapter": organisation.name},
        cards=list(live.values_list("card_id", flat=True)),
    )
    return redirect("credentials:batch", pk=batch.pk)
