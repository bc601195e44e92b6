from __future__ import annotations

from typing import Any

from django.conf import settings as django_settings
from django.http import HttpRequest

from familienrathaus.core import navigation, selectors, tenancy
from familienrathaus.core.models import LegalPage


def site(request: HttpRequest) -> dict[str, Any]:
    if tenancy.current() is None:
        return {}  # a host of no alliance (the directory): its pages bring their own
    settings = selectors.site_settings()
    return {
        "site": settings,
        # allauth's login and signup views put their own "site" (the request's host)
        # into the context, which hides ours; base.html reads this name instead.
        "site_settings": settings,
        "footer_pages": LegalPage.Kind,
        # What coordinators and partners write is in the site's main language, also
        # when the interface is shown in another one (WCAG 3.1.2, language of parts).
        "content_language": django_settings.LANGUAGE_CODE,
        "main_navigation": navigation.items_for(request),
        # The header's "Verwaltung" link for partner staff and coordinators.
        "backoffice_link": navigation.backoffice_link(request),
    }
