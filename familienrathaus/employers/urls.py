"""Addresses of the family-conscious employers programme.

Public: /familienbewusste-arbeitgeber/ (the list) and /zertifikat/<number>/ (verification).
Employers and jury: /arbeitgeber/…; coordinators: /verwaltung/arbeitgeber/….
Each part adds its lines below its banner by small edits.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from familienrathaus.employers import (
    views_assessment,  # E2
    views_evaluation,  # E3
    views_measures,  # E2
    views_programme,  # E1
    views_public,  # E3
    views_registration,  # E1
    views_reports,  # E3
)

app_name = "employers"

urlpatterns: list[URLPattern | URLResolver] = [
    # ------------------------------------------------ rounds, catalogue, employers
    path("arbeitgeber/", views_registration.home, name="team-home"),
    path("arbeitgeber/registrieren/", views_registration.register, name="register"),
    path("arbeitgeber/<int:pk>/angaben/", views_registration.employer_edit, name="employer-edit"),
    path("arbeitgeber/<int:pk>/team/", views_registration.team, name="team"),
    path(
        "arbeitgeber/team/<int:pk>/entfernen/",
        views_registration.member_remove,
        name="member-remove",
    ),
    path("arbeitgeber/<int:pk>/bewerben/<int:round_pk>/", views_registration.apply, name="apply"),
    path(
        "arbeitgeber/teilnahmen/<int:pk>/",
        views_registration.participation,
        name="participation",
    ),
    path(
        "arbeitgeber/teilnahmen/<int:pk>/zurueckziehen/",
        views_registration.withdraw,
        name="withdraw",
    ),
    path("verwaltung/arbeitgeber/", views_programme.rounds, name="manage-rounds"),
    path("verwaltung/arbeitgeber/runden/neu/", views_programme.round_edit, name="round-new"),
    path(
        "verwaltung/arbeitgeber/runden/<int:pk>/",
        views_programme.round_detail,
        name="manage-round",
    ),
    path(
        "verwaltung/arbeitgeber/runden/<int:pk>/bearbeiten/",
        views_programme.round_edit,
        name="round-edit",
    ),
    path(
        "verwaltung/arbeitgeber/runden/<int:pk>/status/",
        views_programme.round_status,
        name="round-status",
    ),
    path(
        "verwaltung/arbeitgeber/runden/<int:pk>/workshops/neu/",
        views_programme.workshop_new,
        name="workshop-new",
    ),
    path(
        "verwaltung/arbeitgeber/workshops/<int:pk>/entfernen/",
        views_programme.workshop_remove,
        name="workshop-remove",
    ),
    path(
        "verwaltung/arbeitgeber/runden/<int:pk>/jury/",
        views_programme.jury_invite,
        name="jury-invite",
    ),
    path(
        "verwaltung/arbeitgeber/jury/<int:pk>/entfernen/",
        views_programme.jury_remove,
        name="jury-remove",
    ),
    path(
        "verwaltung/arbeitgeber/teilnahmen/<int:pk>/zulassen/",
        views_programme.admit,
        name="admit",
    ),
    path(
        "verwaltung/arbeitgeber/teilnahmen/<int:pk>/ablehnen/",
        views_programme.decline,
        name="decline",
    ),
    path("verwaltung/arbeitgeber/betriebe/", views_programme.employers, name="manage-employers"),
    path(
        "verwaltung/arbeitgeber/betriebe/<int:pk>/",
        views_programme.employer_detail,
        name="manage-employer",
    ),
    path("verwaltung/arbeitgeber/kataloge/", views_programme.catalogues, name="catalogues"),
    path(
        "verwaltung/arbeitgeber/kataloge/<int:pk>/",
        views_programme.catalogue_detail,
        name="catalogue",
    ),
    path(
        "verwaltung/arbeitgeber/kataloge/<int:pk>/neue-version/",
        views_programme.catalogue_new_version,
        name="catalogue-version",
    ),
    path(
        "verwaltung/arbeitgeber/kataloge/<int:pk>/felder/neu/",
        views_programme.field_edit,
        name="field-new",
    ),
    path(
        "verwaltung/arbeitgeber/kataloge/<int:pk>/felder/<int:field>/",
        views_programme.field_edit,
        name="field-edit",
    ),
    path(
        "verwaltung/arbeitgeber/felder/<int:pk>/aussagen/neu/",
        views_programme.criterion_edit,
        name="criterion-new",
    ),
    path(
        "verwaltung/arbeitgeber/felder/<int:pk>/aussagen/<int:criterion>/",
        views_programme.criterion_edit,
        name="criterion-edit",
    ),
    path(
        "verwaltung/arbeitgeber/katalog/<str:kind>/<int:pk>/<str:action>/",
        views_programme.catalogue_item,
        name="catalogue-item",
    ),
    # ------------------------------------------------ assessment, measures
    path(
        "arbeitgeber/teilnahmen/<int:pk>/selbstbewertung/",
        views_assessment.overview,
        name="assessment",
    ),
    path(
        "arbeitgeber/teilnahmen/<int:pk>/selbstbewertung/beginnen/",
        views_assessment.begin,
        name="assessment-begin",
    ),
    path(
        "arbeitgeber/teilnahmen/<int:pk>/selbstbewertung/abgeben/",
        views_assessment.submit,
        name="assessment-submit",
    ),
    path(
        "arbeitgeber/teilnahmen/<int:pk>/selbstbewertung/<slug:key>/",
        views_assessment.field,
        name="assessment-field",
    ),
    path(
        "arbeitgeber/teilnahmen/<int:pk>/selbstbewertung/<slug:key>/<int:criterion>/",
        views_assessment.save,
        name="assessment-save",
    ),
    path(
        "arbeitgeber/teilnahmen/<int:pk>/nachweise/<int:answer>/",
        views_assessment.evidence,
        name="assessment-evidence",
    ),
    path(
        "arbeitgeber/teilnahmen/<int:pk>/bericht/",
        views_assessment.report_page,
        name="assessment-report",
    ),
    path("arbeitgeber/teilnahmen/<int:pk>/massnahmen/", views_measures.plan, name="measures"),
    path(
        "arbeitgeber/teilnahmen/<int:pk>/massnahmen/aus-katalog/",
        views_measures.adopt,
        name="measure-adopt",
    ),
    path(
        "arbeitgeber/teilnahmen/<int:pk>/massnahmen/neu/",
        views_measures.create,
        name="measure-create",
    ),
    path(
        "arbeitgeber/teilnahmen/<int:pk>/massnahmen/<int:measure>/",
        views_measures.edit,
        name="measure-edit",
    ),
    path(
        "arbeitgeber/teilnahmen/<int:pk>/massnahmen/<int:measure>/nachweis/",
        views_measures.evidence,
        name="measure-evidence",
    ),
    path(
        "arbeitgeber/teilnahmen/<int:pk>/jahrespruefung/",
        views_measures.annual,
        name="annual-check",
    ),
    path(
        "arbeitgeber/runden/<int:round>/fortschritt/",
        views_measures.round_progress,
        name="round-progress",
    ),
    path("verwaltung/arbeitgeber/fortschritt/", views_measures.rounds, name="progress-rounds"),
    # ------------------------------------------------ evaluation, certificate, public
    path("familienbewusste-arbeitgeber/", views_public.employer_list, name="public-list"),
    path(
        "familienbewusste-arbeitgeber/<slug:slug>/",
        views_public.employer_detail,
        name="public-detail",
    ),
    path("zertifikat/", views_public.verify_lookup, name="verify-lookup"),
    path("zertifikat/<str:number>/", views_public.verify, name="verify"),
    path("zertifikat/<str:number>/siegel.svg", views_public.seal_svg, name="seal-svg"),
    path("zertifikat/<str:number>/siegel.png", views_public.seal_png, name="seal-png"),
    path(
        "arbeitgeber/zertifikate/<str:number>/",
        views_public.team_certificate,
        name="team-certificate",
    ),
    path(
        "arbeitgeber/zertifikate/<str:number>/zertifikat.pdf",
        views_public.certificate_download,
        name="certificate-pdf",
    ),
    path(
        "arbeitgeber/teilnahmen/<int:pk>/ergebnis/",
        views_public.team_evaluation,
        name="team-evaluation",
    ),
    path("arbeitgeber/bewertung/", views_evaluation.review_list, name="review-list"),
    path("arbeitgeber/bewertung/<int:pk>/", views_evaluation.review, name="review"),
    path(
        "arbeitgeber/bewertung/<int:pk>/gespraech/", views_evaluation.add_talk, name="review-talk"
    ),
    path(
        "arbeitgeber/bewertung/<int:pk>/empfehlung/",
        views_evaluation.recommend,
        name="review-recommendation",
    ),
    path(
        "arbeitgeber/bewertung/<int:pk>/entscheidung/",
        views_evaluation.decide,
        name="review-decision",
    ),
    path(
        "verwaltung/arbeitgeber/zertifikate/",
        views_evaluation.certificate_list,
        name="certificates",
    ),
    path(
        "verwaltung/arbeitgeber/zertifikate/<str:number>/widerruf/",
        views_evaluation.revoke,
        name="certificate-revoke",
    ),
    path("verwaltung/arbeitgeber/berichte/", views_reports.overview, name="reports"),
]
