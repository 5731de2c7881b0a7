"""Validation of Indonesian personal identifiers, with messages people can act on."""

import datetime
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from lokal.nik import parse_nik

_DIGITS = re.compile(r"\D")


def clean_digits(value: str) -> str:
    return _DIGITS.sub("", value or "")


def validate_nik(value: str) -> str:
    """A 16-digit NIK whose region and birth date are real. Returns the digits."""
    digits = clean_digits(value)
    if len(digits) != 16:
        raise ValidationError(_("NIK must be exactly 16 digits."), code="nik_length")
    result = parse_nik(digits)
    if not getattr(result, "valid", False):
        raise ValidationError(
            _("This NIK is not valid: its region code or birth date does not exist."), code="nik_invalid"
        )
    return digits


def validate_nip(value: str) -> str:
    """An 18-digit civil-servant NIP: birth date (8), appointment month (6), sex (1), sequence (3)."""
    digits = clean_digits(value)
    if len(digits) != 18:
        raise ValidationError(_("NIP must be exactly 18 digits."), code="nip_length")
    try:
        birth = datetime.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
        appointed_year, appointed_month = int(digits[8:12]), int(digits[12:14])
    except ValueError:
        raise ValidationError(_("This NIP does not begin with a real birth date."), code="nip_date") from None
    if not (1 <= appointed_month <= 12) or appointed_year < birth.year + 15:
        raise ValidationError(_("This NIP has an impossible appointment date."), code="nip_tmt")
    if digits[14] not in "12":
        raise ValidationError(_("The 15th digit of a NIP is 1 (male) or 2 (female)."), code="nip_sex")
    return digits


def normalize_phone(value: str) -> str:
    """Any Indonesian way of writing a number ('0812-3456-7890', '62812...', '+62 812...') as +62..."""
    raw = (value or "").strip()
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("Enter a phone number such as 0812 3456 7890."), code="phone_invalid"
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("This phone number is not valid. Example: 0812 3456 7890."), code="phone_invalid"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
