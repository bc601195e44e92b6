"""The review fields come from core.review.ReviewedContent: one set of status labels
for all reviewed content. Only labels change: nothing changes in the database."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="newspost",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "draft"),
                    ("submitted", "submitted for review"),
                    ("returned", "sent back"),
                    ("rejected", "rejected"),
                    ("published", "published"),
                    ("archived", "archived"),
                ],
                db_index=True,
                default="draft",
                max_length=10,
                verbose_name="status",
            ),
        ),
    ]
