"""Rendered public parts of dashboards, their exports and the indicators API's answers, per process.

A key holds the programme's figures generation and the number of its pending figure changes (both read
with the programme, in one statement, on every request; a change to the figures adds a pending row, a
fold renews the generation, and so do changes to targets, categories and beneficiaries) and its last
edit, so a cached part can never be older than the figures it shows, in any worker. Its own LocMem store:
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


def _state(programme) -> str:
    return f"{programme.pk}.{programme.figures_generation}.{programme.updated_at.timestamp()}"


def lookup_key(kind: str, programme, *asked: str) -> str:
    """The key of a lookup shown beside the figures (categories, targets, beneficiary names): renewed
    with the figures generation, which their writers and every fold renew."""
    return "|".join([kind, _state(programme), *asked])


def part_key(kind: str, programme, *asked: str) -> str | None:
    """The key of `kind` (a rendered part or answer showing figures) for `programme` and the parameters
    asked; None for odd ones, or a programme read without `pending_figures` (not cached). The figures
    generation with the number of pending changes names the state of the figures: between two folds
    changes are only added, and a fold renews the generation."""
    pending = getattr(programme, "pending_figures", None)
    if pending is None or any(len(value) > 16 for value in asked):
        return None
    return "|".join(
        [kind, f"{_state(programme)}.{pending}", *asked, get_language() or "", str(timezone.localdate())]
    )
