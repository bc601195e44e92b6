"""The site's addresses.

Every HTML page (public pages, the account pages under ``konto/``, the back office)
sits inside ``i18n_patterns`` and so carries its language in the path: German without
a prefix (``/angebote/``), the others with one (``/en/angebote/``, ``/tr/…``, ``/uk/…``,
``/ru/…``, ``/ar/…``). Outside it, without a prefix and in the language of the
request's ``Accept-Language``: the API, the Django admin, the sitemap, the language
switch (``/sprache/``), and (by
WhiteNoise, or ``static()`` under DEBUG) static and media files. The feeds (iCal, RSS,
Atom, GeoJSON) are pages' neighbours inside the patterns: their unprefixed addresses
are the German ones subscribers already have, and the first-visit redirect
(``core.i18n.LocaleMiddleware``) leaves them alone.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import URLPattern, URLResolver, include, path

from config.api import api
from config.sitemaps import SITEMAPS
from familienrathaus.core.views import language

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # The header's language switch: one address for every language, not a page itself.
    path("sprache/", language.set_language, name="set_language"),
]
urlpatterns += i18n_patterns(
    path("", include("familienrathaus.core.urls")),
    path("", include("familienrathaus.core.operators.urls")),
    path("", include("familienrathaus.guide.urls")),
    path("", include("familienrathaus.postcards.urls")),
    path("", include("familienrathaus.partners.urls")),
    path("", include("familienrathaus.offers.urls")),
    path("", include("familienrathaus.events.urls")),
    path("", include("familienrathaus.holidays.urls")),
    path("", include("familienrathaus.lottery.urls")),
    path("", include("familienrathaus.places.urls")),
    path("", include("familienrathaus.news.urls")),
    path("", include("familienrathaus.newsletter.urls")),
    path("", include("familienrathaus.surveys.urls")),
    path("", include("familienrathaus.ideas.urls")),
    path("", include("familienrathaus.concerns.urls")),
    path("", include("familienrathaus.employers.urls")),
    path("", include("familienrathaus.welcome.urls")),
    path("", include("familienrathaus.network.urls")),
    path("", include("familienrathaus.reports.urls")),
    path("", include("familienrathaus.library.urls")),
    path("konto/", include("allauth.urls")),
    prefix_default_language=False,
)
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
