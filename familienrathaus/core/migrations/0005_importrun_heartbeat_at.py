import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_importrun"),
    ]

    operations = [
        # Existing rows get the time of the migration: a check or import that was left
        # running by a stopped worker before this field existed is recovered after the lease.
        migrations.AddField(
            model_name="importrun",
            name="heartbeat_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, default=django.utils.timezone.now
            ),
            preserve_default=False,
        ),
    ]
