from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from familienrathaus.core import navigation, selectors
from familienrathaus.core.models import LegalPage


def site(request: HttpRequest) -> dict[str, Any]:
    settings = selectors.site_settings()
    return {
        "site": settings,
        # allauth's login and signup views put their own "site" (the request's host)
        # into the context, which hides ours; base.html reads this name instead.
        "site_settings": settings,
        "footer_pages": LegalPage.Kind,
        "main_navigation": navigation.items_for(request),
    }
