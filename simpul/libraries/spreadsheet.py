"""The register's spreadsheet: columns shared by the template, exports and imports; reading files
safely (by content, not by name) and writing cells that no spreadsheet program will evaluate.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineError, CalamineWorkbook

from .models import COUNT_FIELDS, Funding, Library, LibraryType, Ownership, Service, Status, Subtype

MAX_BYTES = 50 * 1024 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str
    help: str
    required: bool = False


def _choices(choices) -> str:
    return ", ".join(choices.values)


def _listing(message, choices):
    """`message % the choices`, translated when read (not when this module is imported), so each
    request gets its own language."""
    return lazy(lambda: str(message) % _choices(choices), str)()


COLUMNS: list[Column] = [
    Column("npp", _("NPP, 15 characters (e.g. 6372052C0000001). Empty for a library without one.")),
    Column("name", _("Name of the library."), required=True),
    Column("type", _listing(_("One of: %s"), LibraryType), required=True),
    Column(
        "subtype",
        _(
            "Public: national, provincial, regency, district, village; school: sd, smp, sma; special: government, company, worship, other."
        ),
    ),
    Column("ownership", _("state or private")),
    Column(
        "status", _("registered, listed or closed. Empty: registered when an NPP is given, listed otherwise.")
    ),
    Column("parent_institution", _("The school, university, agency or company it belongs to.")),
    Column(
        "region_code",
        _("Kemendagri code of the village (e.g. 33.11.12.2001), or of a district, regency or province."),
        required=True,
    ),
    Column("address", _("Street address.")),
    Column("postal_code", _("5 digits.")),
    Column("latitude", _("Decimal degrees, e.g. -7.5561.")),
    Column("longitude", _("Decimal degrees, e.g. 110.7700.")),
    Column("opening_hours", _("e.g. Mon-Fri 08.00-15.00")),
    Column("contact_name", _("Contact person.")),
    Column("phone", _("Phone number.")),
    Column("email", _("E-mail address.")),
    Column("website", _("Web address, starting with https://")),
    Column("services", _listing(_("Comma-separated: %s"), Service)),
    Column("funding", _listing(_("One of: %s"), Funding)),
    *[Column(f, _("Whole number, 0 or more.")) for f in COUNT_FIELDS],
    Column("internet", _("yes or no")),
    Column(
        "data_updated_on",
        _("Filled by Simpul on export: the date of the last yearly update. Ignored on import."),
    ),
]
COLUMN_KEYS = [c.key for c in COLUMNS]
REQUIRED = [c.key for c in COLUMNS if c.required]
# Headers an office's own spreadsheet may use, in Indonesian.
ALIASES = {
    "nama": "name", "nama_perpustakaan": "name", "jenis": "type", "jenis_perpustakaan": "type",
    "subjenis": "subtype", "kepemilikan": "ownership", "kode_wilayah": "region_code", "kode_desa": "region_code",
    "alamat": "address", "kode_pos": "postal_code", "lintang": "latitude", "bujur": "longitude",
    "jam_buka": "opening_hours", "narahubung": "contact_name", "telepon": "phone", "surel": "email",
    "situs": "website", "layanan": "services", "sumber_dana": "funding", "induk": "parent_institution",
}  # fmt: skip
VALUE_ALIASES = {
    "type": {"umum": "public", "sekolah": "school", "perguruan tinggi": "university", "pt": "university",
             "khusus": "special", "tbm": "community", "taman bacaan masyarakat": "community"},
    "ownership": {"negeri": "state", "swasta": "private"},
    "status": {"terdaftar": "registered", "tercatat": "listed", "tutup": "closed"},
    "subtype": {"nasional": "national", "provinsi": "provincial", "kabupaten/kota": "regency", "kabupaten": "regency",
                "kota": "regency", "kecamatan": "district", "desa": "village", "kelurahan": "village",
                "sd/mi": "sd", "smp/mts": "smp", "sma/smk/ma": "sma", "pemerintah": "government",
                "perusahaan": "company", "rumah ibadah": "worship", "lainnya": "other"},
}  # fmt: skip
CHOICES = {
    "type": set(LibraryType.values),
    "subtype": set(Subtype.values),
    "ownership": set(Ownership.values),
    "status": {Status.REGISTERED, Status.LISTED, Status.CLOSED},
    "funding": set(Funding.values),
}


def neutralise(value):
    """A text cell that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:2] in ("=", "+", "-", "@") else value


def export_row(library: Library) -> list:
    """One library as cells, in COLUMNS order (numbers as numbers, text neutralised)."""
    row = []
    for key in COLUMN_KEYS:
        if key == "type":
            value = library.library_type
        elif key == "region_code":
            value = library.region_id
        elif key == "services":
            value = ", ".join(library.services or [])
        elif key == "internet":
            value = "yes" if library.internet else "no"
        elif key in ("latitude", "longitude"):
            v = getattr(library, key)
            value = float(v) if v is not None else ""
        elif key == "data_updated_on":
            value = library.data_updated_on.isoformat() if library.data_updated_on else ""
        else:
            value = getattr(library, key)
            value = "" if value is None else value
        row.append(neutralise(value))
    return row


class FileProblem(Exception):
    """The whole file is refused (before any row is looked at)."""


def sniff(data: bytes) -> str:
    """'xlsx' or 'csv' from the content; FileProblem otherwise."""
    if not data or not data.strip():
        raise FileProblem(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise FileProblem(_("The file is larger than 50 MB. Split it into several files."))
    if data[:4] == b"PK\x03\x04":
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile as exc:
            raise FileProblem(_("The file looks like a damaged XLSX workbook.")) from exc
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
        raise FileProblem(_("The file is a zip archive but not an XLSX workbook."))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            _(
                "The file is neither an XLSX workbook nor a CSV file in UTF-8. Save the CSV as “CSV UTF-8” and try again."
            )
        ) from exc
    return "csv"


def cell_text(value) -> str:
    """A cell's value as the text an import checks: numbers without a trailing .0, dates in ISO form."""
    if type(value) is str:  # most cells: the common case first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def read_table(data: bytes) -> tuple[list[str], list[list]]:
    """(header keys, rows of cells). Raises FileProblem for what makes the whole file unusable.

    Cells are as read (text from CSV; text, numbers, dates from XLSX): `cell_text` gives what a check
    reads. Left unconverted here because a check converts each distinct value of a column once."""
    kind = sniff(data)
    if kind == "xlsx":
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except (CalamineError, Exception) as exc:  # calamine raises several kinds for broken files
            raise FileProblem(_("The XLSX workbook cannot be read: %(error)s") % {"error": exc}) from exc
    else:
        text = data.decode("utf-8-sig")
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(text), dialect)]
    rows = [r for r in rows if any(map(cell_text, r))]
    if not rows:
        raise FileProblem(_("The file has no rows."))
    names = [cell_text(h).lower().replace(" ", "_") for h in rows[0]]
    header = [ALIASES.get(h, h) for h in names]
    unknown = [h for h in header if h and h not in COLUMN_KEYS]
    missing = [k for k in REQUIRED if k not in header]
    problems = []
    if unknown:
        problems.append(_("Unknown columns: %(cols)s.") % {"cols": ", ".join(unknown)})
    if missing:
        problems.append(_("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)})
    duplicated = sorted({h for h in header if h and header.count(h) > 1})
    if duplicated:
        problems.append(_("Columns given twice: %(cols)s.") % {"cols": ", ".join(duplicated)})
    if problems:
        raise FileProblem(
            " ".join(str(p) for p in problems) + " " + str(_("Download the template to see the columns."))
        )
    if len(rows) == 1:
        raise FileProblem(_("The file has a header row but no libraries."))
    return header, rows[1:]
