"""A trigram index on the projects' search key, on PostgreSQL only: the list's search is
`search_key LIKE '%word%'` for each word, which a b-tree cannot serve. Nothing on SQLite, and
nothing either where the pg_trgm extension cannot be created (the search then scans, as before)."""

from django.db import migrations

INDEX = "projects_search_trgm_idx"


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        try:
            cursor.execute("SAVEPOINT kc_trgm")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute("RELEASE SAVEPOINT kc_trgm")
        except Exception:  # no right to create the extension: keep the plain scan
            cursor.execute("ROLLBACK TO SAVEPOINT kc_trgm")
            return
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON projects_project "
            "USING gin ((search_key::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_list_order_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
