from __future__ import annotations

from django.contrib import admin

from commonground.charters.models import (
    Charter,
    Commitment,
    Evidence,
    Letter,
    LetterTemplate,
    StatusChange,
    Target,
    TargetStatus,
)


class CommitmentInline(admin.TabularInline[Commitment, Charter]):
    model = Commitment
    extra = 0
    fields = ["position", "number", "stage", "applies_to", "text", "wording_unverified"]


@admin.register(Charter)
class CharterAdmin(admin.ModelAdmin[Charter]):
    list_display = ["name", "slug", "is_complete", "scoreboard_published"]
    inlines = [CommitmentInline]
    # Publishing is audited through charters.actions; not editable here.
    readonly_fields = ["scoreboard_published", "scoreboard_published_at"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin[Target]):
    list_display = ["name", "kind", "region", "council", "branch"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "standing_for"]


@admin.register(TargetStatus)
class TargetStatusAdmin(admin.ModelAdmin[TargetStatus]):
    list_display = ["target", "charter", "status", "status_since", "is_demo"]
    list_filter = ["charter", "status", "is_demo"]
    # Status changes must go through charters.actions.change_status so they leave a trail.
    readonly_fields = ["status", "status_since", "signed_on"]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin[StatusChange]):
    list_display = ["target_status", "from_status", "to_status", "on", "by"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin[LetterTemplate]):
    list_display = ["name", "charter"]


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin[Letter]):
    list_display = ["subject", "target_status", "created", "sent_on"]
    readonly_fields = ["subject", "body"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin[Evidence]):
    list_display = ["compliance", "state", "on", "by"]
