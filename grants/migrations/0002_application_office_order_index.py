"""An index for the office applications list, on PostgreSQL only.

The list orders by submitted_at DESC NULLS LAST within a cycle; PostgreSQL uses an index
for that order only when the index says NULLS LAST, and SQLite refuses NULLS LAST in
CREATE INDEX, so this cannot be a Meta.indexes entry. SQLite installs are small and sort
NULLs last in a descending order by themselves. Measured in docs/performance.md.
"""

from django.db import migrations

INDEX = "application_office_order"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON grants_application "
            "(cycle_id, submitted_at DESC NULLS LAST, created_at DESC, id DESC)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
