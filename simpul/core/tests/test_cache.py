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


def test_entries_are_compressed_and_read_back_by_djangos_own_file_cache(tmp_path):
    from django.core.cache.backends.filebased import FileBasedCache

    page = "<li>Naskah lontar · Pengetahuan lokal</li>\n" * 400  # 17 KB of repetitive HTML
    ours = FileCache(str(tmp_path), {})
    ours.set("page", {"results": page}, 60)
    assert ours.get("page") == {"results": page}
    assert FileBasedCache(str(tmp_path), {}).get("page") == {"results": page}
    (entry,) = tmp_path.glob("*.djcache")
    assert entry.stat().st_size < len(page) // 10  # compressed, not stored as it is
    ours.set("gone", "x", -1)  # an expired entry is not read
    assert ours.get("gone") is None
