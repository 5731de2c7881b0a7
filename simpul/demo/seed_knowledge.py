"""Demo data for simpul.knowledge: called by seed.py as a step (takes the Seed); get-or-create, so a rerun adds nothing."""


def seed_knowledge(seed) -> None:
    """Build the knowledge demo from the seed stories (filled in by the knowledge work)."""
