"""The directory host's addresses (``request.urlconf`` on FRH_DIRECTORY_HOST)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
