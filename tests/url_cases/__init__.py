"""What a persona may get from a URL, shared by tests/test_every_url.py and the per-app tables here.

Each app added after the first ones keeps its own table in `tests/url_cases/<app>.py`:
`CASES` (URL name -> Case or list of Cases) and `samples(s)` returning the extra sample objects
its URLs need (attributes added to the shared namespace `s`, which already holds regions, ipi, users).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

PERSONAS = ("anonymous", "member", "outsider", "officer", "admin")


# --- What a persona may get -------------------------------------------------------------------
@dataclass(frozen=True)
class Redirect:
    """A redirect (301/302/303/307/308) whose target path starts with `to` (a URL name or a path)."""

    to: str

    def target(self) -> str:
        return self.to if self.to.startswith("/") else reverse(self.to)

    def matches(self, response) -> bool:
        if response.status_code not in (301, 302, 303, 307, 308):
            return False
        return urlsplit(response.headers.get("Location", "")).path.startswith(self.target())

    def __str__(self) -> str:
        return f"redirect to {self.to}"


LOGIN = Redirect("account_login")
AFTER_LOGIN = Redirect(settings.LOGIN_REDIRECT_URL)
ADMIN_LOGIN = Redirect("admin:login")
Expected = int | Redirect | tuple  # a tuple: any one of its items


def _matches(expected: Expected, response) -> bool:
    if isinstance(expected, tuple):
        return any(_matches(e, response) for e in expected)
    if isinstance(expected, Redirect):
        return expected.matches(response)
    return response.status_code == expected


def _describe(expected: Expected) -> str:
    if isinstance(expected, tuple):
        return " or ".join(_describe(e) for e in expected)
    return str(expected)


# --- One entry per URL pattern ----------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    """How to visit one URL pattern and what each persona gets.

    `kwargs(samples)` fills the pattern's parameters; `path(samples)` replaces reverse() entirely
    (unnamed patterns); `query` is appended as the query string.
    """

    expect: dict[str, Expected]
    kwargs: Callable[[SimpleNamespace], dict[str, Any]] | None = None
    path: Callable[[SimpleNamespace], str] | None = None
    query: str = ""
    why: str = ""  # a note for statuses that would surprise a reader

    def url(self, key: str, samples: SimpleNamespace) -> str:
        if self.path is not None:
            url = self.path(samples)
        else:
            url = reverse(key, kwargs=self.kwargs(samples) if self.kwargs else None)
        return f"{url}?{self.query}" if self.query else url


def case(default: Expected, **options) -> Case:
    """`default` for every persona; `anonymous=`, `member=`, ... override one; the rest go to Case."""
    expect = {p: options.pop(p, default) for p in PERSONAS}
    return Case(expect=expect, **options)


def public(**options) -> Case:
    return case(200, **options)


def signed_in(**options) -> Case:
    options.setdefault("anonymous", LOGIN)
    return case(200, **options)


def post_only(**options) -> Case:
    """A POST-only page behind a login: anonymous visitors are sent to sign in, the rest get 405."""
    options.setdefault("anonymous", LOGIN)
    return case(405, **options)


def owner_only(**options) -> Case:
    """An object of the member's own: the member sees it, everyone else is told it does not exist."""
    options.setdefault("anonymous", LOGIN)
    return case(404, member=200, **options)
