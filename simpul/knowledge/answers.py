"""What anonymous searches answer (the public results, their facets and snippets), shared by all server
processes until an item changes (see `simpul.core.publiccache`).

Everyone who is not signed in sees the same public, published items, so the same words, filters, order
and page give the same answer until an item is written. `indexing.item_reindex`, which every write of an
item goes through, marks the search changed; once that write commits, no answer cached before it is
read again. Signed-in people, whose access can be wider, always take the live path.

`SIMPUL_PUBLIC_CACHE=0` (every shared answer of the site) or `SIMPUL_KNOWLEDGE_SEARCH_CACHE=0` (only
these) in the environment turns the cache off, to measure the live path.
"""

import os

from simpul.core.publiccache import PublicAnswers

# An answer is kept from its second ask in a server process on: most questions are asked once, and
# keeping each cost a file write (about a tenth of a search) that nobody read.
SEARCH = PublicAnswers("knowledge.search", timeout=600, admit_after=2)
# Part of every key: change it whenever the shape of a cached answer changes, so that processes of a
# new release never read what an older release cached (and the other way round) during a deploy.
FORMAT = 4


def enabled() -> bool:
    return SEARCH.enabled() and os.environ.get("SIMPUL_KNOWLEDGE_SEARCH_CACHE", "1") != "0"


def key(user, kind: str, *parts) -> str | None:
    """The key of `user`'s answer of `kind` for `parts`; None (answer live, keep nothing) for a signed-in
    user or when the cache is off."""
    if getattr(user, "is_authenticated", False) or not enabled():
        return None
    return SEARCH.key(FORMAT, kind, *parts)
