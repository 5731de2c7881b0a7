"""The engine side of the search index: a tsvector column with a GIN index on PostgreSQL, FTS5 on SQLite."""

from django.db import migrations


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE knowledge_searchdocument ADD COLUMN vector tsvector"
            " GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED"
        )
        schema_editor.execute("CREATE INDEX kn_search_vector_idx ON knowledge_searchdocument USING GIN (vector)")
    elif vendor == "sqlite":
        schema_editor.execute("CREATE VIRTUAL TABLE knowledge_fts USING fts5(body, tokenize='unicode61')")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS kn_search_vector_idx")
        schema_editor.execute("ALTER TABLE knowledge_searchdocument DROP COLUMN IF EXISTS vector")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS knowledge_fts")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
