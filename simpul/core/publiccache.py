"""Rendered answers that are the same for everyone who sees only public rows, shared by all server processes.

A public list (the event calendar, a public register) shows every visitor who is not signed in, and
every signed-in person whose roles add nothing to it, the same rows for the same filters and page
until one of those rows is written. `PublicAnswers` keeps
such rendered answers in the default cache under a key that holds the list's *state token*; the
services that write the rows call `changed()`, which gives the list a new token once their
transaction commits. From then on no answer cached before the write is read again:

- a reader that read the old token before the commit stores its answer under the old token, which
  nobody asks for any more;
- a reader that reads the new token started after the commit, so its answer holds the write.

Lists that also depend on the clock ("coming up" drops events that have ended) pass `bucket`: the key
then changes every `bucket` seconds as well. The caller decides who shares the answers; people whose
view is wider (an organiser sees drafts) take the live path. With `admit_after` above 1 an answer
is kept only from that ask (in the same process) on: for a search box, where most questions are asked
once, keeping every answer cost a file write per search and filled the cache with answers nobody read.
`SIMPUL_PUBLIC_CACHE=0` in the environment turns every such cache off (to measure the live path).
"""

import hashlib
import os
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.utils import translation

# Part of every key: change it whenever the shape of cached answers changes, so that processes of a
# new release never read what an older release cached (and the other way round) during a deploy.
FORMAT = 1


class PublicAnswers:
    def __init__(
        self,
        name: str,
        *,
        timeout: int = 600,
        bucket: int | None = None,
        admit_after: int = 1,
        remember: int = 20_000,
    ):
        self.name = name
        self.timeout = timeout
        self.bucket = bucket
        self._pending = threading.local()  # this thread wrote the list since the token was last renewed
        # Keep an answer only once it was asked `admit_after` times in this process (since the last
        # change); the last `remember` questions not yet kept are counted. See `_admits`.
        self.admit_after = admit_after
        self._remember = remember
        self._asked: OrderedDict[str, int] = OrderedDict()
        self._asked_lock = threading.Lock()

    @property
    def _state_key(self) -> str:
        return f"public:{self.name}:state"

    def enabled(self) -> bool:
        return os.environ.get("SIMPUL_PUBLIC_CACHE", "1") != "0"

    def token(self) -> str:
        """The list's current state; a new one when the cache lost it (then nothing older is read)."""
        found = cache.get(self._state_key)
        if found is None:
            cache.add(self._state_key, uuid.uuid4().hex, None)
            found = cache.get(self._state_key) or "lost"
        return found

    def changed(self) -> None:
        """Call from the service that writes the list's rows, inside its transaction (at once outside
        one). However many rows a transaction writes (an import: thousands), its commit renews the token
        once: the first of its callbacks renews, the others find nothing pending."""
        self._pending.value = True
        transaction.on_commit(self._renew)

    def _renew(self) -> None:
        if getattr(self._pending, "value", False):
            self._pending.value = False
            self._new_token()

    def _new_token(self) -> None:
        cache.set(self._state_key, uuid.uuid4().hex, None)

    def key(self, *parts) -> str:
        """The key of the answer for `parts` (filters, page...) in the current language and state."""
        when = int(time.time() // self.bucket) if self.bucket else 0
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
        return f"public:{self.name}:{FORMAT}:{self.token()}:{when}:{translation.get_language()}:{digest}"

    def get(self, key: str):
        return cache.get(key)

    def put(self, key: str, value) -> None:
        cache.set(key, value, self.timeout)

    def answer(self, key: str | None, make: Callable[[], object]):
        """The answer kept under `key`, or `make()`'s, kept for the next caller. `key` None (the cache
        is off, or this caller's view is not the shared one): made, and not kept. What `make` raises
        (a 404, bad input) is raised and nothing is kept."""
        if key is None:
            return make()
        found = self.get(key)
        if found is None:
            found = make()
            if self._admits(key):
                self.put(key, found)
        return found

    def _admits(self, key: str) -> bool:
        """Is the answer for `key` worth keeping? With `admit_after` 1, always. Above 1, once this
        process was asked for it that many times: a question asked once (most of a search box's
        questions) then costs no write of a file that nobody reads, and fills no room in the cache.
        The count is per process, so a question asked on several server processes is kept a little
        later; it is kept for everyone from then on."""
        if self.admit_after <= 1:
            return True
        with self._asked_lock:
            asked = self._asked.pop(key, 0) + 1
            if asked >= self.admit_after:
                return True
            self._asked[key] = asked
            if len(self._asked) > self._remember:
                self._asked.popitem(last=False)
        return False
