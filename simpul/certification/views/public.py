from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from simpul.core.pagination import BoundedPaginator

from .. import display, selectors
from ..answers import REGISTER, register_key
from ..models import Scheme

PER_PAGE = 25


def index(request):
    return render(request, "certification/index.html", {"schemes": selectors.open_schemes()})


@require_safe
def register(request):
    """The public register. Its search form and rows are the same for everyone, so they are cached until a
    certificate or scheme changes, and for the day (`answers.REGISTER`)."""
    q = request.GET.get("q", "")[:100]
    scheme_id = request.GET.get("scheme", "")[:12]
    if not scheme_id.isdigit():
        scheme_id = ""
    page = request.GET.get("page", "")[:8]
    if not page.isdigit():
        page = ""
    cache_key = register_key("page", q, scheme_id, page)
    body = REGISTER.answer(cache_key, lambda: _register_body(q, scheme_id, page))
    return render(request, "certification/register.html", {"body": body})


def _register_body(q: str, scheme_id: str, page: str) -> str:
    """The search form and one page of rows with the links to the other pages, as HTML."""
    scheme = int(scheme_id) if scheme_id else None
    number = int(page or 1)
    found = selectors.register_page(q, scheme, offset=(max(number, 1) - 1) * PER_PAGE, limit=PER_PAGE)
    pages = BoundedPaginator((), PER_PAGE, counted=(found.count, found.capped)).get_page(number)
    if pages.number != number:  # out of range: the last page, as `paginate_page` answers
        found = selectors.register_page(q, scheme, offset=(pages.number - 1) * PER_PAGE, limit=PER_PAGE)
    context = {
        "page_obj": pages,
        "rows": display.register_rows(found.rows),
        "q": q,
        "scheme_id": scheme_id,
        "schemes": selectors.register_schemes(),
        "query": urlencode({k: v for k, v in (("q", q), ("scheme", scheme_id)) if v}),
    }
    return render_to_string("certification/_register_body.html", context)


def scheme(request, pk: int):
    found = get_object_or_404(Scheme.objects.select_related("lsp"), pk=pk)
    units = found.ordered_units()
    return render(
        request,
        "certification/scheme.html",
        {
            "scheme": found,
            "units": [(u, list(u.elements.all())) for u in units],
            "rules": found.rules.all(),
            "documents": found.required_documents.all(),
        },
    )
