"""On PostgreSQL, a trigram index makes 'contains' search over 83,762 village names use an index.

SQLite has no such index; there the picker searches by prefix first (indexed) and falls back to a scan.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS region_search_trgm ON regions_region USING gin (search_name gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS region_search_prefix ON regions_region (search_name varchar_pattern_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS region_search_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS region_search_prefix")


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
