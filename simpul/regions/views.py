"""Region pages: browse the hierarchy, and find a code (the picker's results and its no-JS fallback)."""

import re

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from simpul.core.pagination import paginate, querystring_without_page

from . import selectors
from .models import Level

PICKER_RESULTS = 20
# The id of the picker that asked, echoed into the id of its live region: letters, digits, - and _.
_FIELD_ID = re.compile(r"^[A-Za-z][\w-]{0,99}$")
CHILDREN_HEADINGS = {
    None: _("Provinces"),
    Level.PROVINCE: _("Regencies and cities"),
    Level.REGENCY: _("Districts"),
    Level.DISTRICT: _("Villages"),
}


def _int_param(request, name: str, default: int, low: int = 1, high: int = 4) -> int:
    try:
        return min(high, max(low, int(request.GET.get(name, default))))
    except ValueError:
        return default


@require_GET
def browse(request):
    q = request.GET.get("q", "").strip()
    if q:
        results = paginate(request, selectors.regions_search(q), per_page=50)
        return render(
            request,
            "regions/search.html",
            {"q": q, "page_obj": results, "query": querystring_without_page(request)},
        )
    return render(request, "regions/browse.html", {"provinces": selectors.region_children_with_counts()})


@require_GET
def region_detail(request, code: str):
    region = selectors.region_get(code)
    if region is None:
        replacement = selectors.region_resolve_code(code)
        if replacement is None:
            raise Http404("No such region.")
        return redirect("regions:detail", code=replacement.code)
    children = selectors.region_children_with_counts(region.code) if region.level < Level.VILLAGE else None
    context = {
        "region": region,
        "ancestors": region.ancestors(),
        "postal_codes": selectors.region_postal_codes(region) if region.level >= Level.DISTRICT else [],
        "children_heading": CHILDREN_HEADINGS.get(region.level),
        "page_obj": paginate(request, children, per_page=50) if children is not None else None,
        "query": querystring_without_page(request),
    }
    return render(request, "regions/detail.html", context)


@require_GET
def pick(request):
    """Find a region code. A plain page walks down the hierarchy with a <select> (no JavaScript);
    for htmx (the picker's search box) only the list of result buttons is returned."""
    max_level = _int_param(request, "max_level", 4)
    region = selectors.region_get(request.GET.get("code", ""))
    q = request.GET.get("q", "").strip()
    within = region.code if region else None
    if q:
        search = selectors.regions_search(q, parent=within, max_level=max_level)
        results, count = search[0:PICKER_RESULTS], search.count()
    elif region is None or region.level < max_level:
        results = list(selectors.region_children(within).order_by("name"))
        count = len(results)
    else:
        results, count = [], 0
    context = {
        "region": region,
        "ancestors": region.ancestors() if region else [],
        "q": q,
        "max_level": max_level,
        "results": results,
        "count": count,
        "children_label": CHILDREN_HEADINGS.get(region.level if region else None),
    }
    if request.htmx:
        field = request.GET.get("field", "")
        context["field"] = field if _FIELD_ID.match(field) else ""
        return render(request, "regions/_pick_results.html", context)
    return render(request, "regions/pick.html", context)
