"""The welcome's notice on the back-office dashboard: package items running low."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from familienrathaus.core.backoffice import Notice, register_notices
from familienrathaus.core.permissions import AnyUser
from familienrathaus.welcome import permissions
from familienrathaus.welcome.selectors import stock as stock_selectors


def low_stock(user: AnyUser) -> Iterator[Notice]:
    if not permissions.can_manage(user):
        return
    low = stock_selectors.low_items()
    if not low:
        return
    names = ", ".join(f"{item.name} ({item.quantity})" for item in low)
    yield Notice(
        text=ngettext(
            "Babybegrüßung: %(count)s package item is running low: %(names)s.",
            "Babybegrüßung: %(count)s package items are running low: %(names)s.",
            len(low),
        )
        % {"count": len(low), "names": names},
        url=reverse("welcome:stock"),
        link_text=_("Package stock"),
    )


register_notices(low_stock)
