"""Test helpers for answers shared through `simpul.core.publiccache.PublicAnswers`."""

from django.core.cache import cache


def cached_answer_keys(name: str) -> list[str]:
    """The keys of the answers `PublicAnswers(name)` holds in the (locmem) test cache, as `cache.get`
    takes them; its state token left out."""
    stored = [key.split(":", 2)[2] for key in cache._cache]  # ":<version>:<key>"
    return [k for k in stored if k.startswith(f"public:{name}:") and not k.endswith(":state")]
