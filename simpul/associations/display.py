"""The officers' member list drawn in Python: 25 rows of 6 values through the template engine (lookups,
auto-escaping, `default` filters) cost more than the page's queries. Every value is escaped here
(`html.escape`, quotes included)."""

from functools import lru_cache
from html import escape

from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString

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
