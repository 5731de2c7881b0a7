"""Writes for people and accounts. Each runs in a transaction and is audited."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from simpul.core import crypto
from simpul.core.audit import audit_record, snapshot

from .models import Education, Person, User
from .validators import normalize_phone, validate_nik, validate_nip

# Fields a person may set on their own record through `person_update`.
PERSON_FIELDS = {
    "full_name",
    "title_prefix",
    "title_suffix",
    "nip",
    "phone",
    "region",
    "birth_date",
    "gender",
}


def _apply_nik(person: Person, nik: str | None) -> None:
    """Set (digits), keep (None) or clear ('') the NIK: encrypted, digested for uniqueness, masked."""
    if nik is None:
        return
    if nik == "":
        person.nik_encrypted, person.nik_digest, person.nik_masked = "", None, ""
        return
    digits = validate_nik(nik)
    person.nik_encrypted = crypto.encrypt(digits)
    person.nik_digest = crypto.digest(digits, "nik")
    person.nik_masked = crypto.mask(digits)


def _normalise(person: Person) -> None:
    errors = {}
    person.full_name = " ".join((person.full_name or "").split())
    if person.phone:
        try:
            person.phone = normalize_phone(person.phone)
        except ValidationError as e:
            errors["phone"] = e.messages
    if person.nip:
        try:
            person.nip = validate_nip(person.nip)
        except ValidationError as e:
            errors["nip"] = e.messages
    if errors:
        raise ValidationError(errors)


def _save_checked(person: Person) -> None:
    duplicate_nik = ValidationError({"nik": [_("This NIK is already registered to another person.")]})
    try:
        person.full_clean(exclude=["nik_encrypted", "user"])
    except ValidationError as e:
        if "nik_digest" in getattr(e, "error_dict", {}):
            raise duplicate_nik from None
        raise
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as e:
        if "nik" in str(e).lower():
            raise duplicate_nik from None
        raise


@transaction.atomic
def person_create(
    *, actor, full_name: str, user: User | None = None, nik: str | None = None, **fields
) -> Person:
    """A new person. NIK, NIP and phone are validated and normalised; a duplicate NIK is refused."""
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    person = Person(full_name=full_name, user=user, **fields)
    errors = {}
    try:
        _normalise(person)
    except ValidationError as e:
        errors.update(e.message_dict)
    try:
        _apply_nik(person, nik)
    except ValidationError as e:
        errors["nik"] = e.messages
    if errors:
        raise ValidationError(errors)
    _save_checked(person)
    audit_record(actor=actor, action="person.create", instance=person)
    return person


@transaction.atomic
def person_update(*, actor, person: Person, nik: str | None = None, **fields) -> Person:
    """Change a person's own data. `nik=None` keeps the NIK, `nik=''` removes it."""
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person)
    for name, value in fields.items():
        setattr(person, name, value)
    errors = {}
    try:
        _normalise(person)
    except ValidationError as e:
        errors.update(e.message_dict)
    try:
        _apply_nik(person, nik)
    except ValidationError as e:
        errors["nik"] = e.messages
    if errors:
        raise ValidationError(errors)
    _save_checked(person)
    audit_record(actor=actor, action="person.update", instance=person, before=before)
    return person


def person_for_user(user: User) -> Person:
    """The user's person record, created on first need from the e-mail address."""
    try:
        return user.person
    except Person.DoesNotExist:
        return person_create(actor=user, user=user, full_name=user.email.split("@")[0])


def person_for_signup(user: User, full_name: str = "") -> Person:
    """The person of a new account, named as typed at sign-up (the e-mail's local part otherwise)."""
    try:
        return user.person
    except Person.DoesNotExist:
        name = " ".join((full_name or "").split()) or user.email.split("@")[0]
        return person_create(actor=user, user=user, full_name=name)


@transaction.atomic
def user_create(
    *, actor, email: str, password: str | None, full_name: str, email_verified: bool = False, **person_fields
) -> User:
    """An account with its person. A duplicate e-mail (any case) is refused, by the database too.

    `email_verified=True` records the address as verified (for accounts made by an administrator or
    the demo), so the person can sign in without the confirmation e-mail.
    """
    email = User.objects.normalize_email(email).lower()
    duplicate = ValidationError({"email": [_("An account with this e-mail address already exists.")]})
    if User.objects.filter(email__iexact=email).exists():
        raise duplicate
    user = User(email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"], validate_constraints=False)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise duplicate from None
    person_create(actor=actor, user=user, full_name=full_name, **person_fields)
    if email_verified:
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    audit_record(actor=actor, action="user.create", instance=user)
    return user


# Fields of an account an administrator may change through `user_update`.
USER_FIELDS = {"is_active", "is_staff"}


@transaction.atomic
def user_update(*, actor, user: User, **fields) -> User:
    """Activate or deactivate an account, or open the back office to it."""
    unknown = set(fields) - USER_FIELDS
    if unknown:
        raise TypeError(f"Unknown user fields: {sorted(unknown)}")
    user = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(user)
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=[*fields] or None)
    audit_record(actor=actor, action="user.update", instance=user, before=before)
    return user


@transaction.atomic
def education_add(
    *,
    actor,
    person: Person,
    level: str,
    institution: str,
    major: str = "",
    is_library_science: bool = False,
    graduation_year: int | None = None,
) -> Education:
    education = Education(
        person=person,
        level=level,
        institution=institution,
        major=major,
        is_library_science=is_library_science,
        graduation_year=graduation_year,
    )
    education.full_clean()
    education.save()
    audit_record(actor=actor, action="education.add", instance=education)
    return education


@transaction.atomic
def education_update(*, actor, education: Education, **fields) -> Education:
    allowed = {"level", "institution", "major", "is_library_science", "graduation_year"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown education fields: {sorted(unknown)}")
    before = snapshot(education)
    for name, value in fields.items():
        setattr(education, name, value)
    education.full_clean()
    education.save()
    audit_record(actor=actor, action="education.update", instance=education, before=before)
    return education


@transaction.atomic
def education_remove(*, actor, education: Education) -> None:
    audit_record(
        actor=actor, action="education.remove", instance=education, before=snapshot(education), after={}
    )
    education.delete()
