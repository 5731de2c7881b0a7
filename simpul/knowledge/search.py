"""Full-text search behind one interface: PostgreSQL full-text search or SQLite FTS5.

Both index the same thing, `SearchDocument.body`: the item's metadata and file text, lower-cased
and stemmed word by word with Sastrawi (Indonesian). A query is stemmed the same way, so "perpustakaan"
finds "pustaka" and "melestarikan" finds "lestari". On PostgreSQL the body is read into a generated
tsvector column with the 'simple' configuration (no second stemming) under a GIN index; on SQLite it
is copied into the FTS5 table `knowledge_fts`. The backend is chosen by `connection.vendor`.
"""

import functools
import re
from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

WORD = re.compile(r"[0-9a-zà-ÿ]+", re.IGNORECASE)
MAX_QUERY_WORDS = 12
# A query reads at most this many candidates from the index (facets, count and pages come from
# them); a broader query says "more than" and asks for more words. A common word can match most
# of 200,000 items, and reading every match for each request is what made search take seconds.
MATCH_LIMIT = 2000


@functools.cache
def _stemmer():
    return StemmerFactory().create_stemmer()


@functools.lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    word = word.lower()
    if len(word) <= 3 or word.isdigit():
        return word
    return _stemmer().stem(word) or word


def words(text: str) -> list[str]:
    return WORD.findall((text or "").lower())


def stem_text(text: str) -> str:
    """The text as the index holds it: lower-case stems separated by spaces."""
    return " ".join(stem_word(w) for w in words(text))


def query_stems(query: str) -> list[str]:
    """The distinct stems of a query, in order, at most MAX_QUERY_WORDS."""
    seen: list[str] = []
    for w in words(query):
        s = stem_word(w)
        if s not in seen:
            seen.append(s)
    return seen[:MAX_QUERY_WORDS]


def _item_id_column(queryset: QuerySet) -> str:
    """The outer query's item id column: `knowledge_item.id`, or `knowledge_facetentry.item_id`
    when ranking the narrow facet rows (our own model names, never input)."""
    meta = queryset.model._meta
    return f"{meta.db_table}.{meta.pk.column}"


class Backend:
    vendor = ""

    def write(self, rows: Iterable[tuple[int, str]]) -> None:
        """Index (item id, stemmed body) pairs, replacing what was there."""

    def delete(self, item_ids: Iterable[int]) -> None:
        pass

    def matching(self, queryset: QuerySet, stems: list[str]) -> QuerySet:
        """`queryset` narrowed to items whose body holds every stem (among the first MATCH_LIMIT)."""
        raise NotImplementedError

    def candidates(self, stems: list[str], limit: int) -> int:
        """How many documents hold every stem, counted up to `limit`."""
        return len(self.candidate_ids(stems, limit))

    def among(self, queryset: QuerySet, ids: list[int]) -> QuerySet:
        """`queryset` narrowed to the given item ids."""
        return queryset.filter(pk__in=ids)

    def candidate_ids(self, stems: list[str], limit: int) -> list[int]:
        """The ids of (at most `limit`) documents holding every stem: one read of the index."""
        raise NotImplementedError

    def ranked(self, queryset: QuerySet, stems: list[str]) -> QuerySet:
        """`queryset` annotated with `rank` (higher is better) for the stems."""
        raise NotImplementedError

    def rebuild(self) -> None:
        """Reload the engine's index from the search documents (after bulk loads)."""


class PostgresBackend(Backend):
    vendor = "postgresql"

    def matching(self, queryset, stems):
        tsquery = " & ".join(stems)
        sql = "SELECT item_id FROM knowledge_searchdocument WHERE vector @@ to_tsquery('simple', %s) LIMIT %s"
        return queryset.filter(pk__in=RawSQL(sql, [tsquery, MATCH_LIMIT]))  # noqa: S611  (parameters, not text)

    def candidates(self, stems, limit):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM knowledge_searchdocument"
                " WHERE vector @@ to_tsquery('simple', %s) LIMIT %s) t",
                [" & ".join(stems), limit],
            )
            return cursor.fetchone()[0]

    def among(self, queryset, ids):
        # One parameter, not 2,000 (building and binding each was CPU in every worker), written as the
        # array's text: a tenth of the CPU of adapting a list of 2,000 ints one by one.
        if not ids:
            return queryset.none()
        literal = "{" + ",".join(map(str, ids)) + "}"  # a parameter: anything but integers fails the cast
        return queryset.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [literal]))  # noqa: S611

    def candidate_ids(self, stems, limit):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT item_id FROM knowledge_searchdocument WHERE vector @@ to_tsquery('simple', %s) LIMIT %s",
                [" & ".join(stems), limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def ranked(self, queryset, stems):
        tsquery = " & ".join(stems)
        rank = RawSQL(  # noqa: S611  (the column name is ours, the words are a parameter)
            "SELECT ts_rank(vector, to_tsquery('simple', %s)) FROM knowledge_searchdocument d"  # noqa: S608
            f" WHERE d.item_id = {_item_id_column(queryset)}",
            [tsquery],
        )
        return queryset.annotate(rank=rank)


class SqliteBackend(Backend):
    vendor = "sqlite"

    def write(self, rows):
        rows = list(rows)
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM knowledge_fts WHERE rowid = %s", [(pk,) for pk, _ in rows])
            cursor.executemany("INSERT INTO knowledge_fts (rowid, body) VALUES (%s, %s)", rows)

    def delete(self, item_ids):
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM knowledge_fts WHERE rowid = %s", [(pk,) for pk in item_ids])

    @staticmethod
    def _expression(stems):
        # Each stem quoted: FTS5 reads bare words such as AND, OR, NOT or NEAR as operators.
        return " ".join('"' + s.replace('"', "") + '"' for s in stems)

    def matching(self, queryset, stems):
        ids = RawSQL(
            "SELECT rowid FROM knowledge_fts WHERE knowledge_fts MATCH %s LIMIT %s",
            [self._expression(stems), MATCH_LIMIT],
        )
        return queryset.filter(pk__in=ids)

    def candidates(self, stems, limit):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM knowledge_fts WHERE knowledge_fts MATCH %s LIMIT %s)",
                [self._expression(stems), limit],
            )
            return cursor.fetchone()[0]

    def candidate_ids(self, stems, limit):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM knowledge_fts WHERE knowledge_fts MATCH %s LIMIT %s",
                [self._expression(stems), limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def ranked(self, queryset, stems):
        expression = self._expression(stems)
        rank = RawSQL(  # noqa: S611  (the column name is ours, the words are a parameter)
            "SELECT -bm25(knowledge_fts) FROM knowledge_fts WHERE knowledge_fts MATCH %s"  # noqa: S608
            f" AND knowledge_fts.rowid = {_item_id_column(queryset)}",
            [expression],
        )
        return queryset.annotate(rank=rank)

    def rebuild(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM knowledge_fts")
            cursor.execute(
                "INSERT INTO knowledge_fts (rowid, body) SELECT item_id, body FROM knowledge_searchdocument"
            )


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"No search backend for {connection.vendor}")
