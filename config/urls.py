from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from config.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("familienrathaus.core.urls")),
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
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
