"""The officers' member list drawn in Python: 25 rows of 6 values through the template engine (lookups,
auto-escaping, `default` filters) cost more than the page's queries, and so did the count and the
chapter suggestions around them (`member_list_block`, what the htmx filter swaps in; its pager is the
one every list shows, `simpul.core.pagination.pager`). Every value is escaped here (`html.escape`,
quotes included), and so is every translated label, as the `{% translate %}` tag does."""

from functools import lru_cache
from html import escape

from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_noop, ngettext

from simpul.core.pagination import pager
from simpul.people.models import name_with_titles

from .models import MembershipStatus

NO_VALUE = "—"


@lru_cache(maxsize=8)
def _status_labels(language: str) -> dict[str, str]:
    return {value: escape(str(label)) for value, label in MembershipStatus.choices}


def _member_prefix() -> str:
    return reverse("associations:member", args=[0]).removesuffix("0/")


def member_rows(rows) -> SafeString:
    """The table rows (`<tr>`) of `selectors.MemberRow`s: name with titles linking to the member's
    page, number, chapter, type, status and dues paid until (an em dash when there is none)."""
    statuses = _status_labels(translation.get_language() or "")
    prefix = _member_prefix()
    parts = []
    for row in rows:
        name = escape(name_with_titles(row.title_prefix, row.full_name, row.title_suffix))
        paid_until = row.paid_until.isoformat() if row.paid_until else NO_VALUE
        parts.append(
            f'<tr><td><a href="{prefix}{row.id}/">{name}</a></td>'
            f"<td>{escape(row.number or NO_VALUE)}</td>"
            f"<td>{escape(row.chapter_name)}</td>"
            f"<td>{escape(row.type_name)}</td>"
            f"<td>{statuses.get(row.status) or escape(row.status)}</td>"
            f"<td>{paid_until}</td></tr>"
        )
    return SafeString("".join(parts))


def status_options(selected: str) -> SafeString:
    """The status filter's `<option>`s, "any" first, the chosen one selected."""
    choices = [("", translation.gettext("any")), *MembershipStatus.choices]
    return SafeString(
        "".join(
            f'<option value="{value}"{" selected" if value == selected else ""}>{escape(str(label))}</option>'
            for value, label in choices
        )
    )


# The table's headers, marked for makemessages here, translated when drawn.
_HEADERS = (
    gettext_noop("Name"),
    gettext_noop("Member number"),
    gettext_noop("Chapter"),
    gettext_noop("Type"),
    gettext_noop("Status"),
    gettext_noop("Dues paid until"),
)


def member_list_block(page, suggestions, query: str) -> SafeString:
    """The chapters an ambiguous name may mean (`(chapter, link)` pairs), then the count, the table of
    `page.rows` (`member_rows`) and the pager, or "No members match." (`page`: views.manage.MemberPage;
    `query`: the query string without the page)."""
    parts = []
    if suggestions:
        links = "".join(f'<li><a href="?{escape(link)}">{escape(c.name)}</a></li>' for c, link in suggestions)
        parts.append(
            f'\n<div class="message message-warning" role="status"><p>{escape(gettext("Several chapters match; choose one:"))}</p>'
            f"\n  <ul>{links}</ul></div>\n"
        )
    if not page.rows:
        parts.append(f'<p class="empty-state">{escape(gettext("No members match."))}</p>\n')
        return SafeString("".join(parts))
    if page.total_is_exact:
        count = ngettext("%(n)s member", "%(n)s members", page.total) % {"n": page.total}
    else:
        count = gettext("More than %(n)s members: narrow the search to see them all.") % {"n": page.total}
    headers = "".join(f'<th scope="col">{escape(gettext(label))}</th>' for label in _HEADERS)
    parts.append(
        f'\n<p class="help" role="status">{count}</p>'
        f'\n<div class="table-wrap" tabindex="0" role="region" aria-label="{escape(gettext("Members"))}"><table>'
        f"\n  <thead><tr>{headers}</tr></thead>\n  <tbody>{page.rows}</tbody>\n</table></div>\n"
    )
    parts.append(
        pager(
            page.number,
            has_previous=page.has_previous,
            has_next=page.has_next,
            query=query,
            num_pages=page.num_pages if page.total_is_exact else None,
        )
    )
    parts.append("\n\n")
    return SafeString("".join(parts))
