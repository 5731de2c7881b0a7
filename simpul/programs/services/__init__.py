"""Writes of simpul.programs, one module per subject."""
