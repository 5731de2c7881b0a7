import os

from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.functional import SimpleLazyObject

import simpul


def site(request):
    return {"SIMPUL_VERSION": simpul.__version__, "DEBUG": settings.DEBUG}


_CHARS = CSRF_ALLOWED_CHARS
_INDEX = {char: i for i, char in enumerate(_CHARS)}
_BELOW = 256 - 256 % len(_CHARS)  # bytes below this map evenly onto the characters


def _mask() -> list[int]:
    """CSRF_SECRET_LENGTH evenly drawn character indexes from one or two urandom reads (Django's
    get_random_string reads urandom once per character)."""
    drawn: list[int] = []
    while len(drawn) < CSRF_SECRET_LENGTH:
        drawn += [byte % len(_CHARS) for byte in os.urandom(2 * CSRF_SECRET_LENGTH) if byte < _BELOW]
    return drawn[:CSRF_SECRET_LENGTH]


def masked_csrf_token(request) -> str:
    """Django's `get_token(request)`: the request's secret under a fresh mask (so the token differs in
    every response), and the cookie flagged for renewal; the same masking, with a cheaper draw."""
    secret = request.META.get("CSRF_COOKIE")
    if not isinstance(secret, str) or len(secret) != CSRF_SECRET_LENGTH or secret.strip(_CHARS):
        return get_token(request)  # no secret yet (or an unexpected one): Django makes and flags it
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _mask()
    cipher = (_CHARS[(_INDEX[char] + m) % len(_CHARS)] for char, m in zip(secret, mask, strict=True))
    return "".join([_CHARS[m] for m in mask]) + "".join(cipher)


def csrf(request):
    """`csrf_token` for templates, replacing Django's built-in processor's (which runs first)."""
    return {"csrf_token": SimpleLazyObject(lambda: masked_csrf_token(request))}
