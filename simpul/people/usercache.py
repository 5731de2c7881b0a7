"""The session's user, with its person, and the person's own history rows kept in the shared cache
between requests.

Every signed-in request loads its user (with the person, and in `simpul.organisations.backends`
whether that person holds any role row, and that person's role rows with their dates and the path of
each role's organisation). That query cost about a third of a small signed-in page's
time, for a row that changes a few times a year. `simpul.people.backends` reads it from the default
cache instead, and loads and stores it on a miss.

A cached user must never outlive a change that matters to signing in (deactivation, a new password,
which changes the session hash, a new name or role). The receivers below forget a user on every save
or delete of the User, its Person, or (connected by `simpul.organisations`) a role assignment,
whoever writes it (services, the admin, allauth), and (also connected there) of an organisation
saved with a new path, for those who hold a role over it: each gives the user's entry a new version,
at once and again after the transaction commits. A request reads the version before the row and
stores the row under it, so a row read before a write is never served after it. The timeout bounds
what a write that bypasses `save()` (a queryset `.update()`) could leave behind. This is cache upkeep
only; no business rule lives here.

The profile page also shows the person's education and employment rows: `history()` keeps them per
person, forgotten the same way on every save or delete of one of those rows (the employment receiver
is connected by `simpul.organisations`). An organisation renamed meanwhile shows under its new name
in a person's cached employment within the timeout.
"""

import pickle
import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

# Part of the key: change it whenever what is cached changes shape (a new annotation, a new field).
FORMAT = 2
TIMEOUT = 300
# Each process also keeps the rows it served, pickled, under the same key for KEPT_FOR seconds: a
# request then reads only the version from the shared cache (the row's file read and decompression
# were most of the signed-in floor's cost). A new version, from a write in any process, is a new key;
# a write that bypasses save() is seen within TIMEOUT + KEPT_FOR.
_kept: dict[tuple, tuple[float, bytes]] = {}
KEPT_FOR = 60
KEPT_MAX = 2000


def _version_key(user_id) -> str:
    return f"session-user:{FORMAT}:{user_id}:version"


def version(user_id) -> str:
    """The user's entry version. Read it *before* reading the user's row and store the row under it:
    a write that commits in between renews the version, so a row read before it is stored where
    nobody looks any more ("lost": the cache could not keep a version; then nothing is stored)."""
    key = _version_key(user_id)
    found = cache.get(key)
    if found is None:
        cache.add(key, uuid.uuid4().hex, None)
        found = cache.get(key) or "lost"
    return found


def _key(user_id, version: str) -> str:
    return f"session-user:{FORMAT}:{user_id}:{version}"


def get(user_id, version: str):
    """The user stored under `version`, a fresh object for each call (never shared between requests)."""
    if version == "lost":
        return None
    kept = _kept.get((user_id, version))
    if kept is not None and kept[0] > time.monotonic():
        return pickle.loads(kept[1])  # noqa: S301 - pickled here, from the row this process read or was given
    user = cache.get(_key(user_id, version))
    if user is not None:
        _keep(user_id, version, user)
    return user


def put(user, version: str) -> None:
    if version != "lost":
        cache.set(_key(user.pk, version), user, TIMEOUT)
        _keep(user.pk, version, user)


def _keep(user_id, version: str, user) -> None:
    if len(_kept) >= KEPT_MAX:
        _kept.pop(next(iter(_kept)), None)  # the oldest
    _kept[(user_id, version)] = (time.monotonic() + KEPT_FOR, pickle.dumps(user, pickle.HIGHEST_PROTOCOL))


def _forget_key(key: str) -> None:
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def forget(user_id) -> None:
    """A new version at once and again on commit: no entry stored before either is read again."""
    if user_id is None:
        return
    key = _version_key(user_id)
    cache.set(key, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, None))


def _history_key(person_id) -> str:
    return f"person-history:{FORMAT}:{person_id}"


def history(person_id, load: Callable[[], tuple]) -> tuple:
    """The person's history rows as `load()` gives them, from the cache when it holds them."""
    key = _history_key(person_id)
    found = cache.get(key)
    if found is None:
        found = load()
        cache.set(key, found, TIMEOUT)
    return found


def forget_history(sender, instance, **kwargs) -> None:
    """An education or employment row written or deleted."""
    _forget_key(_history_key(instance.person_id))


def forget_user(sender, instance, **kwargs) -> None:
    forget(instance.pk)


def forget_person(sender, instance, **kwargs) -> None:
    forget(instance.user_id)
