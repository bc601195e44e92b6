# Payments, statement imports and reminders are alliance content too (core.tenancy):
# the rows that exist belong to the install's first alliance.

from django.db import migrations

import familienrathaus.core.tenancy


class Migration(migrations.Migration):
    dependencies = [
        ("holidays", "0011_alliance"),
    ]

    operations = [
        familienrathaus.core.tenancy.AddAllianceField(model_name="paymentimport"),
        familienrathaus.core.tenancy.AddAllianceField(model_name="payment"),
        familienrathaus.core.tenancy.AddAllianceField(model_name="invoicereminder"),
    ]
