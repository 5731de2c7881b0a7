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
saved with a new path, for those who hold a role over it: once at once and once more after the transaction
commits, so a request that read the old row during the transaction cannot keep it. The timeout bounds
what a write that bypasses `save()` (a queryset `.update()`) could leave behind. This is cache upkeep
only; no business rule lives here.

The profile page also shows the person's education and employment rows: `history()` keeps them per
person, forgotten the same way on every save or delete of one of those rows (the employment receiver
is connected by `simpul.organisations`). An organisation renamed meanwhile shows under its new name
in a person's cached employment within the timeout.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

# Part of the key: change it whenever what is cached changes shape (a new annotation, a new field).
FORMAT = 2
TIMEOUT = 300


def _key(user_id) -> str:
    return f"session-user:{FORMAT}:{user_id}"


def get(user_id):
    return cache.get(_key(user_id))


def put(user) -> None:
    cache.set(_key(user.pk), user, TIMEOUT)


def _forget_key(key: str) -> None:
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def forget(user_id) -> None:
    if user_id is not None:
        _forget_key(_key(user_id))


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
