"""The program-office group loses every right to change accounts (issue 12).

Groups made before gave office staff add/change on users and memberships, so they could set a
superuser's password or make themselves superuser. They keep viewing users and memberships;
everything else on accounts and on Django's auth models (groups, permissions) goes.
"""

from django.db import migrations

PROGRAM_OFFICE_GROUP = "program-office"


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=PROGRAM_OFFICE_GROUP).first()
    if group is None:
        return
    doomed = group.permissions.filter(content_type__app_label__in=("accounts", "auth")).exclude(
        content_type__app_label="accounts", codename__startswith="view_"
    )
    group.permissions.remove(*doomed)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
