from django.urls import path

from familienrathaus.newsletter import views, views_translations

app_name = "newsletter"

urlpatterns = [
    path("infobrief/", views.subscribe, name="subscribe"),
    path("infobrief/danke/", views.subscribe_done, name="subscribe_done"),
    path("infobrief/bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("infobrief/einstellungen/<str:token>/", views.manage, name="manage"),
    path("infobrief/abmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("infobrief/archiv/", views.archive, name="archive"),
    path("infobrief/archiv/feed/", views.ArchiveFeed(), name="archive_feed"),
    path("infobrief/archiv/<slug:slug>/", views.archive_detail, name="archive_detail"),
    path("infobrief/vorschau/<str:token>/", views.preview_link, name="preview_link"),
    path("verwaltung/infobrief/", views.index, name="manage_index"),
    path("verwaltung/infobrief/ausgaben/neu/", views.edition_form, name="edition_create"),
    path("verwaltung/infobrief/ausgaben/<int:pk>/", views.edition_form, name="edition"),
    path(
        "verwaltung/infobrief/ausgaben/<int:pk>/fortschritt/",
        views.edition_progress,
        name="edition_progress",
    ),
    path(
        "verwaltung/infobrief/ausgaben/<int:pk>/vorschau/",
        views.edition_preview,
        name="edition_preview",
    ),
    path(
        "verwaltung/infobrief/ausgaben/<int:pk>/mail.<str:part>",
        views.edition_mail,
        name="edition_mail",
    ),
    path("verwaltung/infobrief/ausgaben/<int:pk>/test/", views.edition_test, name="edition_test"),
    path(
        "verwaltung/infobrief/ausgaben/<int:pk>/uebersetzung/<str:language>/",
        views_translations.edition_translation,
        name="edition_translation",
    ),
    path(
        "verwaltung/infobrief/ausgaben/<int:pk>/erneut-senden/",
        views.edition_resend_uncertain,
        name="edition_resend_uncertain",
    ),
    path(
        "verwaltung/infobrief/ausgaben/<int:pk>/senden/",
        views.edition_schedule,
        name="edition_schedule",
    ),
    path("verwaltung/infobrief/abonnenten/", views.subscriber_list, name="subscribers"),
    path(
        "verwaltung/infobrief/abonnenten/<int:pk>/loeschen/",
        views.subscriber_delete,
        name="subscriber_delete",
    ),
    path("verwaltung/infobrief/bounces/", views.bounce_mark, name="bounce_mark"),
    path("verwaltung/infobrief/bounces/import/", views.bounce_import, name="bounce_import"),
]
