from __future__ import annotations

from django.contrib import admin

from commonground.campaigns.models import Campaign, Event, Goal


class GoalInline(admin.TabularInline[Goal, Campaign]):
    model = Goal
    extra = 0
    fields = ["metric", "label", "target_value", "period_start", "period_end"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin[Campaign]):
    list_display = ["name", "starts_on", "ends_on", "region", "is_demo"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [GoalInline]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ["title", "kind", "campaign", "starts_at", "status", "headcount"]
    list_filter = ["kind", "status", "campaign"]
    search_fields = ["title", "place"]


# Event sign-ups are personal data and are not in the Django admin: the admin has no scope and
# writes no audit row. They are read on the event page (``campaigns.access.signups_for_user``:
# scoped, audited); changes and erasure belong to the people module.
