"""The directory host's addresses: ``request.urlconf`` on FRH_DIRECTORY_HOST (set by
core.tenancy.AllianceMiddleware). Pages carry their language in the path as on an
alliance's site (German unprefixed); robots.txt, the sitemap and the language switch
are outside the language patterns."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib.sitemaps.views import sitemap
from django.urls import URLPattern, URLResolver, include, path

from familienrathaus.core.views import language
from familienrathaus.directory import views
from familienrathaus.directory.sitemaps import SITEMAPS

pages: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("suche/", views.search, name="search"),
    path("veranstaltungen/", views.upcoming, name="upcoming"),
    path("buendnisse/<slug:slug>/", views.alliance, name="alliance"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("robots.txt", views.robots, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("sprache/", language.set_language, name="set_language"),
]
urlpatterns += i18n_patterns(
    path("", include((pages, "directory"))),
    prefix_default_language=False,
)

if settings.DEBUG:  # the alliances' logos (in production the web server serves them)
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = views.page_not_found
