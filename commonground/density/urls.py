from django.urls import URLPattern, URLResolver

app_name = "density"

urlpatterns: list[URLPattern | URLResolver] = []
