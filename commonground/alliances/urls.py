from django.urls import URLPattern, URLResolver

app_name = "alliances"

urlpatterns: list[URLPattern | URLResolver] = []
