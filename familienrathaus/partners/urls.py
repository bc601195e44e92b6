from django.urls import path

from familienrathaus.partners.views import backoffice, public

app_name = "partners"

urlpatterns = [
    path("partner/", public.organisation_list, name="list"),
    path("partner/<slug:slug>/", public.organisation_detail, name="detail"),
    path("partner/<slug:slug>/kontakt/<int:pk>.vcf", public.contact_vcard, name="contact_vcard"),
    path("verwaltung/partner/", backoffice.organisation_list, name="backoffice_list"),
    path("verwaltung/partner/neu/", backoffice.organisation_create, name="backoffice_create"),
    path("verwaltung/partner/<int:pk>/", backoffice.organisation_edit, name="backoffice_edit"),
    path(
        "verwaltung/partner/<int:pk>/adressen/neu/",
        backoffice.address_edit,
        name="backoffice_address_create",
    ),
    path(
        "verwaltung/partner/<int:pk>/adressen/<int:address_pk>/",
        backoffice.address_edit,
        name="backoffice_address_edit",
    ),
    path(
        "verwaltung/partner/<int:pk>/adressen/<int:address_pk>/loeschen/",
        backoffice.address_delete,
        name="backoffice_address_delete",
    ),
    path(
        "verwaltung/partner/<int:pk>/kontakte/neu/",
        backoffice.contact_edit,
        name="backoffice_contact_create",
    ),
    path(
        "verwaltung/partner/<int:pk>/kontakte/<int:contact_pk>/",
        backoffice.contact_edit,
        name="backoffice_contact_edit",
    ),
    path(
        "verwaltung/partner/<int:pk>/kontakte/<int:contact_pk>/loeschen/",
        backoffice.contact_delete,
        name="backoffice_contact_delete",
    ),
    path(
        "verwaltung/partner/<int:pk>/mitarbeitende/",
        backoffice.members,
        name="backoffice_members",
    ),
    path(
        "verwaltung/partner/<int:pk>/mitarbeitende/<int:membership_pk>/entfernen/",
        backoffice.member_remove,
        name="backoffice_member_remove",
    ),
]
