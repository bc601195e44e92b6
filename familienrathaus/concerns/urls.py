"""Addresses of the concerns app.

Public (C1, intake): the form, the receipt, the status page, the family's own list.
The desk, office links and reports (C2, C3) add their lines below their banners.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from familienrathaus.concerns import (
    views_desk,
    views_desk_lists,
    views_intake_staff,
    views_office,
    views_partner,
    views_public,
    views_reports,
)

app_name = "concerns"

urlpatterns: list[URLPattern | URLResolver] = [
    # ------------------------------------------------------------------ public (intake)
    path("anliegen/", views_public.submit, name="submit"),
    path("anliegen/danke/", views_public.thanks, name="thanks"),
    path("anliegen/danke/<str:tracking_token>/", views_public.receipt, name="receipt"),
    path("anliegen/status/", views_public.lookup, name="lookup"),
    path("anliegen/status/<str:tracking_token>/", views_public.status, name="status"),
    path(
        "anliegen/status/<str:tracking_token>/datei/<int:attachment_id>/",
        views_public.attachment,
        name="status-attachment",
    ),
    path("anliegen/meine/", views_public.my_concerns, name="mine"),
    path("verwaltung/anliegen/einstellungen/", views_public.settings_form, name="settings"),
    path(
        "verwaltung/anliegen/einstellungen/postkarte/",
        views_public.postcard_to_form,
        name="settings-postcard",
    ),
    path("verwaltung/anliegen/erfassen/", views_intake_staff.staff_entry, name="staff-entry"),
    path(
        "verwaltung/anliegen/erfassen/<str:tracking_token>/",
        views_intake_staff.staff_entry_done,
        name="staff-entry-done",
    ),
    # ------------------------------------------------------------------ desk (C2)
    path("verwaltung/anliegen/", views_desk.inbox, name="desk-inbox"),
    path("verwaltung/anliegen/ueberfaellig/", views_desk.overdue, name="desk-overdue"),
    path("verwaltung/anliegen/<int:pk>/", views_desk.detail, name="desk-detail"),
    path("verwaltung/anliegen/<int:pk>/antwort/", views_desk.reply, name="desk-reply"),
    path("verwaltung/anliegen/<int:pk>/notiz/", views_desk.note, name="desk-note"),
    path("verwaltung/anliegen/<int:pk>/zuweisung/", views_desk.assign, name="desk-assign"),
    path("verwaltung/anliegen/<int:pk>/status/", views_desk.change_status, name="desk-status"),
    path("verwaltung/anliegen/<int:pk>/prioritaet/", views_desk.priority, name="desk-priority"),
    path("verwaltung/anliegen/<int:pk>/weitergabe/", views_desk.pass_on, name="desk-pass"),
    path("verwaltung/anliegen/<int:pk>/zusammenfuehren/", views_desk.merge, name="desk-merge"),
    path("verwaltung/anliegen/<int:pk>/einordnung/", views_desk.classify, name="desk-classify"),
    path(
        "verwaltung/anliegen/<int:pk>/antwort/<int:message_id>/weiterleiten/",
        views_desk.publish,
        name="desk-publish",
    ),
    path(
        "verwaltung/anliegen/<int:pk>/datei/<int:attachment_id>/",
        views_desk.attachment,
        name="desk-attachment",
    ),
    path("verwaltung/anliegen/aemter/", views_desk_lists.offices, name="desk-offices"),
    path("verwaltung/anliegen/aemter/neu/", views_desk_lists.office_edit, name="desk-office-new"),
    path("verwaltung/anliegen/aemter/<int:pk>/", views_desk_lists.office_edit, name="desk-office"),
    path("verwaltung/anliegen/vorlagen/", views_desk_lists.templates, name="desk-templates"),
    path(
        "verwaltung/anliegen/vorlagen/neu/",
        views_desk_lists.template_edit,
        name="desk-template-new",
    ),
    path(
        "verwaltung/anliegen/vorlagen/<int:pk>/",
        views_desk_lists.template_edit,
        name="desk-template",
    ),
    path(
        "verwaltung/anliegen/vorlagen/<int:pk>/loeschen/",
        views_desk_lists.template_delete,
        name="desk-template-delete",
    ),
    path("verwaltung/anliegen/themen/", views_desk_lists.topics, name="desk-topics"),
    path("verwaltung/anliegen/themen/neu/", views_desk_lists.topic_edit, name="desk-topic-new"),
    path("verwaltung/anliegen/themen/<int:pk>/", views_desk_lists.topic_edit, name="desk-topic"),
    path("verwaltung/anliegen/partner/", views_partner.inbox, name="partner-inbox"),
    path("verwaltung/anliegen/partner/<int:pk>/", views_partner.detail, name="partner-detail"),
    path(
        "verwaltung/anliegen/partner/<int:pk>/datei/<int:attachment_id>/",
        views_partner.attachment,
        name="partner-attachment",
    ),
    path("anliegen/amt/<str:token>/", views_office.concern, name="office"),
    path(
        "anliegen/amt/<str:token>/datei/<int:attachment_id>/",
        views_office.attachment,
        name="office-attachment",
    ),
    # ------------------------------------------------------------------ reports (C3)
    path("verwaltung/anliegen/berichte/", views_reports.overview, name="reports"),
    path(
        "verwaltung/anliegen/berichte/jahresbericht/",
        views_reports.annual,
        name="report-annual",
    ),
]
