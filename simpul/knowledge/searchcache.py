"""A shared cache of what anonymous searches answer (the public results, their facets and snippets).

Everyone who is not signed in sees the same public, published items, so the same words, filters,
order and page give the same answer until an item changes. Answers are kept in the default cache
(shared by every server process) under a key that holds the search state token
(`SearchState`), which `indexing.item_reindex` changes in the same transaction as every write of
an item: once that write is committed, no cached answer from before it can be read, and a reader
that raced it cached under the old token, which nobody asks for again. Signed-in people, whose
access can be wider, always take the live path.

`SIMPUL_KNOWLEDGE_SEARCH_CACHE=0` in the environment turns the cache off (to measure the live path).
"""

import hashlib
import os

from django.core.cache import cache
from django.utils import translation

from .models import SearchState

TIMEOUT = 600  # seconds; the token makes answers stale, this only bounds what the cache keeps
# Part of every key: change it whenever the shape of a cached answer changes, so that processes of a
# new release never read what an older release cached (and the other way round) during a deploy.
FORMAT = 2


def enabled() -> bool:
    return os.environ.get("SIMPUL_KNOWLEDGE_SEARCH_CACHE", "1") != "0"


def state_token() -> str:
    """The current search state (one primary-key read)."""
    return SearchState.objects.filter(pk=1).values_list("token", flat=True).first() or "none"


def key(kind: str, *parts) -> str:
    """A cache key for an anonymous answer of `kind`, in the current language and search state."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    return f"knowledge:search:{FORMAT}:{kind}:{state_token()}:{translation.get_language()}:{digest}"


def get(cache_key: str):
    return cache.get(cache_key)


def put(cache_key: str, value) -> None:
    cache.set(cache_key, value, TIMEOUT)
