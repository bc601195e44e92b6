"""What the postcards app holds about a person (registered in ``core.personal_data``):
the postcards a coordinator created (the author link)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familienrathaus.core.personal_data import references, register
from familienrathaus.postcards.models import Postcard

_cards = references(Postcard, ["created_by"], lambda p: {"postcard": p.headline})
register(
    "postcards",
    label=_("Postcards you created"),
    models=[Postcard],
    export=_cards[0],
    erase=_cards[1],
)
