"""Move evidence files uploaded before private storage out of MEDIA_ROOT (which a URL could
serve) into private storage under random names. Idempotent; missing files are logged and
left for ``manage.py outcomes_evidence_private`` once restored."""

from django.db import migrations


def forwards(apps, schema_editor):
    from careerhub.outcomes.evidence import evidence_move_to_private

    report = evidence_move_to_private(apps.get_model("outcomes", "Outcome"))
    if report.moved or report.missing or report.unrecognised:
        print(
            f"\n  evidence: {len(report.moved)} moved to private storage, "
            f"{len(report.missing)} missing, {len(report.unrecognised)} of unknown type"
        )
        for pk, name in report.missing:
            print(f"  evidence of outcome {pk} is missing: {name}")


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0004_evidence_private")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
