from django.urls import path

from familienrathaus.guide import views

app_name = "guide"

urlpatterns = [
    path("wegweiser.pdf", views.public_guide, name="public"),
    path("wegweiser/thema/<slug:slug>.pdf", views.public_theme_guide, name="public_theme"),
    path(
        "wegweiser/zielgruppe/<slug:slug>.pdf",
        views.public_audience_guide,
        name="public_audience",
    ),
    path("verwaltung/wegweiser/", views.builds, name="builds"),
    path("verwaltung/wegweiser/<int:pk>/", views.build_detail, name="build"),
    path("verwaltung/wegweiser/<int:pk>/status/", views.build_status, name="build_status"),
    path("verwaltung/wegweiser/<int:pk>/wegweiser.pdf", views.build_file, name="build_file"),
]
