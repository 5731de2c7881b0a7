"""Back office for programme set-up: programmes, indicators and targets, the activity categories."""

from django.contrib import admin

from .models import ActivityCategory, Indicator, IndicatorTarget, Programme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "start_year", "end_year", "owner"]
    search_fields = ["name", "short_name"]
    raw_id_fields = ["owner"]


@admin.register(ActivityCategory)
class ActivityCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "position"]
    list_editable = ["active", "position"]


class TargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "measure", "programme"]
    list_filter = ["programme", "measure"]
    inlines = [TargetInline]
