from django.shortcuts import get_object_or_404, render

from simpul.core.pagination import paginate, querystring_without_page

from .. import selectors
from ..models import Scheme


def index(request):
    return render(request, "certification/index.html", {"schemes": selectors.open_schemes()})


def register(request):
    q = request.GET.get("q", "")[:100]
    scheme_id = request.GET.get("scheme") or None
    if scheme_id and not str(scheme_id).isdigit():
        scheme_id = None
    page = paginate(request, selectors.register_search(q, int(scheme_id) if scheme_id else None), per_page=25)
    return render(
        request,
        "certification/register.html",
        {
            "page_obj": page,
            "q": q,
            "scheme_id": scheme_id,
            "schemes": selectors.open_schemes(),
            "query": querystring_without_page(request),
        },
    )


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
