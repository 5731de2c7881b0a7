"""Writes for organisations, employment and roles. Each runs in a transaction and is audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record, snapshot

from .models import Employment, Organisation, Role, RoleAssignment
from .permissions import forget_cached_roles

# Address names taken by pages under /organisations/.
# Words that are page addresses under /organisations/ or /associations/, never organisation slugs.
RESERVED_SLUGS = {"roles", "employment", "search", "audit", "add", "new", "me", "manage", "dues", "documents"}


def _unique_slug(name: str, short_name: str = "") -> str:
    base = slugify(short_name or name)[:60] or "organisasi"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _set_path(organisation: Organisation) -> None:
    parent_path = organisation.parent.path if organisation.parent_id else ""
    organisation.path = f"{parent_path}{organisation.pk}/"
    organisation.depth = organisation.path.count("/") - 1


@transaction.atomic
def organisation_create(
    *,
    actor,
    kind: str,
    name: str,
    parent: Organisation | None = None,
    region=None,
    short_name: str = "",
    slug: str = "",
    **fields,
) -> Organisation:
    """Create an organisation under `parent` (if any); its path makes it part of the parent's tree."""
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This web address name is reserved; choose another.")})
    organisation = Organisation(
        kind=kind,
        name=name,
        short_name=short_name,
        parent=parent,
        region=region,
        slug=slug or _unique_slug(name, short_name),
        **fields,
    )
    organisation.full_clean(exclude=["path"])
    organisation.save()
    _set_path(organisation)
    organisation.save(update_fields=["path", "depth"])
    audit_record(actor=actor, action="organisation.create", instance=organisation)
    return organisation


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, **fields) -> Organisation:
    """Change fields of an organisation. Moving it under another parent moves its whole subtree."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = snapshot(organisation)
    old_path = organisation.path
    if fields.get("slug") in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This web address name is reserved; choose another.")})
    for name, value in fields.items():
        setattr(organisation, name, value)
    if organisation.parent_id and organisation.parent_id == organisation.pk:
        raise ValidationError({"parent": _("An organisation cannot be its own parent.")})
    organisation.full_clean(exclude=["path"])
    _set_path(organisation)
    if organisation.parent_id and organisation.parent.path.startswith(old_path):
        raise ValidationError({"parent": _("An organisation cannot be moved under its own descendant.")})
    organisation.save()
    if organisation.path != old_path:
        for child in Organisation.objects.filter(path__startswith=old_path).exclude(pk=organisation.pk):
            child.path = organisation.path + child.path[len(old_path) :]
            child.depth = child.path.count("/") - 1
            child.save(update_fields=["path", "depth"])
    audit_record(actor=actor, action="organisation.update", instance=organisation, before=before)
    return organisation


@transaction.atomic
def role_grant(
    *,
    actor,
    person,
    role: str,
    organisation: Organisation | None = None,
    region=None,
    start_date=None,
    end_date=None,
) -> RoleAssignment:
    """Give `person` a role over an organisation or a region. Granting it twice returns the first."""
    lookup = {"person": person, "role": role}
    if role != Role.SITE_ADMIN:
        lookup.update(organisation=organisation, region=region)
    existing = RoleAssignment.objects.filter(**lookup).first()
    if existing:
        return existing
    assignment = RoleAssignment(
        person=person,
        role=role,
        organisation=organisation,
        region=region,
        start_date=start_date,
        end_date=end_date,
        granted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    assignment.full_clean()
    assignment.save()
    audit_record(actor=actor, action="role.grant", instance=assignment)
    if person.user_id:
        forget_cached_roles(person.user)
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    before = snapshot(assignment)
    audit_record(actor=actor, action="role.revoke", instance=assignment, before=before, after={})
    assignment.delete()


@transaction.atomic
def employment_add(
    *,
    actor,
    person,
    position: str,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    start_date=None,
    end_date=None,
) -> Employment:
    employment = Employment(
        person=person,
        organisation=organisation,
        organisation_name=organisation_name,
        position=position,
        start_date=start_date,
        end_date=end_date,
    )
    employment.full_clean()
    employment.save()
    audit_record(actor=actor, action="employment.add", instance=employment)
    return employment


@transaction.atomic
def employment_update(*, actor, employment: Employment, **fields) -> Employment:
    before = snapshot(employment)
    for name, value in fields.items():
        setattr(employment, name, value)
    employment.full_clean()
    employment.save()
    audit_record(actor=actor, action="employment.update", instance=employment, before=before)
    return employment


@transaction.atomic
def employment_remove(*, actor, employment: Employment) -> None:
    audit_record(
        actor=actor, action="employment.remove", instance=employment, before=snapshot(employment), after={}
    )
    employment.delete()
