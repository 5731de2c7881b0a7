"""The default file cache stays bounded while counting its folder only once every CULL_EVERY writes."""

from simpul.core.cache import FileCache


class CountingFileCache(FileCache):
    listings = 0

    def _list_cache_files(self):
        type(self).listings += 1
        return super()._list_cache_files()


def test_the_cache_lists_its_folder_once_per_cull_every_writes_and_stays_bounded(tmp_path):
    cache = CountingFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 20, "CULL_EVERY": 10}})
    for n in range(100):
        cache.set(f"key-{n}", n)
    assert CountingFileCache.listings == 10  # Django's own FileBasedCache: 100
    entries = len(list(tmp_path.glob("*.djcache")))
    assert entries <= 20 + 10  # culled at each count, never more than CULL_EVERY past the limit
    assert cache.get("key-99") == 99  # the newest entry is there
