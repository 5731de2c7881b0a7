"""Parts of the search page drawn in Python rather than in the template: the facet links (six facets of
up to twelve values) and the twenty results were most of a live search's Python time through the
template engine. Every value is escaped (`html.escape`, quotes included); snippets are already-escaped
HTML from `selectors.snippet`."""

from html import escape

from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext

from simpul.core.pagination import page_pager

from .models import Access
from .selectors import choice_labels


def facet_lists(facet_groups) -> SafeString:
    """The facets' headings and links: (name, label, [(FacetValue, query string)]) per facet."""
    parts = []
    for name, label, entries in facet_groups:
        if not entries:
            continue
        parts.append(f'<h2 id="facet-{name}">{escape(str(label))}</h2>\n<ul aria-labelledby="facet-{name}">')
        for value, params in entries:
            chosen = ' aria-current="true"' if value.selected else ""
            cross = "✕ " if value.selected else ""
            parts.append(
                f'<li><a href="?{escape(params)}"{chosen}>{cross}{escape(str(value.label))}</a>'
                f' <span class="muted">({value.count})</span></li>'
            )
        parts.append("</ul>")
    return SafeString("\n".join(parts))


def result_rows(items) -> SafeString:
    """The results' list items (`selectors.Hit`s): title, type, year, creators, collection, region,
    access and snippet."""
    labels = choice_labels(get_language())
    types, access = labels["type"], labels["access"]
    parts = []
    for item in items:
        meta = [escape(str(types.get(item.item_type, item.item_type)))]
        if item.year:
            meta.append(str(item.year))
        if item.creators:
            meta.append(escape("; ".join(item.creators)))
        meta.append(escape(item.collection_name))
        if item.region_id:
            meta.append(escape(item.region_name or ""))
        if item.access != Access.PUBLIC:
            meta.append(f'<span class="badge badge-muted">{escape(str(access[item.access]))}</span>')
        snippet = f'\n<p class="kn-snippet">{item.snippet}</p>' if item.snippet else ""
        parts.append(
            f'<li class="kn-result">\n<h3><a href="{escape(item.url)}">{escape(item.title)}</a></h3>\n'
            f'<p class="kn-meta">{" · ".join(meta)}</p>{snippet}\n</li>'
        )
    return SafeString("\n".join(parts))


def results_section(
    *, page, bounded: bool, items, facets_html: str, rows_html: str, query: str
) -> SafeString:
    """The results part of the search page (what htmx swaps): the facets beside the heading, the count
    or the note that many items match, the results and the pager; or the note that nothing matches.
    `page` is the paginator's page, `query` the query string without the page."""
    n = page.paginator.count
    if bounded:
        heading = escape(gettext("Many items match"))
        note = ngettext(
            "These words match many items: the count, the filters and the pages show the %(n)s that match "
            "best. Add words to narrow the search.",
            "These words match many items: the count, the filters and the pages show the %(n)s that match "
            "best. Add words to narrow the search.",
            n,
        ) % {"n": n}
        note = f'\n    <p class="muted">{escape(note)}</p>'
    else:
        heading, note = escape(ngettext("%(n)s item", "%(n)s items", n) % {"n": n}), ""
    if items:
        body = f'<ul class="kn-results">\n      {rows_html}\n    </ul>\n    {page_pager(page, query)}'
    else:
        nothing = gettext("Nothing matches. Try fewer or other words, or remove a filter.")
        body = f'<p class="empty-state">{escape(nothing)}</p>'
    narrow = gettext("Narrow the results")  # outside the f-string, where makemessages finds it
    return SafeString(
        '<div class="kn-layout">\n'
        f'  <aside class="kn-facets" aria-label="{escape(narrow)}">\n'
        f"    {facets_html}\n  </aside>\n"
        '  <section aria-labelledby="results-heading">\n'
        f'    <h2 id="results-heading">{heading}</h2>{note}\n    {body}\n  </section>\n</div>\n'
    )
