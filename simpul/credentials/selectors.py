"""Reads for credentials, each scoped to who asks. The public verification lookup is by code only."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Credential, CredentialBatch
from .permissions import issuer_scope


def credential_by_code(code: str) -> Credential | None:
    """The public lookup behind /verify/<code>: an unknown or forged code is simply None."""
    if not code or len(code) > 32:
        return None
    return Credential.objects.select_related("issuer", "replaced_by").filter(code=code).first()


def credentials_manageable_by(user):
    return issuer_scope(user).apply(
        Credential.objects.select_related("issuer", "holder"), org_path="issuer__path"
    )


def credentials_of(user):
    """The signed-in user's own cards and certificates."""
    if not getattr(user, "is_authenticated", False):
        return Credential.objects.none()
    return Credential.objects.filter(holder__user=user).select_related("issuer")


def credential_for_owner_or_officer_or_404(user, code: str) -> Credential:
    """A credential its holder or an officer of its issuer may download; anyone else gets 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    scope = issuer_scope(user)
    condition = Q(holder__user=user)
    if not scope.is_empty:
        condition |= scope.q(org_path="issuer__path")
    return get_object_or_404(
        Credential.objects.filter(condition).select_related("issuer", "holder"), code=code
    )


def credential_manageable_or_404(user, code: str) -> Credential:
    return get_object_or_404(credentials_manageable_by(user), code=code)


def batches_visible_to(user):
    return issuer_scope(user).apply(CredentialBatch.objects.select_related("issuer"), org_path="issuer__path")


def batch_for_user_or_404(user, pk: int) -> CredentialBatch:
    return get_object_or_404(batches_visible_to(user), pk=pk)
