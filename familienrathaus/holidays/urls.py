from django.urls import URLPattern, URLResolver, path

from familienrathaus.core.review import views as review
from familienrathaus.holidays.views import coordinator, family, organiser, payments, public
from familienrathaus.holidays.workflow import WORKFLOW

app_name = "holidays"

B = "verwaltung/ferienspass/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("ferienspass/", public.index, name="index"),
    path("ferienspass/familie/", family.family, name="family"),
    path("ferienspass/familie/kind/neu/", family.child_edit, name="child_create"),
    path("ferienspass/familie/kind/<int:pk>/", family.child_edit, name="child_edit"),
    path("ferienspass/familie/kind/<int:pk>/loeschen/", family.child_delete, name="child_delete"),
    path("ferienspass/familie/daten.json", family.my_data, name="my_data"),
    path("ferienspass/meine-buchungen/", family.my_bookings, name="my_bookings"),
    path("ferienspass/meine-buchungen.pdf", family.my_bookings_pdf, name="my_bookings_pdf"),
    path("ferienspass/buchung/<int:pk>/stornieren/", family.booking_cancel, name="cancel"),
    path("ferienspass/buchung/<int:pk>/annehmen/", family.booking_accept, name="accept"),
    path("ferienspass/kalender/<str:token>.ics", family.child_feed, name="child_feed"),
    path("ferienspass/rechnung/<int:pk>.pdf", family.invoice_pdf, name="invoice_pdf"),
    path("ferienspass/buchen/<int:pk>/", public.book, name="book"),
    path("ferienspass/aktivitaet/<slug:slug>/", public.activity_detail, name="activity"),
    path("ferienspass/<slug:slug>/", public.period_detail, name="period"),
    path("ferienspass/<slug:slug>/broschuere.pdf", public.brochure, name="brochure"),
    path("ferienspass/<slug:slug>/ermaessigung/", family.reduction_claim, name="reduction_claim"),
    path("ferienspass/ermaessigung/<int:pk>/nachweis/", family.reduction_proof, name="my_proof"),
    # Organisers
    path(B + "angebote/", organiser.activity_list, name="organiser"),
    path(B + "angebote/neu/", organiser.activity_create, name="activity_create"),
    path(B + "angebote/<int:pk>/", organiser.activity_manage, name="activity_manage"),
    path(B + "angebote/<int:pk>/bearbeiten/", organiser.activity_edit, name="activity_edit"),
    path(
        B + "angebote/<int:pk>/status/",
        review.transition,
        {"workflow": WORKFLOW},
        name="transition",
    ),
    path(
        B + "angebote/<int:activity_pk>/termin/neu/",
        organiser.occasion_edit,
        name="occasion_new",
    ),
    path(
        B + "angebote/<int:activity_pk>/termin/<int:pk>/",
        organiser.occasion_edit,
        name="occasion_edit",
    ),
    path(B + "termine/<int:pk>/", organiser.occasion_detail, name="occasion"),
    path(
        B + "termine/<int:pk>/teilnehmende.<str:fmt>",
        organiser.participants_export,
        name="participants_export",
    ),
    path(B + "termine/<int:pk>/anwesenheit/", organiser.attendance, name="attendance"),
    path(B + "termine/<int:pk>/nachricht/", organiser.occasion_mail, name="occasion_mail"),
    path(B + "termine/<int:pk>/absagen/", organiser.occasion_cancel, name="occasion_cancel"),
    # Coordinators
    path(B, coordinator.dashboard, name="dashboard"),
    path(B + "programme/", coordinator.period_list, name="periods"),
    path(B + "programme/neu/", coordinator.period_edit, name="period_create"),
    path(B + "programme/<int:pk>/", coordinator.period_edit, name="period_edit"),
    path(B + "pruefung/", review.queue, {"workflow": WORKFLOW}, name="review_queue"),
    path(B + "ermaessigungen/", coordinator.reductions, name="reductions"),
    path(B + "ermaessigungen/<int:pk>/nachweis/", coordinator.reduction_proof, name="proof"),
    path(B + "erinnerungen/", coordinator.send_reminders, name="send_reminders"),
    path(B + "<slug:slug>/rechnungen/", coordinator.invoices, name="invoices"),
    path(B + "<slug:slug>/rechnungen/neu/", coordinator.invoices_issue, name="invoices_issue"),
    path(B + "rechnung/<int:pk>/bezahlt/", coordinator.invoice_paid, name="invoice_paid"),
    path(B + "zahlungen/", payments.imports, name="payment_imports"),
    path(B + "zahlungen/<int:pk>/", payments.import_detail, name="payment_import"),
    path(B + "zahlungen/<int:pk>/rueckgaengig/", payments.undo, name="payment_import_undo"),
    path(B + "zahlung/<int:pk>/zuordnen/", payments.assign, name="payment_assign"),
]
