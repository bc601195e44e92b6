from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "ideas"

urlpatterns: list[URLPattern | URLResolver] = []
