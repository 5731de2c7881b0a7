"""Ed25519 signatures over canonical JSON (RFC 8785, JCS), keys from settings, did:key identifiers.

The canonical form: keys sorted, no whitespace, UTF-8, numbers only as integers (claims never hold
floats, so the output equals JCS). A credential's signature covers its public claims; an Open Badges
document's proof follows the W3C Data Integrity suite eddsa-jcs-2022.
"""

import base64
import hashlib
import json
from functools import cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_MULTICODEC = b"\xed\x01"


def canonical_json(data) -> bytes:
    """JCS (RFC 8785) for JSON without floats."""

    def check(value):
        if isinstance(value, float):
            raise TypeError("Canonical claims hold no floats; use strings or integers.")
        if isinstance(value, dict):
            for v in value.values():
                check(v)
        elif isinstance(value, list):
            for v in value:
                check(v)

    check(data)
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = B58_ALPHABET[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + B58_ALPHABET.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(public_bytes(key)).hexdigest()[:16]


def did_key(key: Ed25519PublicKey) -> str:
    """did:key:z6Mk...: the public key itself, so a verifier needs nothing online."""
    return "did:key:z" + b58encode(ED25519_MULTICODEC + public_bytes(key))


def public_key_from_did(did: str) -> Ed25519PublicKey:
    value = did.split("#", 1)[0]
    if not value.startswith("did:key:z"):
        raise ValueError("Not a did:key identifier.")
    raw = b58decode(value[len("did:key:z") :])
    if not raw.startswith(ED25519_MULTICODEC) or len(raw) != 34:
        raise ValueError("Not an Ed25519 did:key.")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def load_public_key(text: str) -> Ed25519PublicKey:
    """A public key given as base64url raw bytes, a did:key, or PEM."""
    text = text.strip()
    if text.startswith("did:key:"):
        return public_key_from_did(text)
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_public_key(text.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("Not an Ed25519 public key.")
        return key
    return Ed25519PublicKey.from_public_bytes(b64url_decode(text))


@cache
def _private_key(seed: str) -> Ed25519PrivateKey:
    try:
        if seed.strip().startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(seed.encode(), password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise ValueError
            return key
        return Ed25519PrivateKey.from_private_bytes(b64url_decode(seed.strip()))
    except ValueError as error:
        raise ImproperlyConfigured(
            "SIMPUL_SIGNING_KEY must be an Ed25519 private key: 32 bytes in base64url, or PEM."
        ) from error


def signing_key() -> Ed25519PrivateKey:
    return _private_key(settings.SIMPUL_SIGNING_KEY)


def current_public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


def known_public_keys() -> dict[str, Ed25519PublicKey]:
    """The current key and the retired ones, by key id."""
    keys = [current_public_key()] + [load_public_key(k) for k in settings.SIMPUL_SIGNING_RETIRED_KEYS]
    return {key_id(k): k for k in keys}


def uses_development_key() -> bool:
    return getattr(settings, "SIMPUL_DEV_SIGNING_KEY", None) == settings.SIMPUL_SIGNING_KEY


def sign(data: bytes) -> tuple[str, bytes]:
    """(key id, signature) of `data` with the current key."""
    key = signing_key()
    return key_id(key.public_key()), key.sign(data)


def verify(public_key: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return False
    return True
