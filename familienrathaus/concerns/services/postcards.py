"""QR postcards "Kurzer Draht zum Rat" that lead to the concerns form.

A card counts the concerns sent through it when its page is the form with the card's
own code (``/anliegen/?karte=<code>``), which is known only once the card exists. So
the desk makes such a card in one step, or points an existing card there, through the
postcards app's own services (audited there).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from familienrathaus.concerns.selectors.intake import postcard_target
from familienrathaus.core.models import User
from familienrathaus.postcards import services as postcards
from familienrathaus.postcards.models import Postcard


def point_to_form(*, actor: User, postcard: Postcard) -> Postcard:
    """Let the card lead to the concerns form, counted as coming through this card."""
    return postcards.update_postcard(
        actor=actor, postcard=postcard, fields={"target_path": postcard_target(postcard)}
    )


def create_for_form(*, actor: User) -> Postcard:
    """A new landscape card with the usual wording, leading to the concerns form."""
    with transaction.atomic():
        card = postcards.create_postcard(
            actor=actor,
            target_path="/anliegen/",
            headline=_("Kurzer Draht zum Rat"),
            text=_(
                "A question, an idea or a worry about family life in our town? Scan the "
                "code and write to the alliance's coordination office, anonymously if "
                "you like."
            ),
            orientation=Postcard.Orientation.LANDSCAPE,
        )
        return point_to_form(actor=actor, postcard=card)
