"""Rendered public parts of dashboards, their exports and the indicators API's answers, per process.

A key holds the programme's figures generation (read with the programme on every request; bumped in
the same transaction as every change to its aggregates, targets and categories) and its last edit,
so a cached part can never be older than the figures it shows, in any worker. Its own LocMem store:
the shared "fragments" alias keeps only 300 entries, and one programme-year has ~1,000 drill-down
pages. Region and library names are not in the key; the time limit bounds how long a renamed one
may still show its old name.
"""

from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone
from django.utils.translation import get_language

# The limit goes under OPTIONS: a top-level MAX_ENTRIES is ignored by Django, which left this store at
# its default of 300 entries (fewer than the 300 regencies of one year), so pages, places and names
# pushed one another out.
parts = LocMemCache("programs-parts", {"TIMEOUT": 600, "OPTIONS": {"MAX_ENTRIES": 3000}})
# Small lookups read on every uncached page (places, names of regions and beneficiaries, categories,
# targets): a store of their own, so rendered pages never push them out.
lookups = LocMemCache("programs-lookups", {"TIMEOUT": 600, "OPTIONS": {"MAX_ENTRIES": 20000}})


def part_key(kind: str, programme, *asked: str) -> str | None:
    """The key of `kind` for `programme` and the parameters asked; None for odd ones (not cached)."""
    if any(len(value) > 16 for value in asked):
        return None
    figures = f"{programme.pk}.{programme.figures_generation}.{programme.updated_at.timestamp()}"
    return "|".join([kind, figures, *asked, get_language() or "", str(timezone.localdate())])
