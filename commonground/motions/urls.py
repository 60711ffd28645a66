from django.urls import URLPattern, URLResolver

app_name = "motions"

urlpatterns: list[URLPattern | URLResolver] = []
