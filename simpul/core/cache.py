"""The default cache: Django's file cache, counting its entries only now and then.

Django's FileBasedCache lists its whole folder on every write to decide whether to cull: with sessions
(`cached_db`) and the repository's cached search answers in it, a folder of 7,600 entries took 13 ms
to list, on each login and each new cached answer. Here the count runs once every `CULL_EVERY`
writes (option, default 100) per process: the folder may pass MAX_ENTRIES by that many entries
between two counts, and is then culled as Django would.

Entries are compressed with zlib's fastest level, not its default (6): a kept search page (18 KB of
HTML) took 0.5 ms to pickle and compress and takes 0.28 ms so, 10% larger on disk. Reading is the same
for any level.
"""

import itertools
import pickle
import zlib

from django.core.cache.backends.filebased import FileBasedCache


class FileCache(FileBasedCache):
    def __init__(self, dir, params):
        options = dict(params.get("OPTIONS", {}))
        self._cull_every = max(1, int(options.pop("CULL_EVERY", 100)))
        super().__init__(dir, {**params, "OPTIONS": options})
        self._writes = itertools.count(1)

    def _cull(self):
        if next(self._writes) % self._cull_every == 0:
            super()._cull()

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), 1))
