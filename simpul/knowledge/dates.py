"""Partial dates as Dublin Core writes them (YYYY, YYYY-MM, YYYY-MM-DD) and OAI-PMH UTC datestamps."""

import datetime
import re

PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(text: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) with month/day None when absent; None when `text` is not such a date."""
    match = PARTIAL.match((text or "").strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return year, month, day
