"""Every-URL table for simpul.certification: see tests/url_cases/__init__.py."""

from __future__ import annotations

from types import SimpleNamespace

from tests.url_cases import case, owner_only, post_only, public, signed_in  # noqa: F401

CASES: dict = {
    "certification:index": public(),
}


def samples(s: SimpleNamespace) -> dict:
    """Sample objects the URLs above need, made with the app's services; s holds regions, ipi, users."""
    return {}
