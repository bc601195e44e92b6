# The run's heartbeat comes from core.jobs.Job now (not editable in forms); no SQL change.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("lottery", "0002_labels_of_places"),
    ]

    operations = [
        migrations.AlterField(
            model_name="run",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
