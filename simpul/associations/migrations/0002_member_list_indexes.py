"""Indexes for the officers' member list over 120,000 members (docs/ASSOCIATIONS.md, Scale).

On PostgreSQL also a trigram index for name search ('contains' on sort_name) and a pattern index for
member-number prefixes (the plain index cannot serve LIKE 'x%' under a non-C collation). SQLite has
neither; there the search scans, which is fine at its scale.
"""

from django.conf import settings
from django.db import migrations, models


def search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS membership_name_trgm ON associations_membership "
        "USING gin (sort_name gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS membership_number_prefix ON associations_membership "
        "(number varchar_pattern_ops)"
    )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS membership_name_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS membership_number_prefix")


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0001_initial"),
        ("credentials", "0001_initial"),
        ("organisations", "0002_initial"),
        ("people", "0002_user_email_unique"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="membership",
            name="membership_chapter_idx",
        ),
        migrations.RemoveIndex(
            model_name="membership",
            name="membership_assoc_idx",
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["association", "sort_name", "id"], name="membership_assoc_name_idx"),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(
                fields=["association", "status", "sort_name", "id"], name="membership_assoc_st_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["chapter", "sort_name", "id"], name="membership_chapter_name_idx"),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(
                fields=["chapter", "status", "sort_name", "id"], name="membership_chapter_st_idx"
            ),
        ),
        migrations.RunPython(search_indexes, drop_search_indexes, elidable=False),
    ]
