"""Writes to the register: create, edit, yearly update, status, NPP issue, managers.

Each runs in one transaction with its audit entry, its history row and its change to the
aggregate counts, so the statistics never disagree with the rows.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record, snapshot
from simpul.organisations.models import Kind, Organisation, Role
from simpul.organisations.services import organisation_create, organisation_update, role_grant

from .. import npp as npp_format
from ..answers import DIRECTORY
from ..models import COUNT_FIELDS, SUBTYPES_OF, Library, LibraryChange, NppCounter, Status
from .stats import keys_for, stats_move

# Fields the Organisation holds too: a library edit writes them to both.
ORGANISATION_FIELDS = ("name", "address", "email", "phone", "website")
# Fields a manager edits (the form's fields); NPP, status and location codes have their own services.
EDITABLE_FIELDS = (
    "name", "library_type", "subtype", "ownership", "parent_institution", "region", "address",
    "postal_code", "latitude", "longitude", "opening_hours", "contact_name", "phone", "email",
    "website", "services", "internet", "funding", *COUNT_FIELDS,
)  # fmt: skip
# Fields whose history is kept (the register data); bookkeeping fields are left out.
HISTORY_EXCLUDE = {
    "created_at",
    "updated_at",
    "search_name",
    "province_code",
    "regency_code",
    "district_code",
    "reminded_on",
}


def search_name_for(name: str) -> str:
    return " ".join((name or "").lower().split())


def set_location(library: Library, region) -> None:
    """Point the library at `region` and fill the codes of its ancestors (one per level)."""
    code = region.code if hasattr(region, "code") else str(region)
    parts = code.split(".")
    library.region_id = code
    library.province_code = parts[0]
    library.regency_code = ".".join(parts[:2]) if len(parts) > 1 else ""
    library.district_code = ".".join(parts[:3]) if len(parts) > 2 else ""


def check_subtype(library: Library) -> None:
    allowed = SUBTYPES_OF.get(library.library_type, ())
    if library.subtype and library.subtype not in allowed:
        raise ValidationError({"subtype": _("This subtype does not belong to the library's type.")})


def _history(library: Library, *, actor, kind: str, before: dict, note: str = "") -> LibraryChange | None:
    after = snapshot(library)
    changed = {
        k: [before.get(k), after.get(k)]
        for k in after
        if k not in HISTORY_EXCLUDE and before.get(k) != after.get(k)
    }
    if not changed and kind not in (LibraryChange.Kind.CREATE, LibraryChange.Kind.YEARLY):
        return None
    return LibraryChange.objects.create(
        library=library,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        changes=changed,
        note=note,
    )


@transaction.atomic
def library_create(
    *,
    actor,
    name: str,
    library_type: str,
    region,
    status: str = Status.LISTED,
    parent: Organisation | None = None,
    npp: str | None = None,
    **fields: Any,
) -> Library:
    """A new library and its Organisation. With `npp`, the number is taken as given (an existing
    register's) and the counter moves past it; without, a registered library gets the next one."""
    org_fields = {k: fields[k] for k in ORGANISATION_FIELDS[1:] if fields.get(k)}
    organisation = organisation_create(
        actor=actor, kind=Kind.LIBRARY, name=name, parent=parent, region=region, **org_fields
    )
    return library_attach(
        actor=actor,
        organisation=organisation,
        library_type=library_type,
        region=region,
        status=status,
        npp=npp,
        **fields,
    )


@transaction.atomic
def library_attach(
    *,
    actor,
    organisation: Organisation,
    library_type: str,
    region=None,
    status: str = Status.LISTED,
    npp: str | None = None,
    **fields: Any,
) -> Library:
    """Register data for an Organisation that exists already (e.g. a university's library listed
    among the organisations). Its name is the organisation's; `region` defaults to the organisation's."""
    region = region or organisation.region
    if region is None:
        raise ValidationError({"region": _("A library needs a region.")})
    name = fields.pop("name", None) or organisation.name
    library = Library(
        organisation=organisation, name=name, library_type=library_type, status=status, **fields
    )
    library.search_name = search_name_for(name)
    set_location(library, region)
    if status == Status.REGISTERED and not npp:
        npp = npp_issue(library)
    if npp:
        library.npp = npp_format.normalize(npp)
        _counter_take(library.npp)
    if status == Status.REGISTERED:
        library.registered_on = library.registered_on or timezone.localdate()
    library.data_updated_on = library.data_updated_on or timezone.localdate()
    check_subtype(library)
    library.full_clean(exclude=["organisation"])
    library.save(force_insert=True)
    stats_move([], keys_for(library))
    _history(library, actor=actor, kind=LibraryChange.Kind.CREATE, before={})
    audit_record(actor=actor, action="library.create", instance=library)
    return library


@transaction.atomic
def library_update(
    *, actor, library: Library, yearly: bool = False, note: str = "", **fields: Any
) -> Library:
    """Change register data. `yearly=True` marks the yearly data update (recorded even when nothing
    changed: confirming the data is the update). Location, type or status changes move the counts."""
    library = Library.objects.select_for_update().select_related("organisation").get(pk=library.pk)
    before = snapshot(library)
    keys_before = keys_for(library)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    region = fields.pop("region", None)
    for field, value in fields.items():
        setattr(library, field, value)
    if region is not None:
        set_location(library, region)
    library.search_name = search_name_for(library.name)
    if yearly:
        library.data_updated_on = timezone.localdate()
        library.reminded_on = None
    check_subtype(library)
    library.full_clean(exclude=["organisation"])
    library.save()
    DIRECTORY.changed()
    organisation = library.organisation
    org_changes = {
        k: getattr(library, k) for k in ORGANISATION_FIELDS if getattr(organisation, k) != getattr(library, k)
    }
    if organisation.region_id != library.region_id:
        org_changes["region"] = library.region
    if org_changes:
        organisation_update(actor=actor, organisation=organisation, **org_changes)
    stats_move(keys_before, keys_for(library))
    kind = LibraryChange.Kind.YEARLY if yearly else LibraryChange.Kind.UPDATE
    _history(library, actor=actor, kind=kind, before=before, note=note)
    audit_record(
        actor=actor,
        action="library.yearly_update" if yearly else "library.update",
        instance=library,
        before=before,
    )
    return library


@transaction.atomic
def library_set_status(*, actor, library: Library, status: str, note: str = "") -> Library:
    """Close, reopen or otherwise change a library's status. Registering goes through the NPP issue."""
    library = Library.objects.select_for_update().get(pk=library.pk)
    before, keys_before = snapshot(library), keys_for(library)
    if status == Status.REGISTERED and not library.npp:
        library.npp = npp_issue(library)
        library.registered_on = timezone.localdate()
    library.status = status
    library.full_clean(exclude=["organisation"])
    library.save(update_fields=["status", "npp", "registered_on", "updated_at"])
    DIRECTORY.changed()
    stats_move(keys_before, keys_for(library))
    _history(library, actor=actor, kind=LibraryChange.Kind.STATUS, before=before, note=note)
    audit_record(actor=actor, action="library.status", instance=library, before=before, note=note)
    return library


def npp_issue(library: Library) -> str:
    """The next NPP for the library's location and type. The counter row is locked until the caller's
    transaction ends, so two approvals never get the same number (the unique NPP column agrees)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("npp_issue must run inside a transaction.")
    prefix = npp_format.prefix_for(library.region_id, library.library_type)
    NppCounter.objects.bulk_create([NppCounter(prefix=prefix)], ignore_conflicts=True)
    counter = NppCounter.objects.select_for_update().get(prefix=prefix)
    counter.last += 1
    # An imported register may already hold higher numbers than the counter knows.
    while Library.objects.filter(npp=npp_format.format_npp(prefix, counter.last)).exists():
        counter.last += 1
    counter.save(update_fields=["last"])
    return npp_format.format_npp(prefix, counter.last)


def _counter_take(npp: str) -> None:
    """An NPP given from outside (import, an existing register): the counter moves past it."""
    prefix, sequence = npp_format.parse(npp)
    NppCounter.objects.bulk_create([NppCounter(prefix=prefix)], ignore_conflicts=True)
    NppCounter.objects.filter(prefix=prefix, last__lt=sequence).update(last=sequence)


@transaction.atomic
def library_manager_add(*, actor, library: Library, person) -> None:
    """Make `person` a manager of the library (the library manager role over its organisation)."""
    role_grant(actor=actor, person=person, role=Role.LIBRARY_MANAGER, organisation=library.organisation)


def libraries_due_for_update(today: datetime.date | None = None):
    """Libraries whose data are more than a year old and who were not reminded in the last 30 days."""
    today = today or timezone.localdate()
    year_ago = today - datetime.timedelta(days=365)
    month_ago = today - datetime.timedelta(days=30)
    return (
        Library.objects.public()
        .exclude(status=Status.CLOSED)
        .filter(data_updated_on__lt=year_ago)
        .exclude(reminded_on__gte=month_ago)
    )


def library_mark_reminded(*, library_ids: list[int], today: datetime.date | None = None) -> int:
    """Bookkeeping only (no register data change), so no history or audit entry."""
    return Library.objects.filter(pk__in=library_ids).update(reminded_on=today or timezone.localdate())
