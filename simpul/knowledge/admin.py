"""Back office: collections (created here by site administrators) and a read-only view of items.

Items change only through the repository's pages and services (versions, audit, search index).
"""

from django.contrib import admin

from simpul.core.audit import audit_record, snapshot

from .models import Collection, Item


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "organisation", "is_active")
    search_fields = ("name", "slug")
    raw_id_fields = ("organisation",)
    prepopulated_fields = {"slug": ("name",)}

    def save_model(self, request, obj, form, change):
        before = snapshot(Collection.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        action = "knowledge.collection_update" if change else "knowledge.collection_create"
        audit_record(actor=request.user, action=action, instance=obj, before=before)


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("title", "item_type", "status", "access", "collection", "year")
    list_filter = ("status", "access", "item_type")
    search_fields = ("title",)
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("collection")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
