"""Synthetic data for simpul.knowledge at a scale ("demo" or "national"); removable by recorded id ranges."""

from collections.abc import Callable


def generate_knowledge(*, scale: str, seed: int = 20250626, log: Callable[[str], None] = print) -> dict:
    """Generate the knowledge rows for `scale`; returns counts by kind (filled in by the knowledge work)."""
    return {}


def remove_generated_knowledge(log: Callable[[str], None] = print) -> int:
    """Delete what generate_knowledge created; returns the number of rows removed."""
    return 0
