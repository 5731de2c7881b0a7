"""Helpers shared by the reference-data services (reference.py, schemes.py)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record, snapshot
from simpul.organisations.models import Kind, Organisation

from ..models import OPEN_STATUSES


def check_lsp(lsp: Organisation) -> None:
    if lsp.kind != Kind.CERTIFICATION_BODY:
        raise ValidationError(_("Only a certification body (LSP) holds certification data."))


def refuse_duplicate(others: models.QuerySet, instance: models.Model, field: str, message: str) -> None:
    """A clear message for a name or code already taken (the database constraint still holds the rule)."""
    if others.exclude(pk=instance.pk).exists():
        raise ValidationError({field: message})


def in_progress(applications: models.QuerySet) -> int:
    return applications.filter(status__in=OPEN_STATUSES).count()


def switch_active(*, actor, instance: models.Model, is_active: bool, actions: tuple[str, str]) -> None:
    """Switch `is_active` with one audit entry (`actions` = (when retired, when active again)); no entry
    when nothing changes."""
    if instance.is_active == is_active:
        return
    before = snapshot(instance, ["is_active"])
    instance.is_active = is_active
    instance.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor,
        action=actions[1] if is_active else actions[0],
        instance=instance,
        before=before,
        after=snapshot(instance, ["is_active"]),
    )
