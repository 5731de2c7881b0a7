"""PostgreSQL indexes for prefix matches, usable whatever the database's collation:

- "every region inside 52.71" is `code LIKE '52.71.%'`;
- "villages whose name starts with sari" is `level = 4 AND search_name LIKE 'sari%'`.

SQLite needs neither: there the selectors use ranges on the primary key and on (level, search_name).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS region_code_prefix ON regions_region (code varchar_pattern_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS region_level_search_prefix"
        " ON regions_region (level, search_name varchar_pattern_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS region_code_prefix")
    schema_editor.execute("DROP INDEX IF EXISTS region_level_search_prefix")


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_search_trigram")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
