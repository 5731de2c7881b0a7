"""Back office for programme set-up: programmes, indicators and targets, the activity categories."""

from django.contrib import admin
from django.db.models import F

from .models import ActivityCategory, Indicator, IndicatorTarget, Programme
from .services.stats import figures_changed


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "start_year", "end_year", "owner"]
    search_fields = ["name", "short_name"]
    raw_id_fields = ["owner"]


@admin.register(ActivityCategory)
class ActivityCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "position"]
    list_editable = ["active", "position"]

    # Category names appear in every programme's cached dashboards and the submissions' lookup of
    # categories: a change marks them all changed.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        Programme.objects.update(figures_generation=F("figures_generation") + 1)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        Programme.objects.update(figures_generation=F("figures_generation") + 1)

    def delete_queryset(self, request, queryset):  # the list's "delete selected" action
        super().delete_queryset(request, queryset)
        Programme.objects.update(figures_generation=F("figures_generation") + 1)


class TargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "measure", "programme"]
    list_filter = ["programme", "measure"]
    inlines = [TargetInline]

    # Indicators and their targets appear in the programme's cached dashboards.
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        figures_changed(form.instance.programme_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        figures_changed(obj.programme_id)
