"""Demo data for simpul.events: called by seed.py as a step (takes the Seed); get-or-create, so a rerun adds nothing."""


def seed_events(seed) -> None:
    """Build the events demo from the seed stories (filled in by the events work)."""
