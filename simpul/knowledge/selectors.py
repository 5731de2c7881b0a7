"""Reads of the repository: search with facets and snippets, Dublin Core records, one item.

Every function takes a queryset already narrowed by `permissions.items_visible_to(user)` (or the
harvestable set for OAI-PMH): nothing here decides who may see what.
"""

import functools
import html
import re
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, QuerySet
from django.db.models.functions import Substr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from simpul.regions.models import Region

from . import search
from .models import (
    DC,
    DCMI_TYPE,
    Collection,
    Element,
    FacetCount,
    FacetEntry,
    Item,
    ItemFile,
    ItemType,
    Licence,
    Status,
)

FACETS = ("type", "year", "region", "collection", "language", "licence")
FACET_COLUMN = {
    "type": "item_type",
    "year": "year",
    "region": "province_code",
    "collection": "collection_id",
    "language": "language",
    "licence": "licence",
}
FACET_LABEL = {
    "type": _("Type"),
    "year": _("Year"),
    "region": _("Province"),
    "collection": _("Collection"),
    "language": _("Language"),
    "licence": _("Licence"),
}
LANGUAGE_NAMES = {
    "id": _("Indonesian"),
    "en": _("English"),
    "jv": _("Javanese"),
    "su": _("Sundanese"),
    "sas": _("Sasak"),
    "bew": _("Betawi"),
    "ms": _("Malay"),
}
SORTS = ("relevance", "newest", "oldest", "title")
FACET_SIZE = 12


@dataclass
class SearchFilter:
    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"

    @classmethod
    def from_params(cls, params) -> "SearchFilter":
        filters = {}
        for name in FACETS:
            value = (params.get(name) or "").strip()[:40]
            if not value:
                continue
            if name in ("year", "collection") and not value.isdigit():
                continue
            filters[name] = value
        sort = params.get("sort") or "relevance"
        return cls(
            q=" ".join((params.get("q") or "").split())[:200],
            filters=filters,
            sort=sort if sort in SORTS else "relevance",
        )

    def as_params(self) -> dict[str, str]:
        params = {"q": self.q, **self.filters}
        if self.sort != "relevance":
            params["sort"] = self.sort
        return {k: v for k, v in params.items() if v}


def items_matching(base: QuerySet, f: SearchFilter) -> QuerySet:
    """Published items of `base` matching the words and filters (unordered: facets count these)."""
    qs = base.filter(status=Status.PUBLISHED)
    for name, value in f.filters.items():
        qs = qs.filter(**{FACET_COLUMN[name]: value})
    ids = candidate_ids(f)
    if ids is not None:
        qs = search.backend().among(qs, ids[: search.MATCH_LIMIT])
    return qs


def public_matching(f: SearchFilter) -> QuerySet:
    """The FacetEntry rows (public, published items) matching the words and filters: what anyone may
    see, for counting facets without reading the items themselves."""
    qs = FacetEntry.objects.all()
    for name, value in f.filters.items():
        qs = qs.filter(**{FACET_COLUMN[name]: value})
    ids = candidate_ids(f)
    if ids is not None:
        qs = search.backend().among(qs, ids[: search.MATCH_LIMIT])
    return qs


def candidate_ids(f: SearchFilter) -> list[int] | None:
    """The ids the words match in the index (at most MATCH_LIMIT + 1), or None without words.

    Read once per filter object: the facets, the total, the page and the "more than" notice all
    come from the same candidates, and each read of the index rechecks up to 2,000 documents.
    """
    stems = search.query_stems(f.q)
    if not stems:
        return None
    key = tuple(stems)
    cached = f.__dict__.get("_candidates")
    if cached is None or cached[0] != key:
        cached = (key, search.backend().candidate_ids(stems, search.MATCH_LIMIT + 1))
        f.__dict__["_candidates"] = cached
    return cached[1]


def is_bounded(f: SearchFilter) -> bool:
    """True when the words match more documents than a query reads (the page then says "more than")."""
    ids = candidate_ids(f)
    return ids is not None and len(ids) > search.MATCH_LIMIT


# Beyond this many matches, "relevance" orders newest first: ranking scores every match (reading
# each one's tsvector), and a query that broad says little about relevance anyway.
RANK_LIMIT = 5000


def items_search(base: QuerySet, f: SearchFilter, total: int | None = None) -> QuerySet:
    """Published items of `base` matching the words and filters, in the chosen order.

    `total` (the number of matches, when the caller counted them) lets a very broad query skip ranking.
    """
    qs = items_matching(base, f)
    stems = search.query_stems(f.q)
    too_many = total is not None and total > RANK_LIMIT
    if f.sort == "newest" or (f.sort == "relevance" and (not stems or too_many)):
        return qs.order_by("-year", "-id")
    if f.sort == "oldest":
        return qs.order_by("year", "id")
    if f.sort == "title":
        return qs.order_by("title", "id")
    return search.backend().ranked(qs, stems).order_by("-rank", "-id")


def ids_search(
    base: QuerySet, f: SearchFilter, total: int | None = None, *, public: bool = False
) -> QuerySet:
    """The ids of `items_search(base, f, total)` in its order (slice it for a page).

    `public` says `base` is what anyone may see (an anonymous reader): the same items are then
    ordered from the narrow FacetEntry rows (public, published items), not the wide item rows;
    ordering by title needs the items themselves.
    """
    stems = search.query_stems(f.q)
    if not public or f.sort == "title":
        return items_search(base, f, total).values_list("pk", flat=True)
    qs = public_matching(f)
    too_many = total is not None and total > RANK_LIMIT
    if f.sort == "newest" or (f.sort == "relevance" and (not stems or too_many)):
        qs = qs.order_by("-year", "-item_id")
    elif f.sort == "oldest":
        qs = qs.order_by("year", "item_id")
    else:
        qs = search.backend().ranked(qs, stems).order_by("-rank", "-item_id")
    return qs.values_list("item_id", flat=True)


def items_in_order(base: QuerySet, ids: list[int]) -> list[Item]:
    """The items of `base` with these ids, in this order, with their collection and region.

    A page orders and slices ids only (no joins over up to 2,000 candidates), then reads its
    twenty items with their joins."""
    rows = base.filter(pk__in=ids).select_related("collection", "region").only(*RESULT_FIELDS).order_by()
    by_id = {item.pk: item for item in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


# What a page of results and the API's results show of an item (not its dates, consent or notes).
RESULT_FIELDS = (
    "id",
    "title",
    "abstract",
    "item_type",
    "year",
    "language",
    "licence",
    "access",
    "collection__name",
    "region__name",
)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


def facet_counts(
    matches: QuerySet, f: SearchFilter, *, public: bool = False
) -> tuple[dict[str, list[FacetValue]], int]:
    """For each facet, the most frequent values among `matches` (with their counts); and the total.

    `public` says `matches` was narrowed to what anyone may see (an anonymous reader): browsing it
    without words or filters then reads the pre-counted `FacetCount` rows (public, published items
    only) instead of counting 170,000 items. Otherwise, on PostgreSQL one scan with GROUPING SETS
    counts every facet and the total at once; elsewhere one grouped query per facet and a count.
    """
    if public:
        if not f.filters and not search.query_stems(f.q):
            return _facet_counts_public(f)
        # The same items read from the narrow FacetEntry table (public, published items and their
        # facet columns, ~60 bytes a row) instead of the wide item rows with their abstracts.
        matches = public_matching(f)
    plain = matches.order_by()
    columns = [FACET_COLUMN[name] for name in FACETS]
    grouped: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    if connection.vendor == "postgresql":
        try:
            sql, params = plain.values(*columns).query.sql_with_params()
        except EmptyResultSet:  # no candidates: nothing to count
            return {name: [] for name in FACETS}, 0
        sets = ", ".join(f"({c})" for c in columns)
        flags = ", ".join(f"GROUPING({c})" for c in columns)
        total = 0
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(columns)}, {flags}, COUNT(*) FROM ({sql}) m "  # noqa: S608  (column names are ours)
                f"GROUP BY GROUPING SETS ({sets}, ())",
                params,
            )
            for row in cursor.fetchall():
                values, bits, n = row[: len(columns)], row[len(columns) : 2 * len(columns)], row[-1]
                if all(bits):
                    total = n
                    continue
                index = list(bits).index(0)
                if values[index] not in (None, ""):
                    grouped[FACETS[index]].append((str(values[index]), n))
        for name in FACETS:
            grouped[name].sort(key=lambda pair: (-pair[1], pair[0]))
    else:
        total = plain.count()
        for name, column in zip(FACETS, columns, strict=True):
            rows = (
                plain.exclude(**{f"{column}__isnull": True})
                .exclude(**{column: ""} if name not in ("year", "collection") else {})
                .values(column)
                .annotate(n=Count("pk"))
                .order_by("-n", column)[:FACET_SIZE]
            )
            grouped[name] = [(str(r[column]), r["n"]) for r in rows]
    result = {
        name: [
            FacetValue(value, value, n, f.filters.get(name) == value)
            for value, n in grouped[name][:FACET_SIZE]
        ]
        for name in FACETS
    }
    _label_facets(result)
    return result, total


def _facet_counts_public(f: SearchFilter) -> tuple[dict[str, list[FacetValue]], int]:
    """The pre-counted facets of every public, published item (one read of a small table)."""
    grouped: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    total = 0
    for facet, value, n in FacetCount.objects.filter(count__gt=0).values_list("facet", "value", "count"):
        if facet == "total":
            total = n
        elif facet in grouped:
            grouped[facet].append((value, n))
    result = {
        name: [
            FacetValue(value, value, n, f.filters.get(name) == value)
            for value, n in sorted(grouped[name], key=lambda pair: (-pair[1], pair[0]))[:FACET_SIZE]
        ]
        for name in FACETS
    }
    _label_facets(result)
    return result, total


def _label_facets(result: dict[str, list[FacetValue]]) -> None:
    types = dict(ItemType.choices)
    licences = dict(Licence.choices)
    for v in result["type"]:
        v.label = str(types.get(v.value, v.value))
    for v in result["licence"]:
        v.label = str(licences.get(v.value, v.value))
    for v in result["language"]:
        v.label = str(LANGUAGE_NAMES.get(v.value, v.value))
    codes = [v.value for v in result["region"]]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    for v in result["region"]:
        v.label = names.get(v.value, v.value)
    ids = [int(v.value) for v in result["collection"]]
    names = {str(k): n for k, n in Collection.objects.filter(pk__in=ids).values_list("pk", "name")}
    for v in result["collection"]:
        v.label = names.get(v.value, v.value)


# --- Snippets ----------------------------------------------------------------------------------
SNIPPET_SOURCE_CHARS = 20_000
SNIPPET_WIDTH = 220


@functools.lru_cache(maxsize=512)
def _hint(stems: frozenset[str]) -> re.Pattern:
    """What a word stemming to one of `stems` holds: the stem less its first letter (for meN-/peN-
    assimilation, as in menulis > tulis). Stemming is slow, so only words holding it are stemmed, and a
    text without it is not read word by word at all."""
    return re.compile("|".join(re.escape(stem[1:]) for stem in sorted(stems)), re.IGNORECASE)


def _is_hit(word: str, stems: set[str], hint: re.Pattern) -> bool:
    """Does `word` stem to one of `stems`?"""
    return hint.search(word) is not None and search.stem_word(word.lower()) in stems


TOKEN = re.compile(r"[0-9A-Za-zÀ-ÿ]+")


def _passage(text: str, wanted: set[str], width: int) -> SafeString | None:
    """The passage of `text` (whitespace already collapsed) around its first word whose stem is
    wanted, those words in <mark>; None when no word is. Words are read only from the first place
    that could hold one up to the passage's end: a 20,000-character file text is not scanned (nor
    its words stemmed) outside it."""
    if not wanted:
        return None
    hint = _hint(frozenset(wanted))
    found = hint.search(text)
    if found is None:
        return None
    # The hint lies inside one word; words start after a space or where the text does.
    words = TOKEN.finditer(text, text.rfind(" ", 0, found.start()) + 1)
    first = next((t for t in words if _is_hit(t.group(0), wanted, hint)), None)
    if first is None:
        return None
    start = max(0, first.start() - width // 3)
    space = text.rfind(" ", 0, start)
    start = space + 1 if start and space != -1 else start
    end = min(len(text), start + width)
    out: list[str] = ["…" if start else ""]
    position = start
    for t in TOKEN.finditer(text, text.rfind(" ", 0, start) + 1):
        if t.end() > end:
            break
        if t.start() < start or not _is_hit(t.group(0), wanted, hint):
            continue
        out.append(html.escape(text[position : t.start()]))
        out.append(f"<mark>{html.escape(t.group(0))}</mark>")
        position = t.end()
    out.append(html.escape(text[position:end]))
    if end < len(text):
        out.append("…")
    return mark_safe("".join(out))  # noqa: S308  (every piece of text above is escaped)


def snippet(text: str, stems: list[str], width: int = SNIPPET_WIDTH) -> SafeString:
    """A passage of `text` around the first word whose stem is asked for, that word in <mark>; escaped.
    Without such a word, the beginning of `text`."""
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")
    found = _passage(text, set(stems), width)
    if found is not None:
        return found
    end = min(len(text), width)
    return mark_safe(html.escape(text[:end]) + ("…" if end < len(text) else ""))  # noqa: S308  (escaped)


def with_snippets(items: list[Item], q: str) -> list[Item]:
    """Sets `item.snippet` on each of the page's items (already visible to the reader): a passage of
    the abstract, else of the file text, holding a word asked for; else the abstract's beginning.
    File text is read only for the items whose abstract holds no word asked for."""
    wanted = set(search.query_stems(q))
    missing: list[Item] = []
    for item in items:
        found = None
        if wanted and item.abstract:
            found = _passage(" ".join(item.abstract[:SNIPPET_SOURCE_CHARS].split()), wanted, SNIPPET_WIDTH)
        if found is None:
            missing.append(item)
        item.snippet = found
    file_text: dict[int, str] = {}
    if wanted and missing:
        for item_id, text in (
            ItemFile.objects.filter(item_id__in=[i.pk for i in missing])
            .exclude(extracted_text="")
            .order_by("item_id", "id")
            .annotate(head=Substr("extracted_text", 1, SNIPPET_SOURCE_CHARS))
            .values_list("item_id", "head")
        ):
            file_text.setdefault(item_id, text)
    for item in missing:
        source = file_text.get(item.pk, "")
        found = _passage(" ".join(source.split()), wanted, SNIPPET_WIDTH) if source else None
        item.snippet = found if found is not None else snippet(item.abstract, [])
    return items


# --- Dublin Core -------------------------------------------------------------------------------
def dublin_core(item: Item, *, base_url: str = "") -> list[tuple[str, str]]:
    """The item's record as (element, value) pairs in Dublin Core order: what the depositor wrote,
    plus what the item's fields say (title, type, date, language, rights, coverage, identifier, format)."""
    given: dict[str, list[str]] = {e: [] for e in DC.values}
    for element in item.elements.all():
        given[element.element].append(element.value)
    derived: dict[str, list[str]] = {e: [] for e in DC.values}
    derived["title"] = [item.title]
    if item.abstract:
        derived["description"] = [item.abstract]
    derived["type"] = [str(ItemType(item.item_type).label)]
    dcmi = DCMI_TYPE.get(item.item_type, "Text")
    derived["type"].append(dcmi)
    if item.date_issued:
        derived["date"] = [item.date_issued]
    derived["language"] = [item.language]
    licence = Licence(item.licence)
    derived["rights"] = [str(licence.label)] + ([item.licence_url] if item.licence_url else [])
    if item.region_id:
        derived["coverage"] = [f"{item.region.name} ({item.region_id})"]
    if base_url:
        derived["identifier"] = [f"{base_url}{item.get_absolute_url()}"]
    derived["format"] = sorted({f.content_type for f in item.files.all()})
    derived["publisher"] = [item.collection.organisation.name]
    if item.event_id:
        derived["relation"] = [item.event.title]
    pairs: list[tuple[str, str]] = []
    for element in DC.values:
        values: list[str] = []
        for v in derived[element] + given[element]:
            if v and v not in values:
                values.append(v)
        if element == "publisher" and given["publisher"]:
            values = given["publisher"]
        pairs.extend((element, v) for v in values)
    return pairs


def creators(item: Item) -> list[str]:
    return [e.value for e in item.elements.all() if e.element == DC.CREATOR]


def item_for_page(queryset: QuerySet, pk: int) -> Item:
    return (
        queryset.select_related(
            "collection__organisation", "region", "organisation", "community", "event", "depositor"
        )
        .prefetch_related("elements", "holders", "files")
        .get(pk=pk)
    )


def elements_by_name(item: Item) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for element in item.elements.all():
        grouped.setdefault(element.element, []).append(element.value)
    return grouped


def element_rows(items_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    result: dict[int, dict[str, list[str]]] = {}
    rows = Element.objects.filter(item_id__in=items_ids).order_by("item_id", "element", "position", "id")
    for item_id, element, value in rows.values_list("item_id", "element", "value"):
        result.setdefault(item_id, {}).setdefault(element, []).append(value)
    return result
