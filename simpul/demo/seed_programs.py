"""Demo data for simpul.programs: called by seed.py as a step (takes the Seed); get-or-create, so a rerun adds nothing."""


def seed_programs(seed) -> None:
    """Build the programs demo from the seed stories (filled in by the programs work)."""
