"""Protection of sensitive values (NIK) at rest: Fernet encryption plus a keyed digest for lookups.

Keys come from settings.SIMPUL_FIELD_KEYS; the first encrypts, all decrypt, so keys can rotate.
The digest (HMAC-SHA256) lets the database hold a unique constraint without the clear value.
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("SIMPUL_FIELD_KEYS is empty: sensitive fields cannot be protected.")
    return MultiFernet([Fernet(k.encode()) for k in keys])


def _keys() -> tuple[str, ...]:
    return tuple(settings.SIMPUL_FIELD_KEYS)


def encrypt(value: str) -> str:
    return _fernet(_keys()).encrypt(value.encode()).decode()


def decrypt(token: str) -> str | None:
    """The clear value, or None when no configured key opens the token."""
    try:
        return _fernet(_keys()).decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return None


def digest(value: str, purpose: str) -> str:
    """A stable keyed digest of `value` for equality lookups and unique constraints."""
    key = base64.urlsafe_b64decode(_keys()[0].encode())
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def mask(value: str, *, keep_start: int = 2, keep_end: int = 4) -> str:
    """'3372015507900001' -> '33**********0001'."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
