"""Addresses of the network workshop (Bündnis-Werkstatt), members only, under /werkstatt/.

Each part adds its lines below its banner by small edits.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from familienrathaus.network import (
    views_decisions,
    views_engagement,
    views_groups,
    views_meetings,
    views_minutes,
    views_tasks,
)

app_name = "network"

urlpatterns: list[URLPattern | URLResolver] = [
    # ------------------------------------------------ groups, members
    path("werkstatt/", views_groups.home, name="home"),
    path("werkstatt/gruppen/", views_groups.group_list, name="groups"),
    path("werkstatt/gruppen/neu/", views_groups.group_create, name="group-create"),
    path("werkstatt/einladung/<str:token>/", views_groups.invitation, name="invitation"),
    path("werkstatt/engagement/", views_engagement.engagement, name="engagement"),
    path("werkstatt/uebergabe/", views_engagement.handover, name="handover"),
    path("werkstatt/<slug:slug>/bearbeiten/", views_groups.group_edit, name="group-edit"),
    path("werkstatt/<slug:slug>/archivieren/", views_groups.group_archive, name="group-archive"),
    path("werkstatt/<slug:slug>/mitglieder/", views_groups.members, name="members"),
    path(
        "werkstatt/<slug:slug>/mitglieder/hinzufuegen/",
        views_groups.member_add,
        name="member-add",
    ),
    path(
        "werkstatt/<slug:slug>/mitglieder/einladen/",
        views_groups.member_invite,
        name="member-invite",
    ),
    path(
        "werkstatt/<slug:slug>/mitglieder/<int:pk>/rolle/",
        views_groups.member_role,
        name="member-role",
    ),
    path(
        "werkstatt/<slug:slug>/mitglieder/<int:pk>/entfernen/",
        views_groups.member_remove,
        name="member-remove",
    ),
    path(
        "werkstatt/<slug:slug>/einladungen/<int:pk>/zurueckziehen/",
        views_groups.invitation_revoke,
        name="invitation-revoke",
    ),
    # ------------------------------------------------ meetings, tasks
    path("werkstatt/meine-aufgaben/", views_tasks.my_tasks, name="my-tasks"),
    path("werkstatt/ical/<str:token>.ics", views_tasks.ical_feed, name="ical-feed"),
    path("werkstatt/<slug:slug>/sitzungen/", views_meetings.meeting_list, name="meetings"),
    path(
        "werkstatt/<slug:slug>/sitzungen/neu/", views_meetings.meeting_create, name="meeting-create"
    ),
    path(
        "werkstatt/<slug:slug>/sitzungen/<int:pk>/", views_meetings.meeting_detail, name="meeting"
    ),
    path(
        "werkstatt/<slug:slug>/sitzungen/<int:pk>/bearbeiten/",
        views_meetings.meeting_edit,
        name="meeting-edit",
    ),
    path(
        "werkstatt/<slug:slug>/sitzungen/<int:pk>/absagen/",
        views_meetings.meeting_cancel,
        name="meeting-cancel",
    ),
    path(
        "werkstatt/<slug:slug>/sitzungen/<int:pk>/antwort/",
        views_meetings.meeting_reply,
        name="meeting-reply",
    ),
    path(
        "werkstatt/<slug:slug>/sitzungen/<int:pk>/anwesenheit/",
        views_meetings.attendance,
        name="meeting-attendance",
    ),
    path(
        "werkstatt/<slug:slug>/sitzungen/<int:pk>/veroeffentlichen/",
        views_meetings.meeting_publish,
        name="meeting-publish",
    ),
    path(
        "werkstatt/<slug:slug>/sitzungen/<int:pk>/termin.ics",
        views_meetings.meeting_ics,
        name="meeting-ics",
    ),
    path(
        "werkstatt/<slug:slug>/sitzungen/<int:pk>/tagesordnung/neu/",
        views_meetings.item_form,
        name="item-create",
    ),
    path(
        "werkstatt/<slug:slug>/sitzungen/<int:pk>/tagesordnung/<int:item_id>/",
        views_meetings.item_form,
        name="item-edit",
    ),
    path(
        "werkstatt/<slug:slug>/sitzungen/<int:pk>/tagesordnung/<int:item_id>/loeschen/",
        views_meetings.item_delete,
        name="item-delete",
    ),
    path(
        "werkstatt/<slug:slug>/sitzungen/<int:pk>/tagesordnung/<int:item_id>/verschieben/",
        views_meetings.item_move,
        name="item-move",
    ),
    path(
        "werkstatt/<slug:slug>/sitzungen/<int:pk>/aufgaben-uebernehmen/",
        views_meetings.carry_over,
        name="meeting-carry-over",
    ),
    path("werkstatt/<slug:slug>/aufgaben/", views_tasks.group_tasks, name="group-tasks"),
    path("werkstatt/<slug:slug>/aufgaben/neu/", views_tasks.task_form, name="task-create"),
    path("werkstatt/<slug:slug>/aufgaben/<int:pk>/", views_tasks.task_form, name="task-edit"),
    path(
        "werkstatt/<slug:slug>/aufgaben/<int:pk>/status/",
        views_tasks.task_status,
        name="task-status",
    ),
    # ------------------------------------------------ minutes
    path("werkstatt/protokolle/<int:pk>/", views_minutes.by_number, name="minutes"),
    path("werkstatt/<slug:slug>/protokolle/", views_minutes.index, name="minutes-list"),
    path(
        "werkstatt/<slug:slug>/protokolle/neu/<int:meeting>/",
        views_minutes.start,
        name="minutes-start",
    ),
    path("werkstatt/<slug:slug>/protokolle/<int:pk>/", views_minutes.detail, name="minutes-detail"),
    path(
        "werkstatt/<slug:slug>/protokolle/<int:pk>/bearbeiten/",
        views_minutes.edit,
        name="minutes-edit",
    ),
    path(
        "werkstatt/<slug:slug>/protokolle/<int:pk>/kommentar/",
        views_minutes.comment,
        name="minutes-comment",
    ),
    path(
        "werkstatt/<slug:slug>/protokolle/<int:pk>/entwurf-senden/",
        views_minutes.send_draft,
        name="minutes-send",
    ),
    path(
        "werkstatt/<slug:slug>/protokolle/<int:pk>/genehmigen/",
        views_minutes.approve,
        name="minutes-approve",
    ),
    path(
        "werkstatt/<slug:slug>/protokolle/<int:pk>/nachtrag/",
        views_minutes.addendum,
        name="minutes-addendum",
    ),
    path(
        "werkstatt/<slug:slug>/protokolle/<int:pk>/protokoll.pdf",
        views_minutes.download,
        name="minutes-pdf",
    ),
    path("werkstatt/<slug:slug>/beschluesse/", views_decisions.log, name="decisions"),
    # ------------------------------------------------ documents, feed
    # ------------------------------------------------ a group's own page (keep last: its
    # one segment would swallow every fixed /werkstatt/<word>/ address routed after it)
    path("werkstatt/<slug:slug>/", views_groups.group_detail, name="group"),
]
