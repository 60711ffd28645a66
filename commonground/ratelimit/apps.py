from django.apps import AppConfig


class RateLimitConfig(AppConfig):
    name = "commonground.ratelimit"
    label = "ratelimit"
    verbose_name = "Rate limits"
