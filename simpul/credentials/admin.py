"""The back office for credentials: read-only, scoped. Site administrators see every card and
certificate; officers who issue them see those of the organisations they cover. Issuing, revoking
and reissuing go through the services (audited), never through these pages."""

from django.contrib import admin

from simpul.core.admin import ScopedAdmin

from . import selectors
from .models import Credential, CredentialBatch, NumberSeries
from .permissions import issuer_scope


class IssuerAdmin(ScopedAdmin):
    def may_open(self, user) -> bool:
        return not issuer_scope(user).is_empty


@admin.register(Credential)
class CredentialAdmin(IssuerAdmin):
    list_display = ["number", "kind", "holder_name", "issuer_name", "status", "valid_until"]
    list_filter = ["kind"]
    search_fields = ["number", "code", "holder_name"]
    raw_id_fields = ["holder", "issuer", "revoked_by", "replaced_by"]

    def scoped(self, user):
        return selectors.credentials_manageable_by(user)


@admin.register(CredentialBatch)
class CredentialBatchAdmin(IssuerAdmin):
    list_display = ["label", "issuer", "status", "total", "done", "created_at"]
    list_filter = ["status"]

    def scoped(self, user):
        return selectors.batches_visible_to(user)


@admin.register(NumberSeries)
class NumberSeriesAdmin(IssuerAdmin):
    list_display = ["issuer", "kind", "prefix", "number_format", "last_value"]
    list_select_related = ["issuer"]

    def scoped(self, user):
        return issuer_scope(user).apply(NumberSeries.objects.all(), org_path="issuer__path")
