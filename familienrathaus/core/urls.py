from django.urls import path

from familienrathaus.core.views import (
    backoffice,
    imports,
    public,
    team,
    translations,
    vocabularies,
)

app_name = "core"

urlpatterns = [
    path("", public.home, name="home"),
    path("seite/<slug:kind>/", public.legal_page, name="legal_page"),
    path("theme.css", public.theme_css, name="theme_css"),
    path("konto/uebersicht/", public.account, name="account"),
    path("konto/meine-daten/", public.account_data, name="account_data"),
    path("konto/loeschen/", public.account_delete, name="account_delete"),
    path("verwaltung/", backoffice.dashboard, name="dashboard"),
    path("verwaltung/einstellungen/", backoffice.site_settings, name="site_settings"),
    path("verwaltung/seiten/", backoffice.legal_pages, name="legal_pages"),
    path("verwaltung/seiten/<slug:kind>/", backoffice.legal_page_edit, name="legal_page_edit"),
    path("verwaltung/protokoll/", backoffice.audit_log, name="audit_log"),
    path("verwaltung/postausgang/", backoffice.outbox_list, name="outbox"),
    path("verwaltung/postausgang/<int:pk>/erneut/", backoffice.outbox_resend, name="outbox_resend"),
    path("verwaltung/rueckmeldungen/", backoffice.feedback_list, name="feedback_list"),
    path(
        "verwaltung/rueckmeldungen/<int:pk>/erledigt/",
        backoffice.feedback_handled,
        name="feedback_handled",
    ),
    path("verwaltung/api-tokens/", backoffice.api_tokens, name="api_tokens"),
    path(
        "verwaltung/api-tokens/<int:pk>/widerrufen/",
        backoffice.api_token_revoke,
        name="api_token_revoke",
    ),
]

# CSV/XLSX import of partners and offers (core.imports).
urlpatterns += [
    path("verwaltung/import/", imports.index, name="import_index"),
    path("verwaltung/import/lauf/<int:pk>/", imports.run_detail, name="import_run"),
    path("verwaltung/import/lauf/<int:pk>/stand/", imports.run_progress, name="import_progress"),
    path("verwaltung/import/lauf/<int:pk>/fehler/", imports.run_errors, name="import_errors"),
    path(
        "verwaltung/import/lauf/<int:pk>/importieren/", imports.run_confirm, name="import_confirm"
    ),
    path("verwaltung/import/lauf/<int:pk>/verwerfen/", imports.run_discard, name="import_discard"),
    path("verwaltung/import/<slug:resource>/", imports.upload, name="import_upload"),
    path(
        "verwaltung/import/<slug:resource>/vorlage.<str:file_format>",
        imports.template,
        name="import_template",
    ),
]

# Themes, audiences, districts and languages (core.views.vocabularies).
urlpatterns += [
    path("verwaltung/uebersetzungen/", translations.missing, name="translations"),
    path("verwaltung/begriffe/", vocabularies.index, name="vocabularies"),
    path("verwaltung/begriffe/<slug:kind>/neu/", vocabularies.create, name="vocabulary_create"),
    path("verwaltung/begriffe/<slug:kind>/<int:pk>/", vocabularies.edit, name="vocabulary_edit"),
    path(
        "verwaltung/begriffe/<slug:kind>/<int:pk>/loeschen/",
        vocabularies.delete,
        name="vocabulary_delete",
    ),
]

# The alliance's coordinators and administrators (core.views.team).
urlpatterns += [
    path("verwaltung/team/", team.index, name="team"),
    path("verwaltung/team/<int:pk>/entfernen/", team.remove, name="team_remove"),
]
