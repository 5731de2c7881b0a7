"""/api/v1/repository/items: search and one item. Answers hold only what the caller may see.

Without a session the caller is anonymous and sees public items; a signed-in browser session sees
what its pages show. Both go through `items_visible_to`, the repository's one access rule.
"""

import json

from django.http import HttpResponse
from ninja import Router, Schema
from ninja.responses import Status as HttpStatus

from . import answers, permissions, search, selectors
from .models import ItemType, Licence, Status

router = Router(tags=["knowledge"])
MAX_LIMIT = 100


class FacetOut(Schema):
    value: str
    label: str
    count: int


class FileOut(Schema):
    name: str
    kind: str
    content_type: str
    size: int
    sha256: str
    url: str


class ItemOut(Schema):
    id: int
    url: str
    title: str
    type: str
    year: int | None
    language: str
    licence: str
    access: str
    collection: str
    region: str | None
    creators: list[str]
    snippet: str


class ItemDetailOut(Schema):
    id: int
    url: str
    status: str
    title: str
    type: str
    year: int | None
    language: str
    licence: str
    licence_url: str
    access: str
    collection: str
    region: str | None
    dublin_core: dict[str, list[str]]
    files: list[FileOut]
    withdrawn_reason: str


class SearchOut(Schema):
    count: int
    count_is_exact: bool
    limit: int
    offset: int
    items: list[ItemOut]
    facets: dict[str, list[FacetOut]]


MAX_OFFSET = 20_000_000  # past any result (and within the databases' integers)


class ErrorOut(Schema):
    detail: str


@router.get(
    "/items",
    response={200: SearchOut},
    url_name="knowledge_search",
    summary="Search the repository",
    description=(
        "Full text over metadata and the text of PDFs (Indonesian stemming). Filters: "
        f"`type` ({', '.join(ItemType.values)}), `year`, `region` (province code), `collection` (id), "
        f"`language`, `licence` ({', '.join(Licence.values)}). `sort`: relevance, newest, oldest, title. "
        "Snippets are HTML with <mark> around the words found (text escaped). When the words match more than "
        f"{search.MATCH_LIMIT} items, the count, facets and pages cover the {search.MATCH_LIMIT} that match "
        "best (`count_is_exact` false): add words to narrow."
    ),
)
def items_search(
    request,
    q: str = "",
    type: str = "",
    year: str = "",
    region: str = "",
    collection: str = "",
    language: str = "",
    licence: str = "",
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
):
    f = selectors.SearchFilter.from_params(
        {
            "q": q,
            "type": type,
            "year": year,
            "region": region,
            "collection": collection,
            "language": language,
            "licence": licence,
            "sort": sort,
        }
    )
    limit = max(1, min(limit, MAX_LIMIT))
    offset = min(max(0, offset), MAX_OFFSET)
    base = request.build_absolute_uri("/").rstrip("/")
    # The same answer for every anonymous caller until an item changes (see answers), kept as the JSON
    # text: a cached answer is then sent as it is, not validated and encoded again on every request.
    cache_key = answers.key(request.user, "api", base, f.q, sorted(f.filters.items()), f.sort, limit, offset)
    # Written as JSON directly from plain values in SearchOut's shape (tested against the schema):
    # validating the answer through the schema's models took a third of a live search's Python.
    body = answers.SEARCH.answer(
        cache_key,
        lambda: json.dumps(
            _search_answer(request, f, limit, offset, base), ensure_ascii=False, separators=(",", ":")
        ),
    )
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def _search_answer(request, f: selectors.SearchFilter, limit: int, offset: int, base: str) -> dict:
    reader = permissions.search_reader(request.user)
    results = selectors.search_results(
        lambda: permissions.items_visible_to(request.user),
        reader,
        f,
        offset=offset,
        limit=limit,
        public=not request.user.is_authenticated,
    )
    items = [
        {
            "id": i.pk,
            "url": base + i.url,
            "title": i.title,
            "type": i.item_type,
            "year": i.year,
            "language": i.language,
            "licence": i.licence,
            "access": i.access,
            "collection": i.collection_name,
            "region": i.region_id,
            "creators": i.creators,
            "snippet": str(i.snippet),
        }
        for i in selectors.result_page(reader, results.ids, f.q)
    ]
    facets = {
        name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
        for name, values in results.facets.items()
    }
    return {
        "count": results.total,
        "count_is_exact": not results.bounded,
        "limit": limit,
        "offset": offset,
        "items": items,
        "facets": facets,
    }


@router.get(
    "/items/{item_id}",
    response={200: ItemDetailOut, 404: ErrorOut},
    url_name="knowledge_item",
    summary="One item with its Dublin Core record and files",
)
def item_detail(request, item_id: int):
    visible = permissions.items_visible_to(request.user)
    try:
        item = selectors.item_for_page(visible, item_id)
    except visible.model.DoesNotExist:
        return HttpStatus(404, {"detail": f"No item {item_id}."})
    base = request.build_absolute_uri("/").rstrip("/")
    withdrawn = item.status == Status.WITHDRAWN
    dc: dict[str, list[str]] = {}
    if not withdrawn:
        for name, value in selectors.dublin_core(item, base_url=base):
            dc.setdefault(name, []).append(value)
    files = (
        []
        if withdrawn
        else [
            {
                "name": f.original_name,
                "kind": f.kind,
                "content_type": f.content_type,
                "size": f.size,
                "sha256": f.sha256,
                "url": base + f.get_absolute_url(),
            }
            for f in item.files.all()
        ]
    )
    return HttpStatus(
        200,
        {
            "id": item.pk,
            "url": base + item.get_absolute_url(),
            "status": item.status,
            "title": item.title,
            "type": item.item_type,
            "year": item.year,
            "language": item.language,
            "licence": item.licence,
            "licence_url": item.licence_url,
            "access": item.access,
            "collection": item.collection.name,
            "region": item.region_id,
            "dublin_core": dc,
            "files": files,
            "withdrawn_reason": item.withdrawal_reason if withdrawn else "",
        },
    )
