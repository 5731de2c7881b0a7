"""The audit trail: every service write records who changed what, with before/after values.

Services call `snapshot()` before changing an object and `audit_record()` after, inside the same
transaction, so an entry exists exactly when the change was committed.
"""

import datetime
import decimal
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from .models import AuditEntry

# Fields whose values never enter the audit trail (they are protected or meaningless there).
REDACTED_SUFFIXES = ("password", "_encrypted", "_digest")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `instance` as JSON-ready data (sensitive fields redacted)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name.endswith(REDACTED_SUFFIXES):
            data[field.name] = "***"
            continue
        data[field.name] = _plain(field.value_from_object(instance))
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields that changed."""
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


# Fields that change on every save and say nothing about what a person changed.
BOOKKEEPING_FIELDS = ("updated_at",)


def has_changes(before: dict[str, Any], instance: models.Model) -> bool:
    """True when `instance` differs from the `before` snapshot in a field a person would notice."""
    after = snapshot(instance)
    for name, (old, new) in diff(before, after).items():
        if name in BOOKKEEPING_FIELDS:
            continue
        if not _same_value(instance._meta.get_field(name), old, new):
            return True
    return False


def _same_value(field, old: Any, new: Any) -> bool:
    """ "50000.00" read from the database and 50000 just assigned are the same amount."""
    try:
        return field.to_python(old) == field.to_python(new)
    except (ValidationError, TypeError, ValueError):
        return False


def audit_record(
    *,
    actor: Any,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """Write one audit entry. `before`/`after` are snapshots; only the changed fields are kept."""
    if after is None:
        after = snapshot(instance)
    changes: dict[str, Any] = {"fields": diff(before or {}, after)}
    if note:
        changes["note"] = note
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
    )
