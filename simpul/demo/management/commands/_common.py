"""Shared by `simpul demo`, `simpul seed` and `simpul generate`."""

from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from simpul.regions.models import Level, Region

# Kemendagri 2025: 38 provinces, 514 regencies/cities, 7,285 districts, 83,762 villages.
FULL_VILLAGE_COUNT = 83_762


def regions_loaded() -> bool:
    return Region.objects.filter(level=Level.VILLAGE).count() >= FULL_VILLAGE_COUNT


def ensure_regions(stdout, *, verbosity: int = 1) -> None:
    """Load the whole region hierarchy unless it is there already."""
    if regions_loaded():
        return
    if "regions" not in get_commands():
        raise CommandError(
            "The regions loader (`simpul regions load`) is not available in this build, "
            "so the demo cannot load the Kemendagri regions."
        )
    stdout.write("Loading the Kemendagri regions (38 provinces ... 83,762 villages)...")
    call_command("regions", "load", verbosity=verbosity)
