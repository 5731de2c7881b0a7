"""PostgreSQL: the search index as postings in relevance order, with what a result page filters and counts by.

`knowledge_posting` holds one row per (published item, lexeme of its tsvector): the lexeme's number of
occurrences as the score, whether the item is public, the organisation whose members or community may
see it, its depositor, and its facet values. The btree `kn_posting_rank_idx` on (term, score DESC,
item_id DESC) carries the rest as INCLUDE columns, so the best 2,001 items of a word that a reader may
see, with their facet values, come from one index-only range read in relevance order. The GIN index
over the tsvector found every match first, in no order, and each match's facets were then read from
another table: 35-100 ms for a common word on 200,000 items, where this takes about a millisecond.
Terms compare bytewise (COLLATE "C"): a btree descent or an equality check under a linguistic
collation calls strcoll for every comparison, which made each probe of the primary key cost 10-17 µs.
`knowledge_term` counts the postings of each term: a query of several words reads the rarest word's
postings. `knowledge_headterm` gives the 63 commonest terms a bit each and every posting carries its
item's bits (`head`), so the other words are checked on the same index entries when they are common,
and by probing the primary key (item_id, term) when they are not. The GIN index is dropped: nothing reads it.
SQLite keeps FTS5 (migration 0002). The postings are filled here and by `search.backend().rebuild()`;
`indexing.item_reindex` keeps them current.
"""

from django.db import migrations

CREATE = [
    """
    CREATE TABLE knowledge_posting (
        item_id bigint NOT NULL,
        grant_org bigint NULL,
        depositor_id bigint NULL,
        collection_id bigint NOT NULL,
        head bigint NOT NULL,
        score smallint NOT NULL,
        year smallint NULL,
        public boolean NOT NULL,
        term text COLLATE "C" NOT NULL,
        item_type varchar(20) NOT NULL,
        province_code varchar(2) NOT NULL,
        language varchar(8) NOT NULL,
        licence varchar(20) NOT NULL
    )
    """,
    'CREATE TABLE knowledge_term (term text COLLATE "C" PRIMARY KEY, postings integer NOT NULL)',
    'CREATE TABLE knowledge_headterm (term text COLLATE "C" PRIMARY KEY, bit smallint NOT NULL UNIQUE)',
    "DROP INDEX IF EXISTS kn_search_vector_idx",
    # A search document deleted by any road (an item deleted, a bulk removal, a flush of the database)
    # takes its postings with it, and their term counts; emptied, it empties them.
    """
    CREATE FUNCTION knowledge_posting_forget() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE knowledge_term t SET postings = t.postings - 1
        FROM knowledge_posting p WHERE p.item_id = OLD.item_id AND t.term = p.term;
        DELETE FROM knowledge_posting WHERE item_id = OLD.item_id;
        RETURN OLD;
    END $$
    """,
    "CREATE TRIGGER knowledge_posting_forget AFTER DELETE ON knowledge_searchdocument"
    " FOR EACH ROW EXECUTE FUNCTION knowledge_posting_forget()",
    """
    CREATE FUNCTION knowledge_posting_forget_all() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE knowledge_posting, knowledge_term;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER knowledge_posting_forget_all AFTER TRUNCATE ON knowledge_searchdocument"
    " FOR EACH STATEMENT EXECUTE FUNCTION knowledge_posting_forget_all()",
]
# SQLite: the FTS5 row of a deleted search document goes with it (FTS5 is outside Django's tables,
# so a flush of the database or a bulk delete would otherwise leave it behind).
SQLITE_CREATE = [
    "CREATE TRIGGER knowledge_fts_forget AFTER DELETE ON knowledge_searchdocument"
    " BEGIN DELETE FROM knowledge_fts WHERE rowid = OLD.item_id; END",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS knowledge_fts_forget"]

DROP = [
    "DROP TRIGGER IF EXISTS knowledge_posting_forget_all ON knowledge_searchdocument",
    "DROP TRIGGER IF EXISTS knowledge_posting_forget ON knowledge_searchdocument",
    "DROP FUNCTION IF EXISTS knowledge_posting_forget_all()",
    "DROP FUNCTION IF EXISTS knowledge_posting_forget()",
    "DROP TABLE IF EXISTS knowledge_headterm",
    "DROP TABLE IF EXISTS knowledge_term",
    "DROP TABLE IF EXISTS knowledge_posting",
    "CREATE INDEX IF NOT EXISTS kn_search_vector_idx ON knowledge_searchdocument USING GIN (vector)",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_CREATE:
            schema_editor.execute(sql)
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in CREATE:
        schema_editor.execute(sql)
    # The postings of the items already there, and the two indexes (primary key, and the ranking one),
    # made by the same statements as the backend's rebuild.
    from simpul.knowledge.search import PostgresBackend

    with schema_editor.connection.cursor() as cursor:
        PostgresBackend.fill(cursor)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0005_drop_search_state")]

    operations = [migrations.RunPython(forwards, backwards)]
