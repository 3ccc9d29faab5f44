from django.db import migrations


class Migration(migrations.Migration):
    """An answer keeps standing when its author's account is deleted (answered_by becomes
    null), and one taken on the phone by staff has no recruiter account behind it."""

    dependencies = [("employer_feedback", "0001_initial")]

    operations = [
        migrations.RemoveConstraint(model_name="hirefeedback", name="hirefeedback_answer_has_author"),
    ]
