from __future__ import annotations

from django.contrib import admin

from commonground.facility.models import Employer, OfficialTerms, PeriodInput, TimeEntry


@admin.register(TimeEntry)
class EntryAdmin(admin.ModelAdmin[TimeEntry]):
    list_display = ("date", "activist", "branch", "employer", "category", "hours", "status")
    list_filter = ("status", "category")


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin[Employer]):
    list_display = ("name", "region", "is_public_sector", "weekly_hours", "working_weeks")


class OfficialTermsInline(admin.TabularInline[OfficialTerms, PeriodInput]):
    model = OfficialTerms
    extra = 0


@admin.register(PeriodInput)
class PeriodInputAdmin(admin.ModelAdmin[PeriodInput]):
    list_display = ("employer", "start", "end", "total_pay_bill")
    inlines = [OfficialTermsInline]
