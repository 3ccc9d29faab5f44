"""The database cache's table (settings.CACHES without REDIS_URL): rate-limit counters and
other cached values. The same table ``manage.py createcachetable`` makes, created here so
that ``migrate`` (scripts/run.sh, the test database) is enough."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "careerhub_cache"  # settings.CACHES["default"]["LOCATION"] for the database cache


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if TABLE in connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {connection.ops.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_accessrecord")]

    operations = [migrations.RunPython(create, drop)]
