"""Addresses of the network workshop (Bündnis-Werkstatt), members only, under /werkstatt/.

Each part adds its lines below its banner by small edits.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from familienrathaus.network import (
    feeds,
    views_decisions,
    views_documents,
    views_engagement,
    views_feed,
    views_groups,
    views_meetings,
    views_minutes,
    views_search,
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
    path("werkstatt/neuigkeiten/", views_feed.network_feed, name="feed"),
    path("werkstatt/neuigkeiten/<int:pk>/", views_feed.post, name="post"),
    path("werkstatt/neuigkeiten/<int:pk>/loeschen/", views_feed.delete_post, name="post-delete"),
    path("werkstatt/benachrichtigungen/", views_feed.notification_settings, name="notifications"),
    path("werkstatt/feed/<str:token>.atom", feeds.MemberFeed(), name="atom"),
    path("werkstatt/suche/", views_search.search, name="search"),
    path("werkstatt/<slug:slug>/neuigkeiten/", views_feed.group_feed, name="group-feed"),
    path("werkstatt/<slug:slug>/dokumente/", views_documents.index, name="documents"),
    path(
        "werkstatt/<slug:slug>/dokumente/ordner/<int:folder>/",
        views_documents.index,
        name="documents-folder",
    ),
    path(
        "werkstatt/<slug:slug>/dokumente/ordner/neu/",
        views_documents.create_folder,
        name="folder-create",
    ),
    path(
        "werkstatt/<slug:slug>/dokumente/ordner/<int:folder>/loeschen/",
        views_documents.delete_folder,
        name="folder-delete",
    ),
    path("werkstatt/<slug:slug>/dokumente/neu/", views_documents.upload, name="document-upload"),
    path("werkstatt/<slug:slug>/dokumente/<int:pk>/", views_documents.detail, name="document"),
    path(
        "werkstatt/<slug:slug>/dokumente/<int:pk>/neue-fassung/",
        views_documents.add_version,
        name="document-version",
    ),
    path(
        "werkstatt/<slug:slug>/dokumente/<int:pk>/bearbeiten/",
        views_documents.edit,
        name="document-edit",
    ),
    path(
        "werkstatt/<slug:slug>/dokumente/<int:pk>/loeschen/",
        views_documents.delete,
        name="document-delete",
    ),
    path(
        "werkstatt/<slug:slug>/dokumente/<int:pk>/fassung/<int:number>/",
        views_documents.download,
        name="document-download",
    ),
    path(
        "werkstatt/<slug:slug>/dokumente/<int:pk>/fassung/<int:number>/vorschau.png",
        views_documents.preview,
        name="document-preview",
    ),
    # ------------------------------------------------ a group's own page (keep last: its
    # one segment would swallow every fixed /werkstatt/<word>/ address routed after it)
    path("werkstatt/<slug:slug>/", views_groups.group_detail, name="group"),
]
