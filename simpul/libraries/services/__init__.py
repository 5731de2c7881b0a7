"""Writes to the library register. Import from the modules: libraries, registrations, stats, imports, exports."""
