"""Addresses of the welcome for newborns (Babybegrüßung).

Public: /babybegruessung/… (registration, appointment choice, the family's guide by its
secret link, Kita interest, follow-up mails); the short link /baby/ for flyers.
Staff: /verwaltung/babybegruessung/…. Each part adds its lines below its banner by
small edits.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from familienrathaus.welcome import (
    views_desk,
    views_followup,
    views_grants,
    views_guide,
    views_kita,
    views_public,
    views_record,
    views_reports,
    views_settings,
    views_slots,
    views_stock,
)

app_name = "welcome"

urlpatterns: list[URLPattern | URLResolver] = [
    # ------------------------------------------------ registration, settings (W1)
    path("baby/", views_public.short_link, name="short"),
    path("babybegruessung/", views_public.landing, name="landing"),
    path("babybegruessung/anmelden/", views_public.register, name="register"),
    path("babybegruessung/danke/<str:token>/", views_public.thanks, name="thanks"),
    path("verwaltung/babybegruessung/neu/", views_record.record, name="record"),
    path("verwaltung/babybegruessung/einstellungen/", views_settings.edit, name="settings"),
    path(
        "verwaltung/babybegruessung/einstellungen/qr.<str:fmt>",
        views_settings.qr_code,
        name="settings-qr",
    ),
    # ------------------------------------------------ guide, timeline, follow-up mails (W2)
    path("babybegruessung/leitfaden/<str:token>/", views_guide.guide, name="guide"),
    path("babybegruessung/leitfaden/<str:token>/brief.pdf", views_guide.letter, name="guide-pdf"),
    path(
        "babybegruessung/leitfaden/<str:token>/kalender.ics",
        views_guide.calendar,
        name="guide-ical",
    ),
    path(
        "babybegruessung/leitfaden/<str:token>/erinnerungen/",
        views_followup.followup_request,
        name="followup",
    ),
    path(
        "babybegruessung/erinnerungen/<str:token>/bestaetigen/",
        views_followup.followup_confirm,
        name="followup-confirm",
    ),
    path(
        "babybegruessung/erinnerungen/<str:token>/abmelden/",
        views_followup.followup_unsubscribe,
        name="followup-unsubscribe",
    ),
    # ------------------------------------------------ desk: check, package, stock, slots (W3)
    path("verwaltung/babybegruessung/", views_desk.registration_list, name="desk"),
    path(
        "verwaltung/babybegruessung/<int:pk>/", views_desk.registration_detail, name="desk-detail"
    ),
    path("verwaltung/babybegruessung/<int:pk>/pruefen/", views_desk.check, name="desk-check"),
    path("verwaltung/babybegruessung/<int:pk>/packen/", views_desk.prepare, name="desk-prepare"),
    path(
        "verwaltung/babybegruessung/<int:pk>/erledigt/", views_desk.complete, name="desk-complete"
    ),
    path("verwaltung/babybegruessung/<int:pk>/ablehnen/", views_desk.decline, name="desk-decline"),
    path(
        "verwaltung/babybegruessung/<int:pk>/doppelt/", views_desk.duplicate, name="desk-duplicate"
    ),
    path("verwaltung/babybegruessung/<int:pk>/notiz/", views_desk.note, name="desk-note"),
    path("verwaltung/babybegruessung/bestand/", views_stock.stock_list, name="stock"),
    path("verwaltung/babybegruessung/bestand/neu/", views_stock.stock_edit, name="stock-new"),
    path("verwaltung/babybegruessung/bestand/<int:pk>/", views_stock.stock_item, name="stock-item"),
    path(
        "verwaltung/babybegruessung/bestand/<int:pk>/bearbeiten/",
        views_stock.stock_edit,
        name="stock-edit",
    ),
    path(
        "verwaltung/babybegruessung/bestand/<int:pk>/eingang/",
        views_stock.stock_receive,
        name="stock-receive",
    ),
    path(
        "verwaltung/babybegruessung/bestand/<int:pk>/korrektur/",
        views_stock.stock_correct,
        name="stock-correct",
    ),
    path("verwaltung/babybegruessung/termine/", views_slots.slot_list, name="slots"),
    path("verwaltung/babybegruessung/termine/neu/", views_slots.slot_pattern, name="slots-new"),
    path(
        "verwaltung/babybegruessung/termine/<int:pk>/loeschen/",
        views_slots.slot_delete,
        name="slot-delete",
    ),
    path("babybegruessung/termin/<str:token>/", views_slots.slot_choice, name="slot-choice"),
    # ------------------------------------------------ grants and payments (W4)
    path("verwaltung/babybegruessung/<int:pk>/zuschuss/", views_grants.grant_page, name="grant"),
    path(
        "verwaltung/babybegruessung/<int:pk>/zuschuss/bewilligen/",
        views_grants.approve,
        name="grant-approve",
    ),
    path(
        "verwaltung/babybegruessung/<int:pk>/zuschuss/ablehnen/",
        views_grants.refuse,
        name="grant-refuse",
    ),
    path(
        "verwaltung/babybegruessung/<int:pk>/zuschuss/bar/",
        views_grants.pay_cash,
        name="grant-pay-cash",
    ),
    path("verwaltung/babybegruessung/zahlungen/", views_grants.payment_list, name="payments"),
    path(
        "verwaltung/babybegruessung/zahlungen/<str:number>/",
        views_grants.payment_detail,
        name="payment",
    ),
    path(
        "verwaltung/babybegruessung/zahlungen/<str:number>/quittung.pdf",
        views_grants.receipt,
        name="payment-receipt",
    ),
    path("verwaltung/babybegruessung/ueberweisungen/", views_grants.batch_list, name="batches"),
    path(
        "verwaltung/babybegruessung/ueberweisungen/<int:pk>/sepa.xml",
        views_grants.batch_sepa,
        name="batch-sepa",
    ),
    path(
        "verwaltung/babybegruessung/ueberweisungen/<int:pk>/liste.csv",
        views_grants.batch_csv,
        name="batch-csv",
    ),
    # ------------------------------------------------ Kita interest, reports (W5)
    path("babybegruessung/kita/", views_kita.form_standalone, name="kita"),
    path("babybegruessung/kita/danke/", views_kita.done, name="kita-done"),
    path(
        "babybegruessung/leitfaden/<str:token>/kita/",
        views_kita.form_from_guide,
        name="kita-from-guide",
    ),
    path("verwaltung/babybegruessung/kita/", views_kita.office_list, name="kita-list"),
    path("verwaltung/babybegruessung/kita/<int:pk>/", views_kita.office_detail, name="kita-detail"),
    path(
        "verwaltung/babybegruessung/kita/<int:pk>/status/",
        views_kita.office_status,
        name="kita-status",
    ),
    path("verwaltung/babybegruessung/bericht/", views_reports.overview, name="reports"),
]
