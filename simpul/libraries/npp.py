"""The NPP (Nomor Pokok Perpustakaan) format, in one place.

Our reading of the example `6372052C0000001` is *unverified*: 7 digits of location, one letter for
the library type, a 7-digit sequence. We take the location as the Kemendagri codes of the province
(2 digits), regency/city (2 digits) and district (3 digits, the 2-digit district code zero-padded;
000 for a library registered above district level). The sequence counts per prefix (location +
letter), so it is the "next number" within one district and type. Change this module, and only
this module, when the real rule is known.
"""

import re

LOCATION_DIGITS = 7
SEQUENCE_DIGITS = 7
LENGTH = LOCATION_DIGITS + 1 + SEQUENCE_DIGITS
MAX_SEQUENCE = 10**SEQUENCE_DIGITS - 1

# Library type (see models.LibraryType) -> the NPP letter. Unverified, like the rest.
TYPE_LETTERS = {
    "public": "A",
    "school": "B",
    "university": "C",
    "special": "D",
    "community": "E",
}
LETTER_TYPES = {letter: kind for kind, letter in TYPE_LETTERS.items()}

_PATTERN = re.compile(rf"^(\d{{{LOCATION_DIGITS}}})([A-Z])(\d{{{SEQUENCE_DIGITS}}})$")


class NppError(ValueError):
    pass


def location_digits(region_code: str) -> str:
    """'63.72.05.1001' -> '6372005'; '33.11' -> '3311000'; '52' -> '5200000'."""
    parts = (region_code or "").split(".")
    province = parts[0] if parts and parts[0] else "00"
    regency = parts[1] if len(parts) > 1 else "00"
    district = parts[2].zfill(3) if len(parts) > 2 else "000"
    digits = f"{province}{regency}{district}"
    if not digits.isdigit() or len(digits) != LOCATION_DIGITS:
        raise NppError(f"No NPP location for region code {region_code!r}.")
    return digits


def prefix_for(region_code: str, library_type: str) -> str:
    """The counter key: location digits and the type letter ('6372005C')."""
    try:
        letter = TYPE_LETTERS[library_type]
    except KeyError as exc:
        raise NppError(f"No NPP letter for library type {library_type!r}.") from exc
    return location_digits(region_code) + letter


def format_npp(prefix: str, sequence: int) -> str:
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise NppError(f"NPP sequence {sequence} is out of range.")
    return f"{prefix}{sequence:0{SEQUENCE_DIGITS}d}"


def parse(npp: str) -> tuple[str, int]:
    """'6372052C0000001' -> ('6372052C', 1). Raises NppError for anything else."""
    match = _PATTERN.match((npp or "").strip().upper())
    if not match:
        raise NppError(f"{npp!r} is not an NPP: 7 digits, a letter and 7 digits are expected.")
    return match.group(1) + match.group(2), int(match.group(3))


def normalize(npp: str) -> str:
    """Upper-case and without spaces; '' for empty input. Does not validate."""
    return "".join((npp or "").split()).upper()


def is_valid(npp: str) -> bool:
    try:
        parse(npp)
    except NppError:
        return False
    return True
