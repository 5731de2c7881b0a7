"""Synthetic data for simpul.certification at a scale ("demo" or "national"); removable by recorded id ranges."""

from collections.abc import Callable


def generate_certification(*, scale: str, seed: int = 20250626, log: Callable[[str], None] = print) -> dict:
    """Generate the certification rows for `scale`; returns counts by kind (filled in by the certification work)."""
    return {}


def remove_generated_certification(log: Callable[[str], None] = print) -> int:
    """Delete what generate_certification created; returns the number of rows removed."""
    return 0
