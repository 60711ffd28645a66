from django.urls import URLPattern, URLResolver

app_name = "charters"

urlpatterns: list[URLPattern | URLResolver] = []
