"""Pages of the repository. Every item, file and citation is looked up through `items_visible_to`."""

import functools
from html import escape
from urllib.parse import quote_plus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simpul.core.pagination import paginate, querystring_without_page

from . import answers, citations, display, oai, permissions, selectors, services
from .forms import FileForm, ItemForm, NoteForm, SearchForm, WithdrawForm
from .models import Collection, Status
from .uploads import INLINE_TYPES


def _site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            field = "event_slug" if field == "event" else field
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


PER_PAGE = 20


MAX_PAGE = 1_000_000  # past any real page (and within the databases' integers): the last page is shown


def _page_number(request) -> int:
    try:
        return min(max(1, int(request.GET.get("page") or 1)), MAX_PAGE)
    except ValueError:
        return 1


# --- Search ------------------------------------------------------------------------------------
def _results_html(request, f: selectors.SearchFilter) -> str:
    """The results part of the search page: facets, the page of items, their snippets, the pager
    (drawn in Python: `display.results_section`)."""

    def visible():
        return permissions.items_visible_to(request.user)

    reader = permissions.search_reader(request.user)
    public = not request.user.is_authenticated
    number = _page_number(request)
    results = selectors.search_results(
        visible, reader, f, offset=(number - 1) * PER_PAGE, limit=PER_PAGE, public=public
    )
    last = max(1, -(-results.total // PER_PAGE))
    if number > last:  # past the end (an old link): the last page, as the paginator would
        number = last
        results = selectors.search_results(
            visible, reader, f, offset=(number - 1) * PER_PAGE, limit=PER_PAGE, public=public
        )
    page = Paginator(range(results.total), PER_PAGE).page(number)
    items = page.object_list = selectors.result_page(reader, results.ids, f.q)
    facets = results.facets
    params = f.as_params()
    facet_groups = []
    for name, values in facets.items():
        # A value's link sets this facet to it where the query has it (or at the end), and the chosen
        # value's link removes it: the query around it is encoded once per facet, not once per value.
        keys = list(params)
        at = keys.index(name) if name in keys else len(keys)
        before = urlencode({k: params[k] for k in keys[:at]})
        after = urlencode({k: params[k] for k in keys[at + 1 :]})
        without = "&".join(part for part in (before, after) if part)
        entries = []
        for v in values:
            if v.selected:
                entries.append((v, without))
            else:
                middle = f"{name}={quote_plus(v.value)}"  # as urlencode writes it
                entries.append((v, "&".join(part for part in (before, middle, after) if part)))
        facet_groups.append((name, selectors.FACET_LABEL[name], entries))
    return display.results_section(
        page=page,
        bounded=results.bounded,
        items=items,
        facets_html=display.facet_lists(facet_groups),
        rows_html=display.result_rows(items),
        query=querystring_without_page(request),
    )


# Stand-ins in the kept search form, replaced by each request's words and filters.
WORDS_MARK = "@@simpul-search-words@@"
FILTERS_MARK = "@@simpul-search-filters@@"


@functools.lru_cache(maxsize=64)
def _search_form_text(language: str, script_prefix: str, sort: str, has_query: bool) -> str:
    """The search form rendered once per process for each language, order and Clear link, with
    stand-ins for the words and the filters (its two widgets through the template engine were a tenth
    of a search's Python)."""
    form = SearchForm(initial={"q": WORDS_MARK, "sort": sort})
    return render_to_string(
        "knowledge/_search_form.html", {"form": form, "hidden": FILTERS_MARK, "has_query": has_query}
    )


def _search_form(f: selectors.SearchFilter, *, has_query: bool) -> str:
    """The search form holding `f`'s words, order and filters (these as hidden fields); escaped."""
    text = _search_form_text(get_language(), get_script_prefix(), f.sort, has_query)
    hidden = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in f.filters.items()
    )
    return text.replace(WORDS_MARK, escape(f.q)).replace(FILTERS_MARK, hidden)


@require_GET
def index(request):
    """The search page. Anonymous answers (public items only) come from the shared search cache when
    the same question was answered since the last change of an item; signed-in people's are live."""
    f = selectors.SearchFilter.from_params(request.GET)

    def make() -> dict:
        return {
            "form": _search_form(f, has_query=bool(request.GET)),
            "results": _results_html(request, f),
        }

    cache_key = answers.key(request.user, "page", sorted(request.GET.lists()))
    parts = answers.SEARCH.answer(cache_key, make)
    if not isinstance(parts, dict):  # kept in another shape by another release: made again
        parts = make()
    # Both parts come from our own autoescaping templates.
    results_html = mark_safe(parts["results"])  # noqa: S308
    if getattr(request, "htmx", False):
        return HttpResponse(results_html)
    context = {
        "form_html": mark_safe(parts["form"]),  # noqa: S308
        "results_html": results_html,
        "can_deposit": permissions.can_deposit(request.user),
        "is_curator": permissions.is_curator(request.user),
    }
    return render(request, "knowledge/index.html", context)


# --- Items -------------------------------------------------------------------------------------
@require_GET
def item_detail(request, pk: int):
    visible = permissions.items_visible_to(request.user)
    try:
        item = selectors.item_for_page(visible, pk)
    except visible.model.DoesNotExist as error:
        raise Http404 from error
    if item.status == Status.WITHDRAWN and not permissions.can_curate(request.user, item):
        return render(request, "knowledge/tombstone.html", {"item": item}, status=410)
    context = {
        "item": item,
        "dc": selectors.dublin_core(item, base_url=_site_url(request)),
        "elements": selectors.elements_by_name(item),
        "can_edit": request.user.is_authenticated and permissions.can_edit(request.user, item),
        "can_curate": request.user.is_authenticated and permissions.can_curate(request.user, item),
        "is_depositor": request.user.is_authenticated and item.depositor_id == request.user.pk,
        "citable_url": request.build_absolute_uri(item.get_absolute_url()),
        "note_form": NoteForm(),
        "withdraw_form": WithdrawForm(),
        "oai_identifier": oai.oai_identifier(item.pk) if item.access == "public" else "",
    }
    return render(request, "knowledge/item.html", context)


@require_GET
def item_cite(request, pk: int, fmt: str):
    if fmt not in citations.FORMATS:
        raise Http404
    item = get_object_or_404(
        permissions.items_visible_to(request.user)
        .exclude(status=Status.WITHDRAWN)
        .select_related("collection__organisation")
        .prefetch_related("elements"),
        pk=pk,
    )
    content_type, extension = citations.FORMATS[fmt]
    body = citations.RENDER[fmt](item, request.build_absolute_uri(item.get_absolute_url()))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="simpul-{item.pk}.{extension}"'
    return response


@require_GET
def file_download(request, pk: int, file_id: int):
    item_file = get_object_or_404(permissions.files_visible_to(request.user), pk=file_id, item_id=pk)
    inline = item_file.content_type in INLINE_TYPES and request.GET.get("download") != "1"
    try:
        handle = item_file.file.open("rb")
    except FileNotFoundError as error:  # generated rows have text but no stored file
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=item_file.original_name,
        content_type=item_file.content_type if inline else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = (
        "private, no-store" if item_file.item.access != "public" else "public, max-age=3600"
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request):
    if not permissions.can_deposit(request.user):
        raise Http404
    collections = permissions.collections_open_to(request.user)
    form = ItemForm(request.POST or None, collections=collections)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(
                actor=request.user,
                collection=form.cleaned_data["collection"],
                data=form.item_data(),
                elements=form.elements(),
                holders=form.holders_list(),
                deposit_key=request.POST.get("deposit_key", "")[:40],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved as a draft. Add files, then send it for review."))
            return redirect(item.get_absolute_url())
    deposit_key = request.POST.get("deposit_key") or services.new_deposit_key()
    return render(request, "knowledge/item_form.html", {"form": form, "deposit_key": deposit_key})


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    item = get_object_or_404(
        permissions.items_visible_to(request.user).select_related("collection__organisation"), pk=pk
    )
    if not permissions.can_edit(request.user, item):
        raise Http404
    collections = permissions.collections_open_to(request.user) | Collection.objects.filter(
        pk=item.collection_id
    )
    form = ItemForm(request.POST or None, instance=item, collections=collections.distinct())
    if request.method == "POST" and form.is_valid():
        data = form.item_data()
        data["collection"] = form.cleaned_data["collection"]
        try:
            services.item_update(
                actor=request.user,
                item=item,
                data=data,
                elements=form.elements(),
                holders=form.holders_list(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Changes saved; the earlier version is kept."))
            return redirect(item.get_absolute_url())
    return render(request, "knowledge/item_form.html", {"form": form, "item": item})


@login_required
@require_http_methods(["GET", "POST"])
def file_add(request, pk: int):
    item = get_object_or_404(permissions.items_visible_to(request.user), pk=pk)
    if not permissions.can_edit(request.user, item):
        raise Http404
    form = FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_file_add(actor=request.user, item=item, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(request, _("File added."))
            return redirect(item.get_absolute_url())
    return render(request, "knowledge/file_form.html", {"form": form, "item": item})


def _step(request, pk: int, *, allowed, run, done: str):
    item = get_object_or_404(
        permissions.items_visible_to(request.user).select_related("collection__organisation"), pk=pk
    )
    if not allowed(request.user, item):
        raise Http404
    try:
        run(item)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(item.get_absolute_url())


def _is_depositor_or_curator(user, item) -> bool:
    return item.depositor_id == user.pk or permissions.can_curate(user, item)


@login_required
@require_POST
def item_submit(request, pk: int):
    return _step(
        request,
        pk,
        allowed=_is_depositor_or_curator,
        run=lambda item: services.item_submit(actor=request.user, item=item),
        done=_("Sent to the collection's curators for review."),
    )


@login_required
@require_POST
def item_publish(request, pk: int):
    return _step(
        request,
        pk,
        allowed=permissions.can_curate,
        run=lambda item: services.item_publish(
            actor=request.user, item=item, note=request.POST.get("note", "")
        ),
        done=_("Published."),
    )


@login_required
@require_POST
def item_request_changes(request, pk: int):
    return _step(
        request,
        pk,
        allowed=permissions.can_curate,
        run=lambda item: services.item_request_changes(
            actor=request.user, item=item, note=request.POST.get("note", "")
        ),
        done=_("Sent back to the depositor with your note."),
    )


@login_required
@require_POST
def item_withdraw(request, pk: int):
    return _step(
        request,
        pk,
        allowed=permissions.can_curate,
        run=lambda item: services.item_withdraw(
            actor=request.user, item=item, reason=request.POST.get("reason", "")
        ),
        done=_("Withdrawn: the item's page is now a tombstone."),
    )


@login_required
@require_GET
def item_versions(request, pk: int):
    item = get_object_or_404(
        permissions.items_visible_to(request.user).select_related("collection__organisation"), pk=pk
    )
    if not (item.depositor_id == request.user.pk or permissions.can_curate(request.user, item)):
        raise Http404
    versions = item.versions.select_related("created_by")[:100]
    return render(request, "knowledge/versions.html", {"item": item, "versions": versions})


@login_required
@require_GET
def review_queue(request):
    if not permissions.is_curator(request.user):
        raise Http404
    items = (
        permissions.items_managed_by(request.user)
        .filter(status=Status.SUBMITTED)
        .select_related("collection", "depositor")
        .order_by("updated_at", "id")
    )
    page = paginate(request, items, per_page=25)
    return render(
        request, "knowledge/review.html", {"page_obj": page, "query": querystring_without_page(request)}
    )


@login_required
@require_GET
def my_items(request):
    items = (
        permissions.items_visible_to(request.user).filter(depositor=request.user).select_related("collection")
    )
    page = paginate(request, items.order_by("-updated_at", "-id"), per_page=25)
    return render(
        request, "knowledge/mine.html", {"page_obj": page, "query": querystring_without_page(request)}
    )


# --- Collections -------------------------------------------------------------------------------
@require_GET
def collections(request):
    rows = permissions.collections_visible_to(request.user).select_related("organisation").order_by("name")
    page = paginate(request, rows, per_page=50)
    return render(
        request, "knowledge/collections.html", {"page_obj": page, "query": querystring_without_page(request)}
    )


@require_GET
def collection_detail(request, slug: str):
    collection = get_object_or_404(
        permissions.collections_visible_to(request.user).select_related("organisation"), slug=slug
    )
    items = (
        permissions.items_visible_to(request.user)
        .filter(collection=collection, status=Status.PUBLISHED)
        .select_related("region")
        .order_by("-year", "-id")
    )
    page = paginate(request, items, per_page=25)
    return render(
        request,
        "knowledge/collection.html",
        {
            "collection": collection,
            "page_obj": page,
            "query": querystring_without_page(request),
            "search_url": reverse("knowledge:index") + f"?collection={collection.pk}",
        },
    )


# --- OAI-PMH -----------------------------------------------------------------------------------
@csrf_exempt
@require_http_methods(["GET", "POST"])
def oai_pmh(request):
    """The OAI-PMH 2.0 base URL (GET, or POST with application/x-www-form-urlencoded)."""
    source = request.POST if request.method == "POST" else request.GET
    params = {key: source.getlist(key) for key in source}
    body = oai.handle(params, base_url=request.build_absolute_uri(request.path), site_url=_site_url(request))
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
