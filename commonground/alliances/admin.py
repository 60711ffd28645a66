from __future__ import annotations

from django.contrib import admin

from commonground.alliances.models import (
    Affiliation,
    Contact,
    IssueTag,
    JointAction,
    LedgerEntry,
    Partner,
)


class ContactInline(admin.TabularInline[Contact, Partner]):
    model = Contact
    extra = 0


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin[Partner]):
    list_display = ("name", "kind", "region")
    list_filter = ("kind", "region")
    search_fields = ("name",)
    inlines = [ContactInline]


@admin.register(IssueTag)
class IssueTagAdmin(admin.ModelAdmin[IssueTag]):
    list_display = ("name", "slug", "is_north_west_theme")


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin[Affiliation]):
    list_display = ("branch", "partner", "status", "started", "ended", "annual_fee")
    list_filter = ("status",)


@admin.register(JointAction)
class JointActionAdmin(admin.ModelAdmin[JointAction]):
    list_display = ("title", "date", "turnout", "recruits_reported")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin[LedgerEntry]):
    list_display = ("date", "partner", "direction", "kind", "quantity", "unit")
    list_filter = ("direction", "kind")
