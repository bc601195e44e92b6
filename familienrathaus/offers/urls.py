"""URLs of the offers app: the public pages under /angebote/ and the back office under
/verwaltung/angebote/. Included at the root, so both prefixes live here."""

from django.urls import path

from familienrathaus.core.review import views as review
from familienrathaus.offers.views import backoffice, detail, search
from familienrathaus.offers.workflow import WORKFLOW

app_name = "offers"

urlpatterns = [
    path("angebote/", search.search_page, name="list"),
    path("angebote/<slug:slug>/", detail.offer_detail, name="detail"),
    path("verwaltung/angebote/", backoffice.offer_list, name="backoffice_list"),
    path("verwaltung/angebote/neu/", backoffice.offer_create, name="create"),
    path("verwaltung/angebote/pruefen/", review.queue, {"workflow": WORKFLOW}, name="review_queue"),
    path("verwaltung/angebote/pruefen/<int:pk>/", backoffice.review_offer, name="review"),
    path("verwaltung/angebote/bestaetigen/", backoffice.confirm, name="confirm"),
    path("verwaltung/angebote/hinweise/", backoffice.notice_list, name="notices"),
    path(
        "verwaltung/angebote/hinweise/<int:pk>/erledigt/",
        backoffice.notice_handled,
        name="notice_handled",
    ),
    path("verwaltung/angebote/<int:pk>/", backoffice.offer_manage, name="manage"),
    path("verwaltung/angebote/<int:pk>/bearbeiten/", backoffice.offer_edit, name="edit"),
    path("verwaltung/angebote/<int:pk>/vorschau/", backoffice.offer_preview, name="preview"),
    path(
        "verwaltung/angebote/<int:pk>/status/",
        review.transition,
        {"workflow": WORKFLOW},
        name="transition",
    ),
]
