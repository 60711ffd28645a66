from __future__ import annotations

from typing import Any

from django.contrib import admin

from commonground.register.models import (
    Council,
    Location,
    PostcodeDistrict,
    Provider,
    Region,
    RegisterSync,
    WorkforceRatio,
)


@admin.register(WorkforceRatio)
class WorkforceRatioAdmin(admin.ModelAdmin[WorkforceRatio]):
    list_display = ["service_type", "per_bed", "per_location", "updated"]


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin[Council]):
    list_display = ["name", "ons_code", "kind", "region", "active"]
    list_filter = ["kind", "active", "region"]
    search_fields = ["name", "ons_code"]
    raw_id_fields = ["parent"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin[Location]):
    list_display = ["name", "cqc_id", "council", "primary_service_type", "beds"]
    search_fields = ["name", "cqc_id", "postcode"]
    list_filter = ["primary_service_type", "registration_status"]
    raw_id_fields = ["provider", "council", "predecessors"]
    # Overrides are changed on the location page, where they are audited.
    readonly_fields = ["workforce_override", "workforce_override_note"]


@admin.register(RegisterSync)
class RegisterSyncAdmin(admin.ModelAdmin[RegisterSync]):
    """Read-only: syncs are written by ``sync-register`` alone."""

    list_display = ["started", "mode", "status", "window_start", "window_end", "resumed"]
    list_filter = ["status", "mode"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


admin.site.register(Region)
admin.site.register(Provider)
admin.site.register(PostcodeDistrict)
