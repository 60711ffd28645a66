from django.urls import URLPattern, URLResolver

app_name = "facility"

urlpatterns: list[URLPattern | URLResolver] = []
