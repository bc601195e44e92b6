from django.urls import URLPattern, URLResolver

app_name = "lottery"

urlpatterns: list[URLPattern | URLResolver] = []
