"""URLs of the events app: public pages under /veranstaltungen/, the back office under
/verwaltung/veranstaltungen/. Included at the root, so both prefixes live here."""

from django.urls import path

from familienrathaus.core.review import views as review
from familienrathaus.events import feeds
from familienrathaus.events.views import backoffice, public
from familienrathaus.events.workflow import WORKFLOW

app_name = "events"

urlpatterns = [
    path("veranstaltungen/", public.event_list, name="list"),
    path("veranstaltungen/ical/", feeds.ical_feed, name="feed_ical"),
    path("veranstaltungen/rss/", feeds.EventsRss(), name="feed_rss"),
    path("veranstaltungen/atom/", feeds.EventsAtom(), name="feed_atom"),
    path("veranstaltungen/monat/<int:year>/<int:month>/", public.month, name="month"),
    path("veranstaltungen/tag/<str:date>/", public.day, name="day"),
    path("veranstaltungen/abmelden/<str:token>/", public.cancel, name="cancel"),
    path("veranstaltungen/<slug:slug>/", public.detail, name="detail"),
    path("veranstaltungen/<slug:slug>/kalender.ics", public.event_ics, name="event_ics"),
    path("veranstaltungen/<slug:slug>/termin/<int:pk>/", public.detail, name="occurrence"),
    path(
        "veranstaltungen/<slug:slug>/termin/<int:pk>/kalender.ics",
        public.occurrence_ics,
        name="occurrence_ics",
    ),
    path(
        "veranstaltungen/<slug:slug>/termin/<int:pk>/anmelden/",
        public.register,
        name="register",
    ),
    path(
        "veranstaltungen/<slug:slug>/termin/<int:pk>/angemeldet/",
        public.registered,
        name="registered",
    ),
    path("verwaltung/veranstaltungen/", backoffice.event_list, name="backoffice_list"),
    path("verwaltung/veranstaltungen/neu/", backoffice.event_create, name="create"),
    path(
        "verwaltung/veranstaltungen/pruefen/",
        review.queue,
        {"workflow": WORKFLOW},
        name="review_queue",
    ),
    path("verwaltung/veranstaltungen/import/", backoffice.import_calendar, name="import"),
    path(
        "verwaltung/veranstaltungen/import/<int:pk>/stoppen/",
        backoffice.source_stop,
        name="source_stop",
    ),
    path("verwaltung/veranstaltungen/<int:pk>/", backoffice.event_manage, name="manage"),
    path("verwaltung/veranstaltungen/<int:pk>/bearbeiten/", backoffice.event_edit, name="edit"),
    path(
        "verwaltung/veranstaltungen/<int:pk>/status/",
        review.transition,
        {"workflow": WORKFLOW},
        name="transition",
    ),
    path(
        "verwaltung/veranstaltungen/termin/<int:pk>/",
        backoffice.occurrence_edit,
        name="occurrence_edit",
    ),
    path(
        "verwaltung/veranstaltungen/termin/<int:pk>/teilnehmende/",
        backoffice.participants,
        name="participants",
    ),
]
