"""Rendered answers of the register that are the same for every visitor, shared by all server processes
(see `simpul.core.publiccache`).

The statistics page shows only the aggregate counts and region names; the directory's results show
libraries of the public statuses only, counted from the same aggregates. Both are the same to
everyone, signed in or not (the directory page around the results, which is not cached, adds the
"Register a library" link for people who are signed in). `services.stats` marks both changed whenever
the aggregates move (`stats_apply`, which every register write that changes a count goes through, and
`stats_rebuild`); `library_update`, `library_set_status` and `import_apply` mark the directory changed
for writes that move no count (a new name, address or position). Region names change only when the
regions are reloaded, so an answer lives ten minutes at most.
"""

from simpul.core.publiccache import PublicAnswers

STATISTICS = PublicAnswers("libraries.statistics", timeout=600)
DIRECTORY = PublicAnswers("libraries.directory", timeout=600)


def register_changed() -> None:
    """The counts moved: every cached statistics and directory answer is out of date."""
    STATISTICS.changed()
    DIRECTORY.changed()
