from django.urls import URLPattern, URLResolver, path

from familienrathaus.places import backoffice, views

app_name = "places"

urlpatterns: list[URLPattern | URLResolver] = [
    path("karte/", views.map_page, name="map"),
    path("karte/orte.geojson", views.geojson_view, name="geojson"),
    path("karte/arten/<slug:kind>.geojson", views.geojson_view, name="geojson_kind"),
    path("karte/ebenen/<slug:layer>.geojson", views.layer_geojson, name="layer_geojson"),
    path("karte/ortsteile/<slug:district>.pdf", views.district_pdf, name="district_pdf"),
    path("karte/orte/<slug:slug>/", views.place_detail, name="detail"),
    path("notinseln/", views.notinsel_info, name="notinsel_info"),
    path("notinseln/mitmachen/", views.notinsel_apply, name="notinsel_apply"),
    path("notinseln/mitmachen/danke/", views.notinsel_applied, name="notinsel_applied"),
    path("notinseln/pruefen/<str:token>/", views.notinsel_check, name="notinsel_check"),
    # Back office
    path("verwaltung/orte/", backoffice.place_list, name="backoffice_list"),
    path("verwaltung/orte/neu/", backoffice.place_create, name="backoffice_create"),
    path("verwaltung/orte/<int:pk>/", backoffice.place_edit, name="backoffice_edit"),
    path("verwaltung/orte/<int:pk>/loeschen/", backoffice.place_delete, name="backoffice_delete"),
    path("verwaltung/orte/arten/", backoffice.kind_list, name="kinds"),
    path("verwaltung/orte/arten/neu/", backoffice.kind_edit, name="kind_create"),
    path("verwaltung/orte/arten/<int:pk>/", backoffice.kind_edit, name="kind_edit"),
    path("verwaltung/orte/arten/<int:pk>/loeschen/", backoffice.kind_delete, name="kind_delete"),
    path("verwaltung/orte/notinseln/", backoffice.notinsel_list, name="notinseln"),
    path("verwaltung/orte/notinseln/<int:pk>/", backoffice.notinsel_manage, name="notinsel_manage"),
    path(
        "verwaltung/orte/notinseln/<int:pk>/aufkleber.pdf",
        backoffice.notinsel_sticker,
        name="notinsel_sticker",
    ),
]
