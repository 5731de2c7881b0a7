"""Rendered answers of the register that are the same for every visitor, shared by all server processes
(see `simpul.core.publiccache`).

The statistics page shows only the aggregate counts and region names, the same to everyone, signed in
or not. `services.stats` marks it changed whenever the aggregates move (every register write that
changes a count goes through `stats_apply`, and `stats_rebuild`); region names change only when the
regions are reloaded, so an answer lives ten minutes at most.
"""

from simpul.core.publiccache import PublicAnswers

STATISTICS = PublicAnswers("libraries.statistics", timeout=600)
