from django.urls import path

from familienrathaus.postcards import views

app_name = "postcards"

urlpatterns = [
    path("k/<slug:code>", views.short_link, name="redirect"),
    path("verwaltung/postkarten/", views.postcard_list, name="list"),
    path("verwaltung/postkarten/neu/", views.postcard_create, name="create"),
    path("verwaltung/postkarten/<int:pk>/", views.postcard_detail, name="detail"),
    path("verwaltung/postkarten/<int:pk>/bearbeiten/", views.postcard_edit, name="edit"),
    path("verwaltung/postkarten/<int:pk>/postkarte.pdf", views.postcard_pdf, name="pdf"),
]
