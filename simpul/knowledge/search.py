"""Full-text search behind one interface: PostgreSQL full-text search or SQLite FTS5.

Both index the same thing, `SearchDocument.body`: the item's metadata and file text, lower-cased
and stemmed word by word with Sastrawi (Indonesian). A query is stemmed the same way, so "perpustakaan"
finds "pustaka" and "melestarikan" finds "lestari"; every word must match. The backend is chosen by
`connection.vendor`:

- PostgreSQL reads the body into a generated tsvector column with the 'simple' configuration (no second
  stemming), and each lexeme of a published item's tsvector into a posting (`knowledge_posting`,
  migration 0006): the lexeme's number of occurrences as its score, who may see the item (public, the
  organisation whose members or community may, the depositor) and its facet values. One btree range
  read of a term then gives its best matches a reader may see, in relevance order, with what the
  facets count: no GIN bitmap of every match, no second table per match.
- SQLite copies the body into the FTS5 table `knowledge_fts` (ranked by bm25) and reads the rest from
  the items.

`Backend.find` answers a search in one statement: at most MATCH_LIMIT best matches, their facet
counts, whether there were more, and one page of ids in the chosen order.
"""

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from simpul.core.db import among, prepared_cursor

WORD = re.compile(r"[0-9a-zà-ÿ]+", re.IGNORECASE)
MAX_QUERY_WORDS = 12
# A search reads at most this many of its best matches: the count, the facets and the pages come from
# them, and a broader search says that many more match and asks for more words. A common word matches
# most of 200,000 items; reading every match for each request is what made search take seconds.
MATCH_LIMIT = 500
# ... and it looks for them among at most this many of the best postings of its rarest word (before
# filters, the access rule and the other words): a filter or a second word that few of a common word's
# items have would otherwise read the word's whole list (187,000 postings for "pustaka"). Beyond it,
# the search says more may match.
SCAN_LIMIT = 10_000


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


# The facet columns, the same on the postings and on the items, in the order `find` numbers them.
FACET_COLUMNS = ("item_type", "year", "province_code", "collection_id", "language", "licence")
INTEGER_COLUMNS = ("year", "collection_id")
INTEGER_LIMIT = {"year": 32767, "collection_id": 2**63 - 1}
# A page's order among the matches read (`c` is one of them).
ORDER = {
    "relevance": "c.score DESC, c.item_id DESC",
    "newest": "COALESCE(c.year, 0) DESC, c.item_id DESC",
    "oldest": "COALESCE(c.year, 9999), c.item_id",
    "title": "(SELECT t.title FROM knowledge_item t WHERE t.id = c.item_id), c.item_id",
}


@dataclass(frozen=True)
class Reader:
    """Who searches, as the index checks it: made by `permissions.search_reader(user)` from the same
    rule as `items_visible_to`, for published items. Anyone sees public items; `organisations` adds the
    members' and community items of those organisations, `depositor` the reader's own items,
    `collections` those they curate; `everything` is a site administrator."""

    everything: bool = False
    organisations: tuple[int, ...] = ()
    depositor: int | None = None
    collections: tuple[int, ...] = ()


ANONYMOUS = Reader()


@dataclass
class Found:
    """What a search found: `total` matches read (at most MATCH_LIMIT; `bounded` when there were more),
    the page's item ids in order, and per facet column its values among the matches with their counts
    (most frequent first)."""

    total: int = 0
    bounded: bool = False
    ids: list[int] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


# One statement answers a search: `m` the best matches (one more than MATCH_LIMIT, to know whether
# there were more), numbered best first (`rn`); `c` the first MATCH_LIMIT of them. It returns the count
# of `m` with whether the scan was cut at SCAN_LIMIT (part 0), the facet counts over `c` (part 1: facet
# number, value, count) and the page's ids (part 2: position, id).
FIND_SQL = """
WITH m AS ({candidates}),
c AS (SELECT * FROM m WHERE rn <= {limit})
SELECT 0 AS part, (SELECT count(*) FROM m) AS a, NULL AS b, {cut} AS n
UNION ALL
{facets}
UNION ALL
SELECT 2, ROW_NUMBER() OVER (ORDER BY {order}), NULL, c.item_id
FROM (SELECT * FROM c ORDER BY {order} LIMIT %s OFFSET %s) c
"""
# The facet counts over `c`, as rows (1, facet number, value, count): each facet column in turn.
FACETS_SQL = """
SELECT 1, k.f, CASE k.f WHEN 0 THEN c.item_type WHEN 1 THEN CAST(c.year AS TEXT)
  WHEN 2 THEN c.province_code WHEN 3 THEN CAST(c.collection_id AS TEXT) WHEN 4 THEN c.language
  ELSE c.licence END AS v, count(*)
FROM c CROSS JOIN (SELECT 0 AS f UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3
  UNION ALL SELECT 4 UNION ALL SELECT 5) k
GROUP BY k.f, v
"""


class Backend:
    vendor = ""
    facets_sql = FACETS_SQL

    def write(self, rows: Iterable[tuple[int, str]]) -> None:
        """Index (item id, stemmed body) pairs, replacing what was there (the item's search document
        is already saved)."""

    def delete(self, item_ids: Iterable[int]) -> None:
        """Forget these items."""

    def delete_range(self, first: int, last: int) -> None:
        """Forget the items with ids from `first` to `last` (a bulk removal of generated items)."""

    def rebuild(self) -> None:
        """Reload the engine's index from the search documents (after bulk loads)."""

    def check(self) -> bool:
        """Does the engine's index hold exactly what a rebuild would make of the search documents?"""
        raise NotImplementedError

    def candidates(
        self, stems: list[str], reader: Reader, filters: dict[str, str]
    ) -> tuple[str, list, str, list] | None:
        """SQL of the published items holding every stem that `reader` may see and that have the
        `filters`' facet values (column: value), best first, at most MATCH_LIMIT + 1, as rows of
        (item_id, score, *FACET_COLUMNS, rn) numbered best first; with its parameters, and an SQL value
        (and its parameters) that is 1 when the scan stopped at SCAN_LIMIT, else 0. None when nothing
        can match."""
        raise NotImplementedError

    def find(
        self,
        stems: list[str],
        reader: Reader,
        filters: dict[str, str] | None = None,
        *,
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 20,
    ) -> Found:
        """One statement: the best MATCH_LIMIT matches, their facet counts, whether more may match, and
        the ids of `limit` of them from `offset` in the `sort` order (one of ORDER)."""
        if not stems:
            raise ValueError("find() needs words; browsing without words reads the items")
        clean = {}
        for column, value in (filters or {}).items():
            if column not in FACET_COLUMNS:
                raise ValueError(f"not a facet column: {column}")
            if column in INTEGER_COLUMNS:
                # Not a number, or beyond any year or id (and the databases' integers): nothing matches.
                if not str(value).isdigit() or int(value) > INTEGER_LIMIT[column]:
                    return Found()
                value = int(value)
            clean[column] = value
        found = self.candidates(stems, reader, clean)
        if found is None:
            return Found()
        candidates, params, cut, cut_params = found
        sql = FIND_SQL.format(
            candidates=candidates, facets=self.facets_sql, limit=MATCH_LIMIT, order=ORDER[sort], cut=cut
        )
        with prepared_cursor() as cursor:
            cursor.execute(sql, [*params, *cut_params, limit, offset])
            rows = cursor.fetchall()
        result = Found(facets={column: [] for column in FACET_COLUMNS})
        page: list[tuple[int, int]] = []
        for part, a, value, n in rows:
            if part == 0:
                result.total, result.bounded = min(a, MATCH_LIMIT), a > MATCH_LIMIT or bool(n)
            elif part == 1:
                if value not in (None, ""):
                    result.facets[FACET_COLUMNS[a]].append((str(value), n))
            else:
                page.append((a, n))
        result.ids = [pk for _, pk in sorted(page)]
        for values in result.facets.values():
            values.sort(key=lambda pair: (-pair[1], pair[0]))
        return result


def item_rule(reader: Reader, alias: str = "i") -> tuple[str, list]:
    """` AND (...)`: the reader's access rule over item rows (`alias`), for published items; the same
    rule as the postings' (`PostgresBackend._rule`) and as `permissions.items_visible_to`."""
    if reader.everything:
        return "", []
    parts, params = [f"{alias}.access = 'public'"], []
    if reader.organisations:
        for access, column in (("members", "organisation_id"), ("community", "community_id")):
            sql, values = among(f"{alias}.{column}", reader.organisations)
            parts.append(f"({alias}.access = '{access}' AND {sql})")
            params += values
    if reader.depositor is not None:
        parts.append(f"{alias}.depositor_id = %s")
        params.append(reader.depositor)
    if reader.collections:
        sql, values = among(f"{alias}.collection_id", reader.collections)
        parts.append(sql)
        params += values
    return " AND (" + " OR ".join(parts) + ")", params


def _filter_sql(alias: str, filters: dict) -> tuple[str, list]:
    """` AND alias.column = %s` per filter (the columns are FACET_COLUMNS, checked by `find`)."""
    return "".join(f" AND {alias}.{column} = %s" for column in filters), list(filters.values())


class PostgresBackend(Backend):
    vendor = "postgresql"
    # All six facets in one pass over `c` (GROUPING SETS): the facet is the one column not grouped away.
    facets_sql = (
        "SELECT 1, CASE 0 WHEN GROUPING(c.item_type) THEN 0 WHEN GROUPING(c.year) THEN 1"
        " WHEN GROUPING(c.province_code) THEN 2 WHEN GROUPING(c.collection_id) THEN 3"
        " WHEN GROUPING(c.language) THEN 4 ELSE 5 END,"
        " COALESCE(c.item_type, CAST(c.year AS TEXT), c.province_code, CAST(c.collection_id AS TEXT),"
        " c.language, c.licence), count(*) FROM c GROUP BY GROUPING SETS"
        " ((c.item_type), (c.year), (c.province_code), (c.collection_id), (c.language), (c.licence))"
    )

    POSTING_COLUMNS = (
        "item_id, term, score, head, public, grant_org, depositor_id, collection_id, item_type, year,"
        " province_code, language, licence"
    )
    # The postings of published items from their tsvectors: one row per lexeme, scored by its count,
    # with the item's head-term bits (which of the HEAD_TERMS commonest terms it holds).
    POSTINGS_OF = (
        "SELECT d.item_id, v.lexeme, LEAST(COALESCE(array_length(v.positions, 1), 1), 32767), h.bits,"
        " i.access = 'public',"
        " CASE i.access WHEN 'members' THEN i.organisation_id WHEN 'community' THEN i.community_id END,"
        " i.depositor_id, i.collection_id, i.item_type, i.year, i.province_code, i.language, i.licence"
        " FROM knowledge_searchdocument d JOIN knowledge_item i ON i.id = d.item_id"
        " CROSS JOIN LATERAL (SELECT COALESCE(bit_or(CAST(1 AS bigint) << t.bit), 0) AS bits"
        " FROM unnest(tsvector_to_array(d.vector)) AS l(lexeme) JOIN knowledge_headterm t ON t.term = l.lexeme) h"
        " CROSS JOIN LATERAL unnest(d.vector) v WHERE i.status = 'published'"
    )
    # The commonest terms get a bit each (63: a bigint's bits but the sign), chosen when the postings
    # are rebuilt: a search for several words checks the common ones among them on the rarest word's
    # index entries instead of probing each match's key (a common second word was 500 probes).
    HEAD_TERMS = 63
    INDEXES = (
        "ALTER TABLE knowledge_posting ADD CONSTRAINT knowledge_posting_pkey PRIMARY KEY (item_id, term)",
        "CREATE INDEX kn_posting_rank_idx ON knowledge_posting (term, score DESC, item_id DESC) INCLUDE"
        " (head, public, grant_org, depositor_id, collection_id, item_type, year, province_code, language,"
        " licence)",
    )

    @classmethod
    def fill(cls, cursor) -> None:
        """Make every posting and term count again from the search documents: without the indexes while
        loading (18 million rows for 200,000 items), then the indexes built once."""
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("TRUNCATE knowledge_posting, knowledge_term, knowledge_headterm")
        cursor.execute(
            "INSERT INTO knowledge_headterm (term, bit)"  # noqa: S608  (the limit is ours)
            " SELECT lexeme, ROW_NUMBER() OVER (ORDER BY n DESC, lexeme) - 1 FROM"
            " (SELECT v.lexeme, count(*) AS n FROM knowledge_searchdocument d"
            " JOIN knowledge_item i ON i.id = d.item_id CROSS JOIN LATERAL unnest(tsvector_to_array(d.vector)) v(lexeme)"
            f" WHERE i.status = 'published' GROUP BY v.lexeme ORDER BY n DESC, v.lexeme LIMIT {cls.HEAD_TERMS}) t"
        )
        cursor.execute("DROP INDEX IF EXISTS kn_posting_rank_idx")
        cursor.execute("ALTER TABLE knowledge_posting DROP CONSTRAINT IF EXISTS knowledge_posting_pkey")
        cursor.execute(f"INSERT INTO knowledge_posting ({cls.POSTING_COLUMNS}) {cls.POSTINGS_OF}")  # noqa: S608
        for sql in cls.INDEXES:
            cursor.execute(sql)
        cursor.execute(
            "INSERT INTO knowledge_term (term, postings) SELECT term, count(*) FROM knowledge_posting GROUP BY term"
        )
        cursor.execute("ANALYZE knowledge_posting")
        cursor.execute("ANALYZE knowledge_term")
        cursor.execute("ANALYZE knowledge_headterm")

    def rebuild(self):
        with connection.cursor() as cursor:
            self.fill(cursor)

    def check(self):
        stored = f"SELECT {self.POSTING_COLUMNS} FROM knowledge_posting"  # noqa: S608
        counted = "SELECT term, count(*) FROM knowledge_posting GROUP BY term"
        kept = "SELECT term, postings FROM knowledge_term WHERE postings <> 0"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT count(*) FROM (({stored}) EXCEPT ALL ({self.POSTINGS_OF})) a)"  # noqa: S608
                f" + (SELECT count(*) FROM (({self.POSTINGS_OF}) EXCEPT ALL ({stored})) b)"
                f" + (SELECT count(*) FROM (({counted}) EXCEPT ({kept})) c)"
                f" + (SELECT count(*) FROM (({kept}) EXCEPT ({counted})) d)"
            )
            return cursor.fetchone()[0] == 0

    @staticmethod
    def _count_terms(change: Counter) -> None:
        """Move the postings counts of terms by `change` (in term order, so that two writers never wait
        on each other's rows in opposite orders)."""
        change = {term: n for term, n in change.items() if n}
        if not change:
            return
        terms = sorted(change)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO knowledge_term AS t (term, postings)"
                " SELECT u.term, u.n FROM unnest(%s::text[], %s::int[]) AS u(term, n) ORDER BY u.term"
                " ON CONFLICT (term) DO UPDATE SET postings = t.postings + EXCLUDED.postings",
                [terms, [change[t] for t in terms]],
            )

    @staticmethod
    def _forget(condition: str, params: list) -> Counter:
        """Delete the postings matching `condition`; the change of each term's count (negative)."""
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM knowledge_posting WHERE {condition} RETURNING term", params)  # noqa: S608
            change = Counter()
            change.subtract(term for (term,) in cursor.fetchall())
            return change

    def write(self, rows):
        ids = [pk for pk, _ in rows]
        if not ids:
            return
        change = self._forget("item_id = ANY(%s)", [ids])
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO knowledge_posting ({self.POSTING_COLUMNS}) {self.POSTINGS_OF}"  # noqa: S608
                " AND d.item_id = ANY(%s) RETURNING term",
                [ids],
            )
            change.update(term for (term,) in cursor.fetchall())
        self._count_terms(change)

    def delete(self, item_ids):
        ids = list(item_ids)
        if ids:
            self._count_terms(self._forget("item_id = ANY(%s)", [ids]))

    def delete_range(self, first, last):
        self._count_terms(self._forget("item_id BETWEEN %s AND %s", [first, last]))

    @staticmethod
    def _rule(reader: Reader) -> tuple[str, list]:
        if reader.everything:
            return "", []
        parts, params = ["p.public"], []
        if reader.organisations:
            parts.append("p.grant_org = ANY(%s)")
            params.append(list(reader.organisations))
        if reader.depositor is not None:
            parts.append("p.depositor_id = %s")
            params.append(reader.depositor)
        if reader.collections:
            parts.append("p.collection_id = ANY(%s)")
            params.append(list(reader.collections))
        return " AND (" + " OR ".join(parts) + ")", params

    @staticmethod
    def _rarest_first(stems: list[str]) -> tuple[list[str], dict[str, int]] | None:
        """The stems, the one with the fewest postings first, and the head-term bit of those that have
        one; None when a stem has no postings."""
        with prepared_cursor() as cursor:
            cursor.execute(
                "SELECT t.term, t.postings, h.bit FROM knowledge_term t"
                " LEFT JOIN knowledge_headterm h ON h.term = t.term WHERE t.term = ANY(%s)",
                [stems],
            )
            rows = cursor.fetchall()
        counts = {term: n for term, n, _ in rows}
        if len(counts) < len(stems) or not all(counts.values()):
            return None
        return sorted(stems, key=lambda s: (counts[s], s)), {
            term: bit for term, _, bit in rows if bit is not None
        }

    def candidates(self, stems, reader, filters):
        # The best SCAN_LIMIT postings of the rarest word, in score order (one index range read; the
        # rule, the filters and the other words that are head terms are checked on the index entries);
        # each other word that is not probes the (item_id, term) key of those that pass, until
        # MATCH_LIMIT + 1 items hold every word. Ranked by the rarest word's count.
        if len(stems) == 1:
            driver, others, bits = stems[0], [], {}
        else:
            found = self._rarest_first(stems)
            if found is None:
                return None
            (driver, *others), bits = found
        mask = 0
        for term in others:
            if term in bits:
                mask |= 1 << bits[term]
        probed = [term for term in others if term not in bits]
        head = " AND (p.head & %s) = %s" if mask else ""
        # OFFSET 0 keeps each probe a lookup per candidate: the statement is prepared with one generic
        # plan (`prepared_cursor`), which knows no word's count and would otherwise join the candidates
        # with all of a probed word's postings (30,000 rows read for 'cerita' instead of 240 probes).
        probes = "".join(
            " AND EXISTS (SELECT 1 FROM knowledge_posting q WHERE q.item_id = p.item_id AND q.term = %s"
            " OFFSET 0)"
            for _ in probed
        )
        rule, rule_params = self._rule(reader)
        where, filter_params = _filter_sql("p", filters)
        sql = (
            "SELECT p.item_id, p.score, p.item_type, p.year, p.province_code, p.collection_id,"  # noqa: S608
            " p.language, p.licence, ROW_NUMBER() OVER (ORDER BY p.score DESC, p.item_id DESC) AS rn"
            f" FROM (SELECT {self.POSTING_COLUMNS} FROM knowledge_posting WHERE term = %s"
            f" ORDER BY score DESC, item_id DESC LIMIT {SCAN_LIMIT}) p WHERE TRUE{rule}{where}{head}{probes}"
            f" ORDER BY p.score DESC, p.item_id DESC LIMIT {MATCH_LIMIT + 1}"
        )
        cut = f"(SELECT CASE WHEN postings > {SCAN_LIMIT} THEN 1 ELSE 0 END FROM knowledge_term WHERE term = %s)"  # noqa: S608
        params = [driver, *rule_params, *filter_params, *([mask, mask] if mask else []), *probed]
        return sql, params, cut, [driver]


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

    def delete_range(self, first, last):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM knowledge_fts WHERE rowid BETWEEN %s AND %s", [first, last])

    def rebuild(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM knowledge_fts")
            cursor.execute(
                "INSERT INTO knowledge_fts (rowid, body) SELECT item_id, body FROM knowledge_searchdocument"
            )

    def check(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT count(*) FROM knowledge_searchdocument d WHERE NOT EXISTS"
                " (SELECT 1 FROM knowledge_fts f WHERE f.rowid = d.item_id AND f.body = d.body))"
                " + (SELECT count(*) FROM knowledge_fts f WHERE NOT EXISTS"
                " (SELECT 1 FROM knowledge_searchdocument d WHERE d.item_id = f.rowid))"
            )
            return cursor.fetchone()[0] == 0

    @staticmethod
    def _expression(stems):
        # Each stem quoted: FTS5 reads bare words such as AND, OR, NOT or NEAR as operators.
        return " ".join('"' + s.replace('"', "") + '"' for s in stems)

    def candidates(self, stems, reader, filters):
        # FTS5 finds and ranks every match (embedded use: thousands of items, not hundreds of thousands).
        rule, rule_params = item_rule(reader)
        where, filter_params = _filter_sql("i", filters)
        sql = (
            "SELECT x.*, ROW_NUMBER() OVER (ORDER BY x.score DESC, x.item_id DESC) AS rn FROM"  # noqa: S608
            " (SELECT i.id AS item_id, -bm25(knowledge_fts) AS score, i.item_type, i.year, i.province_code,"
            " i.collection_id, i.language, i.licence FROM knowledge_fts"
            " JOIN knowledge_item i ON i.id = knowledge_fts.rowid"
            f" WHERE knowledge_fts MATCH %s AND i.status = 'published'{rule}{where}"
            f" ORDER BY bm25(knowledge_fts) LIMIT {MATCH_LIMIT + 1}) x"
        )
        return sql, [self._expression(stems), *rule_params, *filter_params], "0", []


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"No search backend for {connection.vendor}")
