from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from familienrathaus.core import navigation, selectors
from familienrathaus.core.models import LegalPage


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site": selectors.site_settings(),
        "footer_pages": LegalPage.Kind,
        "main_navigation": navigation.items_for(request),
    }
