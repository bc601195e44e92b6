"""The operators' area, ``/betrieb/`` (core.operators.views)."""

from django.urls import path

from familienrathaus.core.operators import views

app_name = "operators"

urlpatterns = [
    path("betrieb/", views.index, name="index"),
    path("betrieb/neu/", views.create, name="create"),
    path("betrieb/<slug:slug>/", views.edit, name="edit"),
    path("betrieb/<slug:slug>/sperren/", views.suspend, name="suspend"),
    path("betrieb/<slug:slug>/freigeben/", views.resume, name="resume"),
    path("betrieb/<slug:slug>/loeschen/", views.delete, name="delete"),
]
