import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simpul.libraries import forms
from simpul.libraries.models import Job, Library, LibraryChange
from simpul.libraries.services import imports
from simpul.libraries.services.stats import stats_differences
from simpul.libraries.spreadsheet import COLUMN_KEYS

HEADER = "npp,name,type,subtype,region_code,books_titles,latitude\n"


def everywhere(code):
    return True


def csv_bytes(*rows, header=HEADER):
    return (header + "".join(r + "\n" for r in rows)).encode("utf-8")


def test_a_dry_run_reports_new_update_and_errors_row_by_row(library):
    data = csv_bytes(
        ",Perpustakaan Baru,public,village,33.11.12.2001,10,-7.5",
        f"{library.npp},Perpustakaan Desa Pucangan,public,village,33.11.12.2001,250,",
        ",Tanpa Wilayah,public,,99.99.99,abc,",
        ",Sekolah,school,village,33.11.12.2001,1,200",
    )
    plan = imports.plan_import(data, may_write_region=everywhere)
    assert dict(plan.counts) == {"new": 1, "update": 1, "error": 2}
    errors = {r["row"]: r["message"] for r in plan.rows if r["status"] == "error"}
    assert "no region with the code" in errors[4] and "not a whole number" in errors[4]
    assert "does not belong to type school" in errors[5] and "latitude" in errors[5]
    assert Library.objects.count() == 1  # nothing written


def test_duplicate_npps_in_a_file_are_refused(regions):
    data = (
        csv_bytes(",A,public,,33.11.12.2001,,", ",B,public,,33.11.12.2001,,")
        .replace(b"\n,A", b"\n3311012A0000005,A")
        .replace(b"\n,B", b"\n3311012A0000005,B")
    )
    plan = imports.plan_import(data, may_write_region=everywhere)
    assert plan.counts["error"] == 1
    assert "also on row 2" in next(r["message"] for r in plan.rows if r["status"] == "error")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        ("name;type\nx;y\n".encode("utf-16"), "UTF-8"),
        (b"name,type,colour\nA,public,red\n", "Unknown columns: colour"),
        (b"npp,name\n1,A\n", "Missing columns: type, region_code"),
        (HEADER.encode(), "no libraries"),
        (b"PK\x03\x04garbage", "damaged"),
    ],
)
def test_unusable_files_get_a_clear_message(data, message):
    plan = imports.plan_import(data, may_write_region=everywhere)
    assert message in plan.file_error
    assert not plan.ok


def test_apply_is_all_or_nothing(regions):
    data = csv_bytes(",Baik,public,,33.11.12.2001,1,", ",Buruk,public,,00.00,1,")
    plan = imports.import_apply(actor=None, data=data, may_write_region=everywhere, job_key="t1")
    assert not plan.ok
    assert not Library.objects.exists()


def test_apply_creates_and_updates_and_keeps_the_counts(library):
    data = csv_bytes(
        ",Perpustakaan Baru,public,village,52.71.01.1004,10,-8.58",
        f"{library.npp},Perpustakaan Desa Pucangan,public,village,33.11.12.2001,250,",
        "5271001A0000077,Perpustakaan Lama,public,,52.71.01.1004,,",
    )
    plan = imports.import_apply(actor=None, data=data, may_write_region=everywhere, job_key="t2")
    assert plan.ok and plan.counts["new"] == 2 and plan.counts["update"] == 1
    new = Library.objects.get(name="Perpustakaan Baru")
    assert new.status == "listed" and new.npp is None and new.organisation.path == f"{new.pk}/"
    assert new.services == [] and new.organisation.kind == "library" and new.organisation.is_active
    assert new.changes.get().changes == {"created": [None, True]}  # JSON written as JSON (COPY on PostgreSQL)
    assert Library.objects.get(npp="5271001A0000077").status == "registered"
    library.refresh_from_db()
    assert library.books_titles == 250
    assert LibraryChange.objects.filter(library=library, kind="import").first().changes["books_titles"] == [
        0,
        250,
    ]
    assert stats_differences() == {}


def test_formulas_in_cells_are_kept_as_text_never_evaluated(regions):
    data = csv_bytes("'=1+1,=cmd|' /C calc'!A0,public,,33.11.12.2001,,")
    plan = imports.plan_import(data, may_write_region=everywhere)
    assert plan.counts["error"] == 1 or plan.counts["new"] == 1
    data = csv_bytes(',"=HYPERLINK(""x"")",public,,33.11.12.2001,,')
    imports.import_apply(actor=None, data=data, may_write_region=everywhere, job_key="t3")
    assert Library.objects.get().name == '=HYPERLINK("x")'


def test_an_office_imports_only_in_its_region(regions):
    data = csv_bytes(",Di Mataram,public,,52.71.01.1004,,")
    plan = imports.plan_import(data, may_write_region=lambda code: code.startswith("33."))
    assert "outside the region" in plan.rows[0]["message"]


def test_an_xlsx_round_trip_through_the_pages(as_user, office_user, library):
    c = as_user(office_user)
    exported = c.get(reverse("libraries:export"), {"format": "xlsx", "region": "33"}).content
    workbook = openpyxl.load_workbook(io.BytesIO(exported))
    sheet = workbook.active
    seats = COLUMN_KEYS.index("seats") + 1
    sheet.cell(row=2, column=seats, value=42)
    sheet.append(["", "Perpustakaan SD Negeri 2 Kartasura", "school", "sd", "", "", "", "33.11.12.2001"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("daftar.xlsx", buffer.getvalue())
    response = c.post(reverse("libraries:import"), {"file": upload})
    assert response.status_code == 302
    page = c.get(response["Location"]).content.decode()
    assert "1 new" in page and "1 will update" in page and "Apply the import" in page
    job = Job.objects.get()
    c.post(reverse("libraries:job_apply", args=[job.pk]))
    library.refresh_from_db()
    assert library.seats == 42
    assert Library.objects.filter(
        name="Perpustakaan SD Negeri 2 Kartasura", region_id="33.11.12.2001"
    ).exists()
    assert "Imported" in c.get(response["Location"]).content.decode()


def test_a_file_that_only_pretends_to_be_xlsx_is_read_by_its_content(as_user, office_user, regions):
    upload = SimpleUploadedFile("list.xlsx", csv_bytes(",Perpustakaan CSV,public,,33.11.12.2001,,"))
    response = as_user(office_user).post(reverse("libraries:import"), {"file": upload})
    assert "1 new" in as_user(office_user).get(response["Location"]).content.decode()


def test_people_without_an_office_role_cannot_import(as_user, member_user):
    assert as_user(member_user).get(reverse("libraries:import")).status_code == 404


def test_the_size_limit_is_checked_before_reading(as_user, office_user, monkeypatch):
    monkeypatch.setattr(forms, "MAX_BYTES", 10)
    upload = SimpleUploadedFile("big.csv", b"x" * 11)
    page = as_user(office_user).post(reverse("libraries:import"), {"file": upload}).content.decode()
    assert "larger than 50 MB" in page
