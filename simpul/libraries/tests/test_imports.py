import datetime
import decimal
import io

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simpul.libraries import forms, permissions
from simpul.libraries.models import Job, Library, LibraryChange
from simpul.libraries.services import imports, jobs
from simpul.libraries.services.import_check import CheckedRows
from simpul.libraries.services.stats import stats_differences
from simpul.libraries.spreadsheet import COLUMN_KEYS

from .factories import LibraryFactory

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


# Dry run, then apply, as the import page runs them (a job per file).


def dry_run(user, data):
    job = jobs.job_create_import(actor=user, data=data, filename="daftar.csv")
    jobs.job_run(job.pk)
    job.refresh_from_db()
    return job


def apply(user, job):
    jobs.job_apply(actor=user, job=job)
    jobs.job_run(job.pk)
    job.refresh_from_db()
    return job


@pytest.fixture
def file_read_again(monkeypatch):
    """Counts how often a file's cells are read and checked."""
    calls = []
    check = imports.check_file

    def counted(*args, **kwargs):
        calls.append(1)
        return check(*args, **kwargs)

    monkeypatch.setattr(imports, "check_file", counted)
    return calls


def test_apply_after_an_unchanged_dry_run_writes_what_the_dry_run_reported(
    office_user, library, file_read_again
):
    data = csv_bytes(
        ",Perpustakaan Baru,public,village,33.11.12.2001,10,-7.5",
        f"{library.npp},Perpustakaan Desa Pucangan,public,village,33.11.12.2001,250,",
        "3311012A0000077,Perpustakaan Lama,public,,33.11.12.2001,,",
    )
    checked = dry_run(office_user, data)
    assert checked.report["counts"] == {"new": 2, "update": 1}
    assert len(file_read_again) == 1 and default_storage.exists(jobs.checked_rows_name(checked))
    applied = apply(office_user, checked)
    assert len(file_read_again) == 1  # the dry run's checked rows were used, not the file again
    assert applied.state == Job.State.DONE and applied.report == checked.report
    assert Library.objects.get(name="Perpustakaan Baru").latitude == decimal.Decimal("-7.5")
    assert Library.objects.get(npp="3311012A0000077").status == "registered"
    library.refresh_from_db()
    assert library.books_titles == 250
    assert LibraryChange.objects.filter(kind="import").count() == 3
    assert stats_differences() == {}
    assert not default_storage.exists(jobs.checked_rows_name(checked))  # removed once applied


def test_a_library_registered_between_dry_run_and_apply_is_matched_by_its_npp(
    office_user, regions, file_read_again
):
    data = csv_bytes(
        ",Perpustakaan Baru,public,,33.11.12.2001,5,", "3311012A0000042,Taman Baca,public,,33.11.12.2001,7,"
    )
    checked = dry_run(office_user, data)
    assert checked.report["counts"] == {"new": 2}
    LibraryFactory(npp="3311012A0000042", name="Taman Baca Lama", region=regions["33.11.12.2001"])
    applied = apply(office_user, checked)
    assert applied.report["counts"] == {"new": 1, "update": 1}
    assert Library.objects.get(npp="3311012A0000042").books_titles == 7  # updated, not a second one
    assert Library.objects.count() == 2 and stats_differences() == {}


def test_a_library_registered_elsewhere_between_dry_run_and_apply_stops_the_whole_file(
    office_user, regions, file_read_again
):
    data = csv_bytes(
        ",Perpustakaan Baru,public,,33.11.12.2001,5,", "3311012A0000042,Taman Baca,public,,33.11.12.2001,7,"
    )
    checked = dry_run(office_user, data)
    LibraryFactory(npp="3311012A0000042", name="Perpustakaan Mataram", region=regions["52.71.01.1004"])
    applied = apply(office_user, checked)
    assert not applied.report["ok"] and applied.report["counts"] == {"new": 1, "error": 1}
    assert "outside the region you may write to" in applied.report["rows"][1]["message"]
    assert list(Library.objects.values_list("name", flat=True)) == ["Perpustakaan Mataram"]
    assert not LibraryChange.objects.filter(kind="import").exists()


def test_a_file_changed_after_its_dry_run_is_checked_again(office_user, regions, file_read_again):
    checked = dry_run(office_user, csv_bytes(",Perpustakaan Baru,public,,33.11.12.2001,5,"))
    with checked.file.open("wb") as fh:
        fh.write(csv_bytes(",Perpustakaan Baru,public,,33.11.12.2001,lima,"))
    applied = apply(office_user, checked)
    assert len(file_read_again) == 2
    assert "not a whole number" in applied.report["rows"][0]["message"]
    assert not Library.objects.exists()


def test_an_importer_who_lost_the_region_since_the_dry_run_is_checked_again(
    office_user, regions, monkeypatch, file_read_again
):
    checked = dry_run(office_user, csv_bytes(",Perpustakaan Baru,public,,33.11.12.2001,5,"))
    monkeypatch.setattr(permissions, "can_import_region", lambda user, code: False)
    applied = apply(office_user, checked)
    assert len(file_read_again) == 2
    assert "outside the region" in applied.report["rows"][0]["message"]
    assert not Library.objects.exists()


def test_checked_rows_nobody_applied_are_removed_after_a_day(office_user, regions, monkeypatch):
    first = dry_run(office_user, csv_bytes(",Perpustakaan Baru,public,,33.11.12.2001,5,"))
    monkeypatch.setattr(jobs, "CHECKED_TTL", datetime.timedelta(0))  # a day later
    second = dry_run(office_user, csv_bytes(",Perpustakaan Lain,public,,33.11.12.2001,5,"))
    assert not default_storage.exists(jobs.checked_rows_name(first))
    assert default_storage.exists(jobs.checked_rows_name(second))
    assert apply(office_user, first).report["counts"] == {"new": 1}  # checked again, then written


def test_checked_rows_that_were_tampered_with_are_not_used(regions):
    plan = imports.plan_import(
        csv_bytes(",Perpustakaan Baru,public,,33.11.12.2001,5,"), may_write_region=everywhere
    )
    blob = plan.checked.dumps()
    assert CheckedRows.loads(blob) == plan.checked
    assert CheckedRows.loads(blob[:-1] + b"x") is None


def test_cells_of_every_kind_in_one_column_are_read_one_by_one(regions):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["name", "type", "region_code", "books_titles", "seats"])
    sheet.append(["A", "public", "33.11.12.2001", 1, 3])
    sheet.append(["B", "public", "33.11.12.2001", True, 3.0])  # True equals 1: still not a number
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = imports.plan_import(buffer.getvalue(), may_write_region=everywhere)
    assert plan.counts == {"new": 1, "error": 1}
    assert "books_titles: “True” is not a whole number" in plan.rows[0]["message"]
