from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_vocabulary_position_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="sitesettings",
            name="federal_state",
            field=models.CharField(
                choices=[
                    ("BW", "Baden-Württemberg"),
                    ("BY", "Bayern"),
                    ("BE", "Berlin"),
                    ("BB", "Brandenburg"),
                    ("HB", "Bremen"),
                    ("HH", "Hamburg"),
                    ("HE", "Hessen"),
                    ("MV", "Mecklenburg-Vorpommern"),
                    ("NI", "Niedersachsen"),
                    ("NW", "Nordrhein-Westfalen"),
                    ("RP", "Rheinland-Pfalz"),
                    ("SL", "Saarland"),
                    ("SN", "Sachsen"),
                    ("ST", "Sachsen-Anhalt"),
                    ("SH", "Schleswig-Holstein"),
                    ("TH", "Thüringen"),
                ],
                default="NW",
                help_text="Its public holidays count for opening hours and due dates.",
                max_length=2,
                verbose_name="federal state",
            ),
        ),
    ]
