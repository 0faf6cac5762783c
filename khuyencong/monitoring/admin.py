"""Administrators configure the inspection checklist and which activity contents get
after-support surveys."""

from __future__ import annotations

from django.contrib import admin

from khuyencong.monitoring.models import ChecklistItem, SurveyRule


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ("text", "order", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("is_active", "activity_contents__legal_basis")
    search_fields = ("text",)
    filter_horizontal = ("activity_contents",)
    ordering = ("order", "pk")


@admin.register(SurveyRule)
class SurveyRuleAdmin(admin.ModelAdmin):
    list_display = ("activity_content", "is_active", "note")
    list_editable = ("is_active",)
    ordering = ("activity_content__legal_basis__effective_from", "activity_content__order")
