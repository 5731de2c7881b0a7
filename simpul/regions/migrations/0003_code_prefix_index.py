"""On PostgreSQL, "villages whose name starts with sari" is `level = 4 AND search_name LIKE 'sari%'`.

A (level, search_name varchar_pattern_ops) index answers it whatever the database's collation.
Prefix matches on `code` alone need nothing here: Django already gives the primary key and
search_name their own `_like` (pattern_ops) indexes on PostgreSQL. SQLite uses ranges instead.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS region_level_search_prefix"
        " ON regions_region (level, search_name varchar_pattern_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS region_level_search_prefix")


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_search_trigram")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
