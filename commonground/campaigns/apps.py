from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "commonground.campaigns"
    label = "campaigns"
