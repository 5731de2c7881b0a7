"""The public register's rows, drawn in Python once per answer.

Profiling the register page showed most of its CPU in the template engine: per row a `reverse()`, two
`date` filters (each a format parse and translated month names) and five lookups. Here the months
come from one list per language and the links from one reversed prefix; every value is escaped
(`html.escape`, quotes included)."""

import datetime
from functools import lru_cache
from html import escape

from django.urls import reverse
from django.utils import dateformat, translation
from django.utils.safestring import SafeString


@lru_cache(maxsize=8)
def _months(language: str) -> tuple[str, ...]:
    """The abbreviated month names the template filter `date:"M"` prints in `language`."""
    with translation.override(language):
        return tuple(dateformat.format(datetime.date(2000, month, 1), "M") for month in range(1, 13))


@lru_cache(maxsize=1)
def _verify_prefix() -> str:
    return reverse("credentials:verify", args=["0"]).removesuffix("0/")


def day_text(day: datetime.date, months: tuple[str, ...]) -> str:
    """`day` as `date:"j M Y"` prints it."""
    return f"{day.day} {months[day.month - 1]} {day.year}"


def register_rows(rows) -> SafeString:
    """The register table's rows: holder, number (linked to its verification page), scheme, dates.
    `rows` are `selectors.RegisterRow`s."""
    months = _months(translation.get_language() or "en")
    prefix = _verify_prefix()
    return SafeString(
        "".join(
            f"<tr><td>{escape(row.holder)}</td>"
            f'<td><a href="{prefix}{escape(row.code)}/">{escape(row.number)}</a></td>'
            f"<td>{escape(row.scheme)}</td><td>{day_text(row.issued_on, months)}</td>"
            f"<td>{day_text(row.valid_until, months)}</td></tr>"
            for row in rows
        )
    )
