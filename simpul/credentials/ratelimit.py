"""A small fixed-window limit on public verification lookups, per client address (the cache counts)."""

import time

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow_lookup(request) -> bool:
    """True while the client has made fewer than SIMPUL_VERIFY_RATE_PER_MINUTE lookups this minute."""
    window = int(time.time() // 60)
    key = f"credentials:verify:{client_address(request)}:{window}"
    cache.add(key, 0, timeout=70)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=70)
        count = 1
    return count <= settings.SIMPUL_VERIFY_RATE_PER_MINUTE
