"""The back office: site administrators see the register; library officers see their region's libraries.
Writes made here are audited through the services."""

from django.contrib import admin
from django.contrib.admin import widgets
from django.db import models

from simpul.organisations.permissions import is_site_admin

from . import permissions
from .models import Application, Library, LibraryChange
from .services.libraries import EDITABLE_FIELDS, library_update


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"widget": widgets.AdminURLFieldWidget, "assume_scheme": "https"}}
    list_display = ["name", "npp", "library_type", "status", "region", "data_updated_on"]
    list_filter = ["library_type", "status"]
    search_fields = ["npp", "name"]
    show_full_result_count = False
    raw_id_fields = ["region", "organisation"]
    readonly_fields = ["organisation", "npp", "status", "registered_on", "data_updated_on"]
    fields = ["organisation", "npp", "status", "registered_on", "data_updated_on", *EDITABLE_FIELDS]

    def get_queryset(self, request):
        return permissions.libraries_editable_by(request.user).select_related("region")

    def has_module_permission(self, request):
        return is_site_admin(request.user) or permissions.is_office(request.user)

    has_view_permission = lambda self, request, obj=None: self.has_module_permission(request)  # noqa: E731
    has_change_permission = has_view_permission

    def has_add_permission(self, request):
        return False  # libraries are registered through the register's pages

    def has_delete_permission(self, request, obj=None):
        return False  # closing a library is a status, never a delete

    def save_model(self, request, obj, form, change):
        library_update(
            actor=request.user,
            library=obj,
            **{f: form.cleaned_data[f] for f in form.changed_data if f in EDITABLE_FIELDS},
        )


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["library", "kind", "state", "applicant", "created_at"]
    list_filter = ["kind", "state"]
    readonly_fields = [f.name for f in Application._meta.fields]

    def get_queryset(self, request):
        return permissions.applications_decidable_by(request.user).select_related("library", "applicant")

    def has_module_permission(self, request):
        return is_site_admin(request.user) or permissions.is_office(request.user)

    has_view_permission = lambda self, request, obj=None: self.has_module_permission(request)  # noqa: E731

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LibraryChange)
class LibraryChangeAdmin(admin.ModelAdmin):
    list_display = ["library", "kind", "at", "actor"]
    list_filter = ["kind"]
    readonly_fields = ["library", "kind", "at", "actor", "changes", "note"]

    def get_queryset(self, request):
        return LibraryChange.objects.filter(
            library__in=permissions.libraries_editable_by(request.user)
        ).select_related("library")

    def has_module_permission(self, request):
        return is_site_admin(request.user)

    has_view_permission = lambda self, request, obj=None: self.has_module_permission(request)  # noqa: E731

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
