"""On PostgreSQL, a trigram index makes the directory's name search ('contains') use an index."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS library_search_trgm ON libraries_library USING gin (search_name gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS library_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("libraries", "0001_initial"), ("regions", "0002_search_trigram")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
