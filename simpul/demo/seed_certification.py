"""Demo data for simpul.certification: called by seed.py as a step (takes the Seed); get-or-create, so a rerun adds nothing."""


def seed_certification(seed) -> None:
    """Build the certification demo from the seed stories (filled in by the certification work)."""
