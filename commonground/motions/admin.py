from __future__ import annotations

from django.contrib import admin

from commonground.motions.models import CallToAction, Motion, Update


class CallInline(admin.TabularInline[CallToAction, Motion]):
    model = CallToAction
    extra = 0


@admin.register(Motion)
class MotionAdmin(admin.ModelAdmin[Motion]):
    list_display = ("title", "conference", "date", "decision")
    list_filter = ("decision",)
    search_fields = ("title", "conference")
    inlines = [CallInline]


@admin.register(Update)
class UpdateAdmin(admin.ModelAdmin[Update]):
    list_display = ("call", "status", "created", "created_by")
