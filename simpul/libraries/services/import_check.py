"""The first half of an import: reading a file and checking every cell, column by column.

What a check finds depends only on the file, the region table and who imports (the regions they
may write to); never on the register's libraries (that second half, new or update by NPP, is
`imports.plan_import`'s). So the rows a dry run checked (`CheckedRows`) can be kept with its job
and reused by apply when the file's digest is the same and every region it names still exists and
is still the importer's to write.

A column is checked one distinct cell at a time: 165,000 rows hold a few thousand distinct numbers
and choices per column, and about 20,000 distinct region codes.
"""

import decimal
import hashlib
import hmac
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from simpul.regions.codes import normalize_code
from simpul.regions.models import Region

from .. import npp as npp_format
from ..models import COUNT_FIELDS, SUBTYPES_OF, Service
from ..spreadsheet import CHOICES, VALUE_ALIASES, cell_text, read_table, unneutralise

# Raise when a check's rules or `CheckedRows`' layout change: rows kept by an older version are
# checked again.
CHECK_VERSION = 1
Progress = Callable[[int, int], None]
REQUIRED_KEYS = ("name", "type", "region_code")
# The library field each column fills (the others fill the field of their own name).
FIELD_OF = {"type": "library_type", "region_code": "region_id"}
TEXT_LIMITS = {
    "name": 200, "parent_institution": 200, "address": 255, "opening_hours": 255,
    "contact_name": 150, "phone": 20, "email": 254, "website": 200, "postal_code": 5,
}  # fmt: skip
_email, _url = EmailValidator(), URLValidator(schemes=["http", "https"])
_SERVICES = set(Service.values)
# Cell types whose equal values always give equal text (True == 1 == 1.0, so bool is not one).
_PLAIN_CELLS = {str, float, int, type(None)}


class RowError(Exception):
    pass


class _Bad(str):
    """A cell's problem, kept in a column in place of its value."""


def _whole(value: str, key: str) -> int:
    try:
        number = decimal.Decimal(value)
    except decimal.InvalidOperation:
        raise RowError(_("%(col)s: “%(v)s” is not a whole number.") % {"col": key, "v": value}) from None
    if number != number.to_integral_value() or number < 0:
        raise RowError(_("%(col)s: “%(v)s” must be a whole number, 0 or more.") % {"col": key, "v": value})
    if number > 2_000_000_000:
        raise RowError(_("%(col)s: %(v)s is too large.") % {"col": key, "v": value})
    return int(number)


def _coordinate(value: str, key: str, limit: int) -> decimal.Decimal:
    try:
        number = decimal.Decimal(value.replace(",", "."))
    except decimal.InvalidOperation:
        raise RowError(_("%(col)s: “%(v)s” is not a number.") % {"col": key, "v": value}) from None
    if not -limit <= number <= limit:
        raise RowError(_("%(col)s: %(v)s is outside -%(l)s..%(l)s.") % {"col": key, "v": value, "l": limit})
    return number.quantize(decimal.Decimal("0.000001"))


def _choice(value: str, key: str) -> str:
    v = value.strip().lower()
    v = VALUE_ALIASES.get(key, {}).get(v, v)
    if v not in CHOICES[key]:
        raise RowError(
            _("%(col)s: “%(v)s” is not one of %(choices)s.")
            % {"col": key, "v": value, "choices": ", ".join(sorted(CHOICES[key]))}
        )
    return v


def _npp(value: str) -> str:
    code = npp_format.normalize(value)
    if not npp_format.is_valid(code):
        raise RowError(_("npp: “%(v)s” is not an NPP (7 digits, a letter, 7 digits).") % {"v": value})
    return code


def _internet(value: str) -> bool:
    v = value.lower()
    if v not in ("yes", "no", "ya", "tidak", "1", "0", "true", "false"):
        raise RowError(_("internet: write yes or no."))
    return v in ("yes", "ya", "1", "true")


def _services(value: str) -> list[str]:
    items = [s.strip().lower() for s in value.split(",") if s.strip()]
    bad = [s for s in items if s not in _SERVICES]
    if bad:
        raise RowError(_("services: unknown %(bad)s.") % {"bad": ", ".join(bad)})
    return items


def _text(value: str, key: str) -> str:
    if len(value) > TEXT_LIMITS.get(key, 255):
        raise RowError(_("%(col)s: longer than %(n)s characters.") % {"col": key, "n": TEXT_LIMITS[key]})
    if key == "email":
        _email(value)
    if key == "website":
        _url(value)
    if key == "postal_code" and not (value.isdigit() and len(value) == 5):
        raise RowError(_("postal_code: 5 digits."))
    return value


def _parser(key: str, regions: set[str]) -> Callable[[str], object]:
    """The function that turns one non-empty cell text of column `key` into its value."""
    if key in COUNT_FIELDS:
        return lambda v: _whole(v, key)
    if key in CHOICES:
        return lambda v: _choice(v, key)
    if key == "npp":
        return _npp
    if key == "region_code":

        def region(value: str) -> str:
            code = normalize_code(value)
            if not code or code not in regions:
                raise RowError(_("region_code: there is no region with the code “%(v)s”.") % {"v": value})
            return code

        return region
    if key in ("latitude", "longitude"):
        limit = 90 if key == "latitude" else 180
        return lambda v: _coordinate(v, key, limit)
    if key == "internet":
        return _internet
    if key == "services":
        return _services
    return lambda v: _text(v, key)


def _outcome(key: str, cell, parse: Callable[[str], object]):
    """One cell's value, None for an empty optional cell (the field keeps its value), or a _Bad."""
    value = unneutralise(cell_text(cell))
    if not value:
        return _Bad(_("%(col)s is required.") % {"col": key}) if key in REQUIRED_KEYS else None
    try:
        return parse(value)
    except ValidationError:
        return _Bad(_("%(col)s: “%(v)s” is not valid.") % {"col": key, "v": value})
    except RowError as exc:
        return _Bad(str(exc))


def check_column(key: str, cells: Sequence, regions: set[str]) -> tuple[list, dict[int, str]]:
    """The values of one column (None where a cell is empty or wrong) and {row index: problem}."""
    parse = _parser(key, regions)
    if set(map(type, cells)) <= _PLAIN_CELLS:  # each distinct cell once
        outcomes = {cell: _outcome(key, cell, parse) for cell in set(cells)}
        values = list(map(outcomes.__getitem__, cells))
        any_bad = any(type(v) is _Bad for v in outcomes.values())
    else:
        values = [_outcome(key, cell, parse) for cell in cells]
        any_bad = True
    problems: dict[int, str] = {}
    if any_bad:
        for i, value in enumerate(values):
            if type(value) is _Bad:
                problems[i] = str(value)
                values[i] = None
    return values, problems


def _region_codes(cells: Sequence) -> set[str]:
    """The codes of `cells` that name a region (one query; the whole table for a large file)."""
    codes = {normalize_code(cell_text(c)) for c in set(cells)} - {""}
    if len(codes) > 5000:
        return codes & set(Region.objects.values_list("code", flat=True))
    return set(Region.objects.filter(code__in=codes).values_list("code", flat=True))


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class CheckedRows:
    """The rows of a file without a problem: `rows[i]` holds the values of `keys` (library field
    names) for spreadsheet row `numbers[i]`, None where the cell was empty (a new library takes the
    field's default, an updated one keeps its value)."""

    digest: str
    keys: tuple[str, ...]
    numbers: list[int] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    version: int = CHECK_VERSION

    def still_valid(self, data: bytes, may_write_region: Callable[[str], bool]) -> bool:
        """Whether these rows are what checking `data` again would give: the same file, the same
        rules, and every region the rows name still there and still writable by the importer."""
        if self.version != CHECK_VERSION or self.digest != file_digest(data):
            return False
        if not self.rows:
            return True
        region = self.keys.index("region_id")
        codes = {row[region] for row in self.rows}
        return _region_codes(list(codes)) == codes and all(map(may_write_region, codes))

    def dumps(self) -> bytes:
        """Signed bytes (the blob lives in the file storage; only what this site wrote is loaded)."""
        payload = pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)
        return _signature(payload) + payload

    @classmethod
    def loads(cls, blob: bytes) -> "CheckedRows | None":
        signature, payload = blob[:32], blob[32:]
        if not hmac.compare_digest(signature, _signature(payload)):
            return None
        try:
            checked = pickle.loads(payload)  # noqa: S301 (signed above with the site's secret key)
        except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError, ValueError):
            return None  # written by another version of this code: check the file again
        return checked if isinstance(checked, cls) and checked.version == CHECK_VERSION else None


def _signature(payload: bytes) -> bytes:
    return salted_hmac("simpul.libraries.import.checked", payload, algorithm="sha256").digest()


@dataclass
class FileCheck:
    """A file's check: its good rows, and every problem as (row, npp cell, name cell, message)."""

    checked: CheckedRows
    errors: list[tuple[int, str, str, str]]
    total: int


def check_file(
    data: bytes, *, may_write_region: Callable[[str], bool], progress: Progress | None = None
) -> FileCheck:
    """Read and check every row of `data`; FileProblem (from `read_table`) for an unusable file.
    `may_write_region(code)` says whether the importing user may write a library in that region."""
    header, rows = read_table(data)
    total = len(rows)
    width = len(header)
    if any(len(r) < width for r in rows):
        rows = [[*r, *[""] * (width - len(r))] if len(r) < width else r for r in rows]
    columns = list(zip(*rows, strict=False))[:width] if rows else []
    wanted = [(j, key) for j, key in enumerate(header) if key and key != "data_updated_on"]
    regions = _region_codes(columns[header.index("region_code")])
    keys = tuple(FIELD_OF.get(key, key) for _j, key in wanted)
    values: list[list] = []
    problems: dict[int, list[str]] = {}
    for done, (j, key) in enumerate(wanted, start=1):
        column, column_problems = check_column(key, columns[j], regions)
        values.append(column)
        for i, message in column_problems.items():
            problems.setdefault(i, []).append(message)
        if progress:
            progress(total * done // (len(wanted) + 1), total)
    if "subtype" in keys and "library_type" in keys:
        subtypes, types = values[keys.index("subtype")], values[keys.index("library_type")]
        for i, (subtype, kind) in enumerate(zip(subtypes, types, strict=True)):
            if subtype and kind and subtype not in SUBTYPES_OF.get(kind, ()):
                problems.setdefault(i, []).append(
                    _("subtype: “%(s)s” does not belong to type %(t)s.") % {"s": subtype, "t": kind}
                )
    messages = {i: " ".join(found) for i, found in problems.items()}
    good = [i for i in range(total) if i not in messages]
    # Across rows: each NPP once per file, then the importer's regions.
    if "npp" in keys:
        npps, seen = values[keys.index("npp")], {}
        for i in good:
            npp = npps[i]
            if npp and npp in seen:
                messages[i] = _("npp %(npp)s is also on row %(row)s: each NPP once per file.") % {
                    "npp": npp,
                    "row": seen[npp],
                }
            elif npp:
                seen[npp] = i + 2
        good = [i for i in good if i not in messages]
    codes = values[keys.index("region_id")]
    allowed = {code: may_write_region(code) for code in {codes[i] for i in good}}
    for i in good:
        if not allowed[codes[i]]:
            messages[i] = _("region_code %(c)s is outside the region you may write to.") % {"c": codes[i]}
    good = [i for i in good if i not in messages]
    all_rows = list(zip(*values, strict=True)) if values else []
    checked = CheckedRows(
        digest=file_digest(data), keys=keys, numbers=[i + 2 for i in good], rows=[all_rows[i] for i in good]
    )
    npp_at, name_at = _position(header, "npp"), _position(header, "name")
    errors = [(i + 2, _cell(rows[i], npp_at), _cell(rows[i], name_at), messages[i]) for i in sorted(messages)]
    return FileCheck(checked=checked, errors=errors, total=total)


def _position(header: list[str], key: str) -> int | None:
    return header.index(key) if key in header else None


def _cell(row: Sequence, position: int | None) -> str:
    return cell_text(row[position]) if position is not None else ""
