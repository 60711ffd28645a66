from __future__ import annotations

from django.contrib import admin

from commonground.campaigns.models import Campaign, Event, EventSignup, Goal


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


@admin.register(EventSignup)
class EventSignupAdmin(admin.ModelAdmin[EventSignup]):
    # Personal data: read-only here; changes and erasure belong to the people module.
    list_display = ["pk", "event", "lawful_basis", "consented_at", "person_id"]
    readonly_fields = [f.name for f in EventSignup._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
