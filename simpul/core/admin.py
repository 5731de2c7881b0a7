from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "object_id", "actor__email"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScopedAdmin(admin.ModelAdmin):
    """A read-only back-office view of one model, limited to the rows the user may see.

    Subclasses say what the user may see (`scoped(user)`, a queryset built with the app's scoped
    selectors, so an object outside it is "not found") and who may open the model at all
    (`may_open(user)`). Writes go through the app's own pages and services, which check the rules
    and audit them, so nothing is added, changed or deleted here.
    """

    show_full_result_count = False

    def scoped(self, user):
        raise NotImplementedError

    def may_open(self, user) -> bool:
        return False

    def get_queryset(self, request):
        return self.scoped(request.user)

    def has_module_permission(self, request):
        user = request.user
        return bool(user.is_active and user.is_staff and self.may_open(user))

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
