"""Bulk import of an existing member spreadsheet (XLSX or CSV), with a dry run.

The dry run does everything the real import does inside a transaction and then rolls it back, so its
report is exactly what the import would do (including the database's own refusals), row by row.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from simpul.core.audit import audit_record
from simpul.organisations.models import Organisation
from simpul.people.models import User
from simpul.people.services import person_create

from ..models import Membership, MembershipEvent, MembershipStatus, MemberType
from .memberships import _count, _event, _make_member, _next_number  # noqa: F401 (one lifecycle)

COLUMNS = {
    "name": ("name", "nama", "full name", "nama lengkap"),
    "title_prefix": ("title before", "titles before", "gelar depan"),
    "title_suffix": ("title after", "titles after", "gelar belakang"),
    "email": ("email", "e-mail", "surel"),
    "chapter": ("chapter", "cabang", "pengurus"),
    "member_type": ("member type", "type", "jenis", "jenis anggota"),
    "number": ("number", "member number", "nomor", "nomor anggota", "no. anggota"),
    "joined": ("joined", "member since", "tanggal masuk"),
    "paid_until": ("dues paid until", "paid until", "iuran sampai"),
}
MAX_ROWS = 20_000


@dataclass
class RowResult:
    line: int
    name: str
    outcome: str  # "created", "error"
    message: str = ""


@dataclass
class ImportReport:
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for r in self.rows if r.outcome == "created")

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r.outcome == "error")


def read_rows(upload) -> list[dict]:
    """Rows as {column: text} from an XLSX/XLS/ODS or CSV file, headers matched in English or Indonesian."""
    name = (upload.name or "").lower()
    data = upload.read()
    if name.endswith(".csv"):
        text = data.decode("utf-8-sig", errors="replace")
        sample = text[:2048]
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample else csv.excel
        table = list(csv.reader(io.StringIO(text), dialect))
    else:
        try:
            table = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
        except Exception as error:
            raise ValidationError(
                _("The file is not a spreadsheet Simpul can read (XLSX, XLS, ODS or CSV).")
            ) from error
    if not table:
        raise ValidationError(_("The file is empty."))
    headers = [str(h).strip().lower() for h in table[0]]
    index = {}
    for key, names in COLUMNS.items():
        for position, header in enumerate(headers):
            if header in names:
                index[key] = position
                break
    if "name" not in index:
        raise ValidationError(_("The first row must name the columns; a 'name' column is required."))
    rows = []
    for values in table[1 : MAX_ROWS + 1]:
        row = {key: values[pos] if pos < len(values) else "" for key, pos in index.items()}
        if any(str(v).strip() for v in row.values()):
            rows.append(row)
    return rows


def _date(value, *, end_of_year: bool = False) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if text.isdigit() and len(text) == 4:
        return datetime.date(int(text), 12, 31) if end_of_year else datetime.date(int(text), 1, 1)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("'%(value)s' is not a date (use YYYY-MM-DD).") % {"value": text})


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value or "").strip()


def _import_row(*, actor, row, association, chapters, default_chapter, types, default_type) -> None:
    name = _text(row.get("name"))
    if not name:
        raise ValidationError(_("The name is empty."))
    chapter_key = _text(row.get("chapter")).lower()
    chapter = chapters.get(chapter_key) if chapter_key else default_chapter
    if chapter is None:
        raise ValidationError(
            _("Chapter '%(chapter)s' is not one you look after.") % {"chapter": _text(row.get("chapter"))}
        )
    type_key = _text(row.get("member_type")).lower()
    member_type = types.get(type_key) if type_key else default_type
    if member_type is None:
        raise ValidationError(
            _("Member type '%(type)s' does not exist.") % {"type": _text(row.get("member_type"))}
        )
    email = _text(row.get("email")).lower()
    person = None
    if email:
        user = User.objects.filter(email=email).select_related("person").first()
        person = getattr(user, "person", None) if user else None
    if person is None:
        person = person_create(
            actor=actor,
            full_name=name,
            title_prefix=_text(row.get("title_prefix")),
            title_suffix=_text(row.get("title_suffix")),
        )
    if Membership.objects.filter(
        person=person,
        association=association,
        status__in=[MembershipStatus.PENDING, MembershipStatus.ACTIVE, MembershipStatus.GRACE],
    ).exists():
        raise ValidationError(_("%(name)s is already a member.") % {"name": name})
    number = _text(row.get("number"))
    if number and Membership.objects.filter(association=association, number=number).exists():
        raise ValidationError(_("Member number %(number)s is already taken.") % {"number": number})
    joined = _date(row.get("joined")) or timezone.localdate()
    paid_until = _date(row.get("paid_until"), end_of_year=True)
    membership = Membership(
        person=person,
        association=association,
        chapter=chapter,
        member_type=member_type,
        status=MembershipStatus.ACTIVE,
        sort_name=person.full_name.lower()[:150],
        joined_on=joined,
        paid_until=paid_until,
        number=number or "-",
    )
    membership.full_clean(exclude=["card", "number"], validate_constraints=False)
    membership.number = ""
    _make_member(membership, actor=actor, today=timezone.localdate(), number=number)
    _count(chapter.pk, None, MembershipStatus.ACTIVE)
    _event(membership, actor=actor, kind=MembershipEvent.Kind.IMPORTED)


def members_import(
    *,
    actor,
    association: Organisation,
    chapters: list[Organisation],
    default_chapter: Organisation | None,
    rows: list[dict],
    dry_run: bool = True,
) -> ImportReport:
    """Import rows as active members of `chapters` (those the officer looks after). Row errors are
    reported and skipped; the rest is imported (or, in a dry run, rolled back)."""
    report = ImportReport(dry_run=dry_run)
    by_key = {}
    for chapter in chapters:
        for key in (chapter.slug, chapter.name, chapter.short_name):
            if key:
                by_key[key.lower()] = chapter
    types = {}
    for member_type in MemberType.objects.filter(association=association, by_decision_only=False):
        types[member_type.code.lower()] = member_type
        types[member_type.name.lower()] = member_type
    default_type = (
        MemberType.objects.filter(association=association, by_decision_only=False)
        .order_by("order", "id")
        .first()
    )
    with transaction.atomic():
        for line, row in enumerate(rows, start=2):
            name = _text(row.get("name"))
            try:
                with transaction.atomic():
                    _import_row(
                        actor=actor,
                        row=row,
                        association=association,
                        chapters=by_key,
                        default_chapter=default_chapter,
                        types=types,
                        default_type=default_type,
                    )
            except ValidationError as error:
                report.rows.append(RowResult(line, name, "error", " ".join(error.messages)))
            except IntegrityError:
                report.rows.append(
                    RowResult(line, name, "error", _("Refused by the database (a duplicate)."))
                )
            else:
                report.rows.append(RowResult(line, name, "created"))
        if dry_run:
            transaction.set_rollback(True)
        else:
            audit_record(
                actor=actor,
                action="membership.import",
                instance=association,
                after={"created": report.created, "errors": report.errors},
            )
    return report
