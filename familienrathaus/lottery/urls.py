from django.urls import URLPattern, URLResolver, path

from familienrathaus.lottery import views

app_name = "lottery"

B = "verwaltung/ferienspass/los/"

urlpatterns: list[URLPattern | URLResolver] = [
    # Families, under the holiday programme's address space.
    path("ferienspass/<slug:slug>/wuensche/", views.wishes, name="wishes"),
    path(
        "ferienspass/<slug:slug>/wuensche/kind/<int:child_pk>/", views.wish_edit, name="wish_edit"
    ),
    path("ferienspass/<slug:slug>/beliebtheit/", views.popularity, name="popularity"),
    path("ferienspass/<slug:slug>/los-ergebnis/", views.outcome, name="outcome"),
    # Coordinators.
    path(B, views.home, name="home"),
    path(B + "lauf/<int:pk>/", views.run_view, name="run"),
    path(B + "lauf/<int:pk>/status/", views.run_status, name="run_status"),
    path(B + "lauf/<int:pk>/bestaetigen/", views.run_confirm, name="run_confirm"),
    path(B + "<slug:slug>/", views.period_view, name="period"),
    path(B + "<slug:slug>/gruppe/neu/", views.group_edit, name="group_create"),
    path(B + "<slug:slug>/gruppe/<int:pk>/", views.group_edit, name="group_edit"),
    path(B + "<slug:slug>/kinder/", views.children, name="children"),
    path(B + "<slug:slug>/kinder/<int:child_pk>/", views.child_view, name="child"),
]
