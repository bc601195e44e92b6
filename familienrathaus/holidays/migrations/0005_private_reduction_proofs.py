"""Reduction proofs move out of the public media folder into private storage.

Each existing proof is copied from ``MEDIA_ROOT/holidays/proofs/<family's name>`` to
``PRIVATE_MEDIA_ROOT/holidays/proofs/<uuid>.pdf``, the row is pointed at it and the
public copy is deleted. A proof whose file is missing keeps no name.
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.db import migrations

import familienrathaus.core.private_files


def move_to_private_storage(apps: Any, schema_editor: Any) -> None:
    claim_model = apps.get_model("holidays", "ReductionClaim")
    private = familienrathaus.core.private_files.private_storage()
    for claim in claim_model.objects.exclude(proof="").only("pk", "proof"):
        old_name = claim.proof.name
        if private.exists(old_name):
            continue  # already moved
        new_name = ""
        if default_storage.exists(old_name):
            with default_storage.open(old_name, "rb") as public_file:
                name = familienrathaus.core.private_files.random_name("holidays/proofs", "x.pdf")
                new_name = private.save(name, public_file)
            default_storage.delete(old_name)
        claim_model.objects.filter(pk=claim.pk).update(proof=new_name)


class Migration(migrations.Migration):
    dependencies = [("holidays", "0004_invoice_kind_and_counter")]

    operations = [
        migrations.AlterField(
            model_name="reductionclaim",
            name="proof",
            field=familienrathaus.core.private_files.PrivateFileField(
                blank=True, folder="holidays/proofs", verbose_name="proof (PDF)"
            ),
        ),
        migrations.RunPython(move_to_private_storage, migrations.RunPython.noop, elidable=True),
    ]
