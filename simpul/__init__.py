"""Simpul: where librarians, libraries, their associations and the National Library meet."""

__version__ = "0.1.0"
