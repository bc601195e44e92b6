from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from familienrathaus.library import views

app_name = "library"

L = "verwaltung/bibliothek/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(L, views.index, name="index"),
    path(f"{L}unsere/", views.ours, name="ours"),
    path(f"{L}unsere/<int:pk>/zurueckziehen/", views.withdraw, name="withdraw"),
    path(f"{L}kopien/<int:pk>/", views.copied, name="copied"),
    path(f"{L}veroeffentlichen/<str:kind>/<int:pk>/", views.publish, name="publish"),
    path(f"{L}<uuid:uid>/", views.detail, name="detail"),
    path(f"{L}<uuid:uid>/kopieren/", views.copy, name="copy"),
]
