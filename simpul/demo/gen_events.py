"""Synthetic data for simpul.events at a scale ("demo" or "national"); removable by recorded id ranges."""

from collections.abc import Callable


def generate_events(*, scale: str, seed: int = 20250626, log: Callable[[str], None] = print) -> dict:
    """Generate the events rows for `scale`; returns counts by kind (filled in by the events work)."""
    return {}


def remove_generated_events(log: Callable[[str], None] = print) -> int:
    """Delete what generate_events created; returns the number of rows removed."""
    return 0
