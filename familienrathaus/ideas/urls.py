from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from familienrathaus.core.review import views as review
from familienrathaus.ideas.views import backoffice, public
from familienrathaus.ideas.workflow import WORKFLOW

app_name = "ideas"

urlpatterns: list[URLPattern | URLResolver] = [
    path("ideen/", public.idea_list, name="list"),
    path("ideen/neu/", public.submit, name="submit"),
    path("ideen/<int:pk>/", public.idea_detail, name="detail"),
    path("ideen/<int:pk>/bearbeiten/", public.edit, name="edit"),
    path("ideen/<int:pk>/unterstuetzen/", public.support, name="support"),
    path("ideen/<int:pk>/kommentieren/", public.comment, name="comment"),
    path("ideen/<int:pk>/status/", review.transition, {"workflow": WORKFLOW}, name="transition"),
    path("verwaltung/ideen/", backoffice.manage_list, name="manage"),
    path("verwaltung/ideen/pruefen/", review.queue, {"workflow": WORKFLOW}, name="review_queue"),
    path("verwaltung/ideen/<int:pk>/", backoffice.manage_detail, name="manage_detail"),
    path("verwaltung/ideen/<int:pk>/phase/", backoffice.manage_stage, name="manage_stage"),
    path(
        "verwaltung/ideen/<int:pk>/fortschritt/",
        backoffice.manage_progress,
        name="manage_progress",
    ),
    path(
        "verwaltung/ideen/fortschritt/<int:pk>/loeschen/",
        backoffice.manage_progress_delete,
        name="manage_progress_delete",
    ),
    path("verwaltung/ideen/<int:pk>/verknuepfen/", backoffice.manage_link, name="manage_link"),
    path(
        "verwaltung/ideen/kommentare/<int:pk>/ausblenden/",
        backoffice.manage_hide,
        name="manage_hide",
    ),
    path(
        "verwaltung/ideen/kommentare/<int:pk>/einblenden/",
        backoffice.manage_show,
        name="manage_show",
    ),
]
