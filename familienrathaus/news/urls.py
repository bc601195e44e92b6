from django.urls import path

from familienrathaus.core.review import views as review
from familienrathaus.news import views
from familienrathaus.news.feeds import NewsFeed
from familienrathaus.news.workflow import WORKFLOW

app_name = "news"

urlpatterns = [
    path("aktuelles/", views.post_list, name="list"),
    path("aktuelles/feed/", NewsFeed(), name="feed"),
    path("aktuelles/<slug:slug>/", views.post_detail, name="detail"),
    path("aktuelles/<slug:slug>/karte.png", views.post_card, name="card"),
    path("teilen/<str:kind>/<int:pk>.png", views.share_card, name="share_card"),
    path("broschueren/", views.publications, name="publications"),
    path("broschueren/<int:pk>/datei.pdf", views.publication_file, name="publication_file"),
    path("verwaltung/neuigkeiten/", views.manage_list, name="manage"),
    path("verwaltung/neuigkeiten/neu/", views.manage_create, name="manage_create"),
    path("verwaltung/neuigkeiten/<int:pk>/", views.manage_edit, name="manage_edit"),
    path(
        "verwaltung/neuigkeiten/pruefen/", review.queue, {"workflow": WORKFLOW}, name="review_queue"
    ),
    path(
        "verwaltung/neuigkeiten/<int:pk>/status/",
        review.transition,
        {"workflow": WORKFLOW},
        name="manage_transition",
    ),
    path(
        "verwaltung/neuigkeiten/broschueren/",
        views.manage_publications,
        name="manage_publications",
    ),
    path(
        "verwaltung/neuigkeiten/broschueren/<int:pk>/loeschen/",
        views.manage_publication_delete,
        name="manage_publication_delete",
    ),
    path("verwaltung/neuigkeiten/social-media/", views.social_kit, name="social_kit"),
    path(
        "verwaltung/neuigkeiten/social-media/<str:kind>/<int:pk>.png",
        views.social_kit_card,
        name="social_kit_card",
    ),
]
