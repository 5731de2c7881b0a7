"""What the directory and statistics pages show, prepared in Python once per request.

These two pages are the register's busiest. Profiling them (docs/LIBRARIES.md, "Page cost") showed
most of their CPU in the template engine: per-row `get_..._display` on lazy translations, `reverse()`
twice per row, `intcomma` per cell, a nested loop per statistics cell, and five form fields rendered
through widget templates. Here labels come from one dict per language, numbers are grouped with the
language's separator once, links are built from one reversed prefix, and the filter form's HTML is
memoised per language field and value (a field's HTML depends on nothing else but the region names).
"""

import time
from functools import lru_cache
from html import escape

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from simpul.regions.codes import normalize_code

from . import selectors
from .forms import DirectoryForm
from .models import PUBLIC_STATUSES, LibraryType, Status, Subtype

FORM_FIELDS = ("q", "region", "type", "status", "sort")
# The rendered filter form shows a region's path; region names change only when the regions are
# reloaded, so a memoised form is at most this old.
FORM_MEMO_SECONDS = 600


@lru_cache(maxsize=16)
def labels(language: str) -> dict[str, dict[str, str]]:
    """Choice labels as plain strings, per language (lazy translations cost a lookup each time)."""
    with translation.override(language):
        return {
            "type": {v: str(label) for v, label in LibraryType.choices},
            "subtype": {v: str(label) for v, label in Subtype.choices},
            "status": {v: str(label) for v, label in Status.choices},
        }


def group_digits(separator: str):
    return lambda n: f"{n:,}".replace(",", separator)


def number_formatter():
    """intcomma's output for the active language, without its per-call format lookups."""
    return group_digits(formats.get_format("THOUSAND_SEPARATOR"))


@lru_cache(maxsize=1)
def _detail_prefix() -> str:
    return reverse("libraries:detail", kwargs={"pk": 0}).removesuffix("0/")


def directory_rows(libraries) -> SafeString:
    """The directory's table rows as HTML, drawn here rather than in the template: 50 rows of 8 values
    through the template engine were most of the page's CPU. Every value is escaped (`html.escape`,
    quotes included); rows with coordinates carry them for the map."""
    names = labels(translation.get_language() or "en")
    prefix = _detail_prefix()
    parts = []
    for library in libraries:  # selectors.DirectoryRow
        url = f"{prefix}{library.pk}/"
        name = escape(library.name)
        point = ""
        if library.latitude is not None and library.longitude is not None:
            point = (
                f' data-lat="{library.latitude:f}" data-lng="{library.longitude:f}"'
                f' data-name="{name}" data-url="{url}"'
            )
        badge = ""
        if library.status != Status.REGISTERED:  # registered is the usual case: no badge
            badge = f' <span class="badge badge-muted">{escape(names["status"][library.status])}</span>'
        subtype = names["subtype"].get(library.subtype, "") if library.subtype else ""
        if subtype:
            subtype = f' <span class="muted">({escape(subtype)})</span>'
        parts.append(
            f'<tr class="library-row"{point}><td><a href="{url}">{name}</a>{badge}</td>'
            f"<td>{escape(library.npp or '—')}</td>"
            f"<td>{escape(names['type'][library.library_type])}{subtype}</td>"
            f"<td>{escape(library.region_path)}</td></tr>"
        )
    return SafeString("\n".join(parts))


@lru_cache(maxsize=2048)
def _field_html(language: str, name: str, value: str | None, _period: int) -> SafeString:
    # DirectoryForm has no cross-field checks, so a field's HTML (with its errors) depends on its own value.
    with translation.override(language):
        form = DirectoryForm(None if value is None else {name: value})
        return render_to_string("components/field.html", {"field": form[name]})


# Where a region field's HTML holds the chosen region: its input's value, the region's path, and the
# code in the step-by-step link (regions/widgets/region_picker.html).
REGION_SLOTS = (' value=""', " data-picker-path></span>", '?max_level=4"')


@lru_cache(maxsize=16)
def _region_frame(language: str, period: int) -> tuple[str, ...] | None:
    """The region field's HTML for no region, cut at its three slots (None if the markup changed)."""
    html = _field_html(language, "region", "", period)
    parts = []
    for slot in REGION_SLOTS:
        if html.count(slot) != 1:
            return None
        before, html = html.split(slot)
        parts.append(before)
    return (*parts, html)


@lru_cache(maxsize=8192)
def _region_path(code: str, _period: int) -> str | None:
    return selectors.region_path(code)


def _region_field_html(language: str, raw: str, period: int) -> SafeString:
    """The region field for a typed code, filled into the memoised frame: rendering the field for each
    of 7,000 districts through the widget's template cost about 2 ms a time and was rarely reused.
    Codes that are not a region's (the field shows an error) take the full rendering."""
    code = normalize_code(raw)
    frame = _region_frame(language, period)
    path = _region_path(code, period) if code else None
    if frame is None or path is None:
        return _field_html(language, "region", raw, period)
    start, after_value, after_path, rest = frame
    return SafeString(
        f'{start} value="{escape(raw)}"{after_value} data-picker-path>{escape(path)}</span>'
        f'{after_path}?max_level=4&amp;code={escape(code)}"{rest}'
    )


def filter_form_html(params) -> SafeString:
    """The directory's filter fields for these query parameters, each memoised (see the module's note)."""
    language = translation.get_language() or "en"
    period = int(time.monotonic() // FORM_MEMO_SECONDS)
    bound = bool(params)
    fields = []
    for name in FORM_FIELDS:
        value = params.get(name, "") if bound else None
        if name == "region" and value:
            fields.append(_region_field_html(language, value, period))
        else:
            fields.append(_field_html(language, name, value, period))
    return format_html('<div class="form-grid">{}</div>', SafeString("".join(fields)))


def statistics_tables(stats, number) -> dict:
    """The statistics page's numbers as ready cells: by type, by type and status, per child region."""
    names = labels(translation.get_language() or "en")
    types = LibraryType.values
    by_type = [(t, names["type"][t], stats.by_type[t]) for t in types]
    top = max([n for _t, _l, n in by_type] + [1])
    totals = dict.fromkeys(Status.values, 0)
    for (_t, s), n in stats.by_type_status.items():
        totals[s] += n
    status_rows = [
        (
            names["type"][t],
            format_html_join(
                "",
                '<td class="num">{}</td>',
                ((number(stats.by_type_status.get((t, s), 0)),) for s in Status.values),
            ),
        )
        for t in types
    ]
    total_cells = format_html_join(
        "", '<td class="num">{}</td>', ((number(totals[s]),) for s in Status.values)
    )
    children_top = max([c["total"] for c in stats.children] + [1])
    # One f-string per child region (a province has up to ~40): through the template engine, with
    # format_html per cell, these rows were a third of the page's CPU. Names and codes are escaped.
    child_rows = []
    for c in stats.children:
        cells = "".join(
            f'<td class="num">{number(n)}</td>' for n in (c["total"], *(c["by_type"][t] for t in types))
        )
        width = round(c["total"] * 100 / children_top, 1)
        child_rows.append(
            f'<tr>\n    <th scope="row"><a href="?region={escape(c["region"].code)}">{escape(c["region"].name)}</a></th>'
            f'{cells}<td class="bar-cell"><svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
            f'aria-hidden="true" focusable="false"><rect x="0" y="0" height="10" width="{width}"></rect></svg></td>\n  </tr>'
        )
    return {
        "types": [(t, label, number(n), round(n * 100 / top, 1)) for t, label, n in by_type],
        "type_labels": [names["type"][t] for t in types],
        "status_labels": [names["status"][s] for s in Status.values],
        "status_rows": status_rows,
        "total_cells": total_cells,
        "children": bool(child_rows),
        "child_rows": SafeString("".join(child_rows)),
        "public_statuses": PUBLIC_STATUSES,
    }
