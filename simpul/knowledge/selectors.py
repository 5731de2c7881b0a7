"""Reads of the repository: search with facets and snippets, Dublin Core records, one item.

Every function takes a queryset already narrowed by `permissions.items_visible_to(user)` (or the
harvestable set for OAI-PMH): nothing here decides who may see what.
"""

import functools
import html
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from simpul.core.db import among, prepared_cursor

from . import search
from .models import (
    DC,
    DCMI_TYPE,
    Access,
    FacetCount,
    FacetEntry,
    Item,
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


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Results:
    """One page of a search: `total` matches (at most `search.MATCH_LIMIT` read, `bounded` when the
    words match more), the page's item ids in order, and the facets."""

    total: int
    bounded: bool
    ids: list[int]
    facets: dict[str, list[FacetValue]]


def search_results(
    visible: Callable[[], QuerySet],
    reader: search.Reader,
    f: SearchFilter,
    *,
    offset: int = 0,
    limit: int = 20,
    public: bool,
) -> Results:
    """The page of `limit` results from `offset` for `f`, with the total and the facets.

    `visible()` returns `permissions.items_visible_to(user)` and `reader` is
    `permissions.search_reader(user)`: the same rule, the first over the items, the second as the search
    index checks it. With words, one statement of the search backend answers everything (best matches
    first); browsing without words reads the items (`public` says the reader is anonymous: the
    pre-counted public facets then serve).
    """
    stems = search.query_stems(f.q)
    if stems:
        found = search.backend().find(
            stems,
            reader,
            {FACET_COLUMN[name]: value for name, value in f.filters.items()},
            sort=f.sort,
            offset=offset,
            limit=limit,
        )
        facets = {
            name: [
                FacetValue(value, value, n, f.filters.get(name) == value)
                for value, n in found.facets.get(FACET_COLUMN[name], [])[:FACET_SIZE]
            ]
            for name in FACETS
        }
        _label_facets(facets)
        return Results(found.total, found.bounded, found.ids, facets)
    items = visible()
    facets, total = facet_counts(items_matching(items, f), f, public=public)
    ids = list(ids_search(items, f, public=public)[offset : offset + limit]) if offset < total else []
    return Results(total, False, ids, facets)


def items_matching(base: QuerySet, f: SearchFilter) -> QuerySet:
    """Published items of `base` with the filters' values (browsing without words)."""
    qs = base.filter(status=Status.PUBLISHED)
    for name, value in f.filters.items():
        qs = qs.filter(**{FACET_COLUMN[name]: value})
    return qs


def public_matching(f: SearchFilter) -> QuerySet:
    """The FacetEntry rows (public, published items) with the filters' values: what anyone may see,
    for counting facets and paging without reading the items themselves."""
    qs = FacetEntry.objects.all()
    for name, value in f.filters.items():
        qs = qs.filter(**{FACET_COLUMN[name]: value})
    return qs


def items_search(base: QuerySet, f: SearchFilter) -> QuerySet:
    """Published items of `base` with the filters' values in the chosen order, browsing without words
    ("relevance" is newest first)."""
    qs = items_matching(base, f)
    if f.sort == "oldest":
        return qs.order_by("year", "id")
    if f.sort == "title":
        return qs.order_by("title", "id")
    return qs.order_by("-year", "-id")


def ids_search(base: QuerySet, f: SearchFilter, *, public: bool = False) -> QuerySet:
    """The ids of `items_search(base, f)` in its order (slice it for a page).

    `public` says `base` is what anyone may see (an anonymous reader): the same items are then
    ordered from the narrow FacetEntry rows (public, published items), not the wide item rows;
    ordering by title needs the items themselves.
    """
    if not public or f.sort == "title":
        return items_search(base, f).values_list("pk", flat=True)
    order = ("year", "item_id") if f.sort == "oldest" else ("-year", "-item_id")
    return public_matching(f).order_by(*order).values_list("item_id", flat=True)


@dataclass(slots=True)
class Hit:
    """One result as a page of results and the API show it (not the whole item)."""

    pk: int
    title: str
    abstract: str
    item_type: str
    year: int | None
    language: str
    licence: str
    access: str
    collection_name: str
    region_id: str | None
    region_name: str | None
    url: str = ""
    creators: list[str] = field(default_factory=list)
    snippet: str = ""


SEPARATOR = "\x1f"  # between an item's creators in one column (the unit separator: not in names)
# An item's creators in their order, joined with SEPARATOR, per database.
CREATORS = {
    "postgresql": "(SELECT string_agg(e.value, chr(31) ORDER BY e.position, e.id) FROM knowledge_element e"
    " WHERE e.item_id = i.id AND e.element = 'creator')",
    "sqlite": "(SELECT group_concat(v, char(31)) FROM (SELECT e.value AS v FROM knowledge_element e"
    " WHERE e.item_id = i.id AND e.element = 'creator' ORDER BY e.position, e.id))",
}


def result_page(reader: search.Reader, ids: list[int], q: str) -> list[Hit]:
    """The page's results in the order of `ids`, with their creators and a snippet for the words of `q`.

    Read in one or two written-out statements (the items with their collection, region and creators;
    the file text of those whose abstract holds no word asked for): a page of results was three ORM
    queries and twenty model objects with two related ones each. The reader's access rule is
    checked here again (`search.item_rule`), as on every read of items.
    """
    if not ids:
        return []
    chosen, chosen_params = among("i.id", ids)
    rule, rule_params = search.item_rule(reader)
    prefix = reverse("knowledge:item", kwargs={"pk": 0}).removesuffix("0/")
    with prepared_cursor() as cursor:
        cursor.execute(
            "SELECT i.id, i.title, SUBSTR(i.abstract, 1, %s), i.item_type, i.year, i.language, i.licence,"  # noqa: S608
            f" i.access, c.name, i.region_id, r.name, {CREATORS[connection.vendor]} FROM knowledge_item i"
            " JOIN knowledge_collection c ON c.id = i.collection_id"
            " LEFT JOIN regions_region r ON r.code = i.region_id"
            f" WHERE {chosen} AND i.status = 'published'{rule}",
            [SNIPPET_SOURCE_CHARS, *chosen_params, *rule_params],
        )
        by_id = {}
        for *row, creators in cursor.fetchall():
            by_id[row[0]] = Hit(
                *row, url=f"{prefix}{row[0]}/", creators=creators.split(SEPARATOR) if creators else []
            )
    hits = [by_id[pk] for pk in ids if pk in by_id]
    return with_snippets(hits, q)


def facet_counts(
    matches: QuerySet, f: SearchFilter, *, public: bool = False
) -> tuple[dict[str, list[FacetValue]], int]:
    """For each facet, the most frequent values among `matches` (with their counts); and the total
    (browsing without words: a search with words counts its facets in `search.Backend.find`).

    `public` says `matches` was narrowed to what anyone may see (an anonymous reader): browsing it
    without words or filters then reads the pre-counted `FacetCount` rows (public, published items
    only) instead of counting 170,000 items. Otherwise, on PostgreSQL one scan with GROUPING SETS
    counts every facet and the total at once; elsewhere one grouped query per facet and a count.
    """
    if public:
        if not f.filters:
            return _facet_counts_public(f)
        # The same items read from the narrow FacetEntry table (public, published items and their
        # facet columns, ~60 bytes a row) instead of the wide item rows with their abstracts.
        matches = public_matching(f)
    plain = matches.order_by()
    columns = [FACET_COLUMN[name] for name in FACETS]
    grouped: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    if connection.vendor == "postgresql":
        sql, params = plain.values(*columns).query.sql_with_params()
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


@functools.lru_cache(maxsize=16)
def choice_labels(language: str) -> dict[str, dict[str, str]]:
    """The labels of the item types, licences, languages and access levels in `language` (the active
    one), translated once per process: each lazy label translated anew was fifty gettext calls a page."""
    return {
        "type": {value: str(label) for value, label in ItemType.choices},
        "licence": {value: str(label) for value, label in Licence.choices},
        "language": {value: str(label) for value, label in LANGUAGE_NAMES.items()},
        "access": {value: str(label) for value, label in Access.choices},
    }


def _label_facets(result: dict[str, list[FacetValue]]) -> None:
    labels = choice_labels(get_language())
    for name in ("type", "licence", "language"):
        for v in result[name]:
            v.label = labels[name].get(v.value, v.value)
    names = facet_names(
        {("region", v.value) for v in result["region"]}
        | {("collection", v.value) for v in result["collection"]}
    )
    for v in result["region"]:
        v.label = names.get(("region", v.value), v.value)
    for v in result["collection"]:
        v.label = names.get(("collection", v.value), v.value)


NAMES_SECONDS = 60
_names: tuple[float, dict[tuple[str, str], str]] = (0.0, {})


def facet_names(needed: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The province and collection names the facets show, ("region", code) / ("collection", id): read
    once a minute per process (38 provinces and a few dozen collections; a query per search was a
    tenth of its database time), and at once when one `needed` is not known (a new collection). A
    renamed collection shows its new name within a minute."""
    global _names
    read_at, names = _names
    now = time.monotonic()
    if now - read_at > NAMES_SECONDS or not needed <= names.keys():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 'region', code, name FROM regions_region WHERE level = 1"
                " UNION ALL SELECT 'collection', CAST(id AS TEXT), name FROM knowledge_collection"
            )
            names = {(kind, key): name for kind, key, name in cursor.fetchall()}
        _names = (now, names)
    return names


def facet_names_forget() -> None:
    """Read the names again at the next search (tests)."""
    global _names
    _names = (0.0, {})


# --- Snippets ----------------------------------------------------------------------------------
SNIPPET_SOURCE_CHARS = 20_000
SNIPPET_WIDTH = 220


@functools.lru_cache(maxsize=4096)
def _hint(stems: frozenset[str], ignore_case: bool = False) -> re.Pattern:
    """What a word stemming to one of `stems` holds: the stem less its first letter (for meN-/peN-
    assimilation, as in menulis > tulis). Stemming is slow, so only words holding it are stemmed, and a
    text without it is not read word by word at all. Matched in the lower-cased text (a plain pattern
    is several times faster than one that ignores case), or ignoring case where lowering changes the
    text's length."""
    return re.compile(
        "|".join(re.escape(stem[1:]) for stem in sorted(stems)), re.IGNORECASE if ignore_case else 0
    )


TOKEN = re.compile(r"[0-9A-Za-zÀ-ÿ]+")


def _hits(text: str, folded: str, wanted: set[str], hint: re.Pattern, start: int = 0, end: int | None = None):
    """The words of `text[start:end]` whose stem is wanted, in order. Only the words holding the hint
    (looked for in `folded`: `text` lower-cased, or `text` itself) are looked at and stemmed: a
    passage's other words cost nothing."""
    end = len(text) if end is None else end
    position = start
    while position < end:
        found = hint.search(folded, position, end)
        if found is None:
            return
        word = TOKEN.search(text, text.rfind(" ", 0, found.start()) + 1)
        while word is not None and word.end() <= found.start():
            word = TOKEN.search(text, word.end())
        if word is None:
            return
        position = max(word.end(), found.end(), position + 1)
        if word.start() >= start and word.end() <= end and search.stem_word(word.group(0).lower()) in wanted:
            yield word


def _passage(text: str, wanted: set[str], width: int) -> SafeString | None:
    """The passage of `text` (whitespace already collapsed) around its first word whose stem is
    wanted, those words in <mark>; None when no word is. Only words holding a hint of a wanted stem
    are stemmed: a 20,000-character file text is not read word by word."""
    if not wanted:
        return None
    folded = text.lower()
    if len(folded) == len(text):  # each character lowered to one: the same positions
        hint = _hint(frozenset(wanted))
    else:
        folded, hint = text, _hint(frozenset(wanted), ignore_case=True)
    first = next(_hits(text, folded, wanted, hint), None)
    if first is None:
        return None
    start = max(0, first.start() - width // 3)
    space = text.rfind(" ", 0, start)
    start = space + 1 if start and space != -1 else start
    end = min(len(text), start + width)
    out: list[str] = ["…" if start else ""]
    position = start
    for word in _hits(text, folded, wanted, hint, start, end):
        out.append(html.escape(text[position : word.start()]))
        out.append(f"<mark>{html.escape(word.group(0))}</mark>")
        position = word.end()
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


def with_snippets(items: list, q: str) -> list:
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
        chosen, chosen_params = among("item_id", (i.pk for i in missing))
        with prepared_cursor() as cursor:
            cursor.execute(
                "SELECT item_id, SUBSTR(extracted_text, 1, %s) FROM knowledge_itemfile"  # noqa: S608
                f" WHERE {chosen} AND extracted_text <> '' ORDER BY item_id, id",
                [SNIPPET_SOURCE_CHARS, *chosen_params],
            )
            for item_id, text in cursor.fetchall():
                file_text.setdefault(item_id, text)
    for item in missing:
        source = file_text.get(item.pk, "")
        # Stored with its whitespace already collapsed (`pdftext.pdf_text`): read as it is.
        found = _passage(source, wanted, SNIPPET_WIDTH) if source else None
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
