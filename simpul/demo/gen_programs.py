"""Synthetic data for simpul.programs at a scale ("demo" or "national"); removable by recorded id ranges."""

from collections.abc import Callable


def generate_programs(*, scale: str, seed: int = 20250626, log: Callable[[str], None] = print) -> dict:
    """Generate the programs rows for `scale`; returns counts by kind (filled in by the programs work)."""
    return {}


def remove_generated_programs(log: Callable[[str], None] = print) -> int:
    """Delete what generate_programs created; returns the number of rows removed."""
    return 0
