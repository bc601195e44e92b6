from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from familienrathaus.surveys import (
    views_manage,
    views_manage_access,
    views_manage_preview,
    views_manage_structure,
    views_paper,
    views_public,
    views_results,
)

app_name = "surveys"

urlpatterns: list[URLPattern | URLResolver] = []

# The coordinator's builder (S1 "builder"): surveys, pages, questions, channels, codes.
M = "verwaltung/befragungen/"
urlpatterns += [
    path(M, views_manage.survey_list, name="manage-list"),
    path(f"{M}neu/", views_manage.survey_create, name="manage-create"),
    path(f"{M}<int:pk>/", views_manage.survey_detail, name="manage-detail"),
    path(f"{M}<int:pk>/einstellungen/", views_manage.survey_edit, name="manage-edit"),
    path(f"{M}<int:pk>/status/", views_manage.survey_status, name="manage-status"),
    path(f"{M}<int:pk>/kopieren/", views_manage.survey_copy, name="manage-copy"),
    path(f"{M}<int:pk>/loeschen/", views_manage.survey_delete, name="manage-delete"),
    path(f"{M}<int:pk>/vorschau/", views_manage_preview.survey_preview, name="manage-preview"),
    path(f"{M}<int:pk>/seiten/neu/", views_manage_structure.section_create, name="section-create"),
    path(
        f"{M}<int:pk>/seiten/<int:section_pk>/",
        views_manage_structure.section_edit,
        name="section-edit",
    ),
    path(
        f"{M}<int:pk>/seiten/<int:section_pk>/loeschen/",
        views_manage_structure.section_delete,
        name="section-delete",
    ),
    path(
        f"{M}<int:pk>/seiten/<int:section_pk>/verschieben/",
        views_manage_structure.section_move,
        name="section-move",
    ),
    path(
        f"{M}<int:pk>/seiten/<int:section_pk>/fragen/neu/",
        views_manage_structure.question_create,
        name="question-create",
    ),
    path(
        f"{M}<int:pk>/fragen/<int:question_pk>/",
        views_manage_structure.question_edit,
        name="question-edit",
    ),
    path(
        f"{M}<int:pk>/fragen/<int:question_pk>/loeschen/",
        views_manage_structure.question_delete,
        name="question-delete",
    ),
    path(
        f"{M}<int:pk>/fragen/<int:question_pk>/verschieben/",
        views_manage_structure.question_move,
        name="question-move",
    ),
    path(f"{M}<int:pk>/kanaele/", views_manage_access.channels, name="manage-channels"),
    path(
        f"{M}<int:pk>/kanaele/<int:channel_pk>/loeschen/",
        views_manage_access.channel_delete,
        name="channel-delete",
    ),
    path(
        f"{M}<int:pk>/kanaele/<int:channel_pk>/qr.<str:file_format>",
        views_manage_access.channel_qr,
        name="channel-qr",
    ),
    path(f"{M}<int:pk>/codes/", views_manage_access.codes, name="manage-codes"),
    path(f"{M}<int:pk>/codes/druck.pdf", views_manage_access.codes_pdf, name="codes-pdf"),
]

# The family's pages (S2 "answering"): first page, one page per section, continue later.
urlpatterns += [
    path("befragungen/<slug:slug>/", views_public.survey_start, name="survey"),
    path("befragungen/<slug:slug>/danke/", views_public.thanks, name="thanks"),
    path("befragungen/<slug:slug>/weiter/<str:token>/", views_public.resume, name="resume"),
    path(
        "befragungen/<slug:slug>/antworten/<str:token>/seite/<int:number>/",
        views_public.page,
        name="page",
    ),
    path(
        "befragungen/<slug:slug>/antworten/<str:token>/gespeichert/",
        views_public.saved,
        name="saved",
    ),
    path("verwaltung/befragungen/papier/", views_paper.paper_list, name="paper_list"),
    path("verwaltung/befragungen/<int:pk>/papier/", views_paper.enter, name="paper"),
    path(
        "verwaltung/befragungen/<int:pk>/papier/import/",
        views_paper.import_csv,
        name="paper_import",
    ),
    path(
        "verwaltung/befragungen/<int:pk>/papier/vorlage.csv",
        views_paper.template_csv,
        name="paper_template",
    ),
]

# Results (S3 "results"): coordinators' page, free texts, exports, PDF; the public page.
urlpatterns += [
    path("verwaltung/befragungen/<int:pk>/ergebnisse/", views_results.results, name="results"),
    path(
        "verwaltung/befragungen/<int:pk>/ergebnisse/freitexte/",
        views_results.free_texts,
        name="results-texts",
    ),
    path(
        "verwaltung/befragungen/<int:pk>/ergebnisse/export/",
        views_results.export,
        name="results-export",
    ),
    path(
        "verwaltung/befragungen/<int:pk>/ergebnisse/bericht.pdf",
        views_results.report,
        name="results-report",
    ),
    path("befragungen/<slug:slug>/ergebnisse/", views_results.public, name="results-public"),
]
