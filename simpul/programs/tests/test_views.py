import base64
import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from simpul.programs.models import Activity, Report, ReportStatus, RoadmapItem
from simpul.programs.services import reports
from simpul.programs.services.stats import stats_differences

pytestmark = pytest.mark.django_db


def report_url(report, name="programs:report"):
    return reverse(name, kwargs={"pk": report.pk})


def activity_post(tp, **over):
    data = {
        "date": "2023-03-14", "category": tp.cats["Membatik"].pk, "title": "Membatik bersama ibu PKK",
        "partners": "PKK", "male": "2", "female": "18", "children": "0", "youth": "4", "adults": "14",
        "elderly": "2", "disabled": "1", "outcomes": "",
    }  # fmt: skip
    data.update(over)
    return data


def test_manager_starts_a_report_and_adds_an_activity_without_javascript(client, tp):
    client.force_login(tp.village_manager)
    response = client.post(
        reverse("programs:report_new", kwargs={"pk": tp.programme.pk}),
        {"library": tp.village.pk, "year": 2023, "month": 3},
    )
    report = Report.objects.get(library=tp.village, year=2023, month=3)
    assert response.url == report_url(report)
    response = client.post(report_url(report, "programs:activity_add"), activity_post(tp))
    assert response.status_code == 302
    page = client.get(report_url(report)).content.decode()
    assert "Membatik bersama ibu PKK" in page


def test_counts_that_do_not_add_up_are_refused_and_nothing_typed_is_lost(client, tp, draft):
    client.force_login(tp.village_manager)
    response = client.post(report_url(draft, "programs:activity_add"), activity_post(tp, adults="20"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "The age groups add up to 26" in page or "Kelompok umur" in page
    assert 'value="Membatik bersama ibu PKK"' in page  # the title is still in the form
    assert draft.activities.count() == 1


def test_a_double_submit_of_a_report_stores_one(client, tp, draft):
    client.force_login(tp.village_manager)
    client.post(report_url(draft, "programs:report_submit"))
    client.post(report_url(draft, "programs:report_submit"))
    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED
    assert draft.events.count() == 1


def test_a_manager_of_another_library_gets_404(client, tp, draft):
    client.force_login(tp.other_manager)
    assert client.get(report_url(draft)).status_code == 404
    assert client.post(report_url(draft, "programs:activity_add"), activity_post(tp)).status_code == 404


def test_starting_a_report_for_a_library_one_does_not_manage_is_refused(client, tp):
    client.force_login(tp.other_manager)
    response = client.post(
        reverse("programs:report_new", kwargs={"pk": tp.programme.pk}),
        {"library": tp.village.pk, "year": 2023, "month": 3},
    )
    assert response.status_code == 200
    assert not Report.objects.exists()


def test_facilitator_returns_with_comments_and_the_manager_sees_them(client, tp, draft):
    reports.report_submit(actor=tp.village_manager, report=draft)
    client.force_login(tp.regency_facilitator)
    response = client.post(
        report_url(draft, "programs:report_check"),
        {"decision": "return", "comment": "Lampirkan foto kegiatan", "expected_status": "submitted"},
    )
    assert response.status_code == 302
    client.force_login(tp.village_manager)
    page = client.get(report_url(draft)).content.decode()
    assert "Lampirkan foto kegiatan" in page


def test_the_province_cannot_check_before_the_regency(client, tp, draft):
    reports.report_submit(actor=tp.village_manager, report=draft)
    client.force_login(tp.province_facilitator)
    client.post(
        report_url(draft, "programs:report_check"), {"decision": "approve", "expected_status": "submitted"}
    )
    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED


def test_dashboard_shows_figures_and_drills_down_to_libraries(client, tp, draft):
    reports.report_submit(actor=tp.village_manager, report=draft)
    page = client.get(
        reverse("programs:dashboard", kwargs={"pk": tp.programme.pk}) + "?year=2023"
    ).content.decode()
    assert "Jawa Tengah" in page
    assert "<svg" in page
    page = client.get(
        reverse("programs:dashboard", kwargs={"pk": tp.programme.pk}) + "?year=2023&month=3&region=33.11"
    ).content.decode()
    assert "Perpustakaan Desa Ngabeyan" in page
    assert "Perpustakaan Kabupaten Sukoharjo" in page  # has not reported: listed among the missing


def test_dashboard_reads_only_the_aggregate_table(client, tp, draft, django_assert_max_num_queries):
    reports.report_submit(actor=tp.village_manager, report=draft)
    url = reverse("programs:dashboard", kwargs={"pk": tp.programme.pk}) + "?year=2023&region=33"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert '"programs_activity"' not in sql
    assert '"programs_report"' not in sql
    assert '"programs_programmestat"' in sql


def test_dashboard_export_csv_and_xlsx_open(client, tp, draft):
    reports.report_submit(actor=tp.village_manager, report=draft)
    base = reverse("programs:dashboard_export", kwargs={"pk": tp.programme.pk}) + "?year=2023"
    rows = list(csv.reader(io.StringIO(client.get(base + "&format=csv").content.decode())))
    assert rows[0][:3] == ["code", "name", "beneficiaries"]
    jateng = next(r for r in rows if r[0] == "33")
    assert jateng[4] == "1"  # activities
    wb = load_workbook(io.BytesIO(client.get(base + "&format=xlsx").content))
    assert wb.active["A1"].value == "code"


def _upload_file(rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "activities"
    ws.append(
        [
            "library",
            "date",
            "category",
            "title",
            "partners",
            "male",
            "female",
            "children",
            "youth",
            "adults",
            "elderly",
            "disabled",
            "outcomes",
        ]
    )
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "kegiatan.xlsx"
    return out


def test_upload_dry_run_reports_each_bad_row_and_writes_nothing(client, tp):
    client.force_login(tp.village_manager)
    f = _upload_file([
        [tp.village.pk, datetime.date(2023, 4, 2), "Hidroponik", "Kebun hidroponik", "", 3, 3, 0, 2, 4, 0, 0, ""],
        [tp.village.pk, datetime.date(2023, 4, 3), "Hidroponik", "Tidak cocok", "", 3, 3, 0, 0, 0, 0, 0, ""],
        [tp.other.pk, datetime.date(2023, 4, 3), "Hidroponik", "Bukan perpustakaan saya", "", 1, 1, 0, 0, 2, 0, 0, ""],
        [tp.village.pk, datetime.date(2023, 4, 3), "Memancing", "Kategori asing", "", -1, 1, 0, 0, 0, 0, 0, ""],
    ])  # fmt: skip
    response = client.post(reverse("programs:upload", kwargs={"pk": tp.programme.pk}), {"file": f})
    page = client.get(response.url).content.decode()
    assert "4 rows, 3 with errors" in page or "4 baris, 3 dengan kesalahan" in page
    assert not Activity.objects.exists()
    assert "Apply" not in page and "Terapkan" not in page


def test_upload_dry_run_then_apply_adds_rows_to_draft_reports(client, tp):
    client.force_login(tp.village_manager)
    f = _upload_file([
        [tp.village.pk, "2023-04-02", "hidroponik", "Kebun hidroponik", "Karang Taruna", 3, 3, 0, 2, 4, 0, 0, ""],
        [tp.village.pk, "2023-05-02", "Membatik", "Membatik", "", 0, 10, 0, 0, 10, 0, 2, ""],
    ])  # fmt: skip
    response = client.post(reverse("programs:upload", kwargs={"pk": tp.programme.pk}), {"file": f})
    job_url = response.url
    assert "2 rows, 0 with errors" in client.get(job_url).content.decode()
    client.post(reverse("programs:job_apply", kwargs={"pk": job_url.rstrip("/").split("/")[-1]}))
    assert Activity.objects.count() == 2
    assert set(Report.objects.values_list("month", "status")) == {(4, "draft"), (5, "draft")}
    assert stats_differences(tp.programme.pk) == {}


def test_upload_template_opens_and_lists_categories(client, tp):
    wb = load_workbook(
        io.BytesIO(client.get(reverse("programs:upload_template", kwargs={"pk": tp.programme.pk})).content)
    )
    assert wb["activities"]["A1"].value.startswith("library")
    assert {r[0].value for r in wb["categories"].iter_rows()} >= {"Membatik", "Hidroponik"}


def test_activity_rows_export_runs_in_the_background_for_the_region(client, tp, draft):
    reports.report_submit(actor=tp.village_manager, report=draft)
    client.force_login(tp.province_facilitator)
    url = reverse("programs:activities_export", kwargs={"pk": tp.programme.pk})
    assert client.post(url, {"region": "52", "format": "xlsx"}).status_code == 200  # not their region
    response = client.post(url, {"region": "33", "format": "xlsx"})
    job_page = client.get(response.url).content.decode()
    assert "Download" in job_page or "Unduh" in job_page
    data = client.get(response.url + "download/")
    wb = load_workbook(io.BytesIO(b"".join(data.streaming_content)))
    rows = list(wb["activities"].iter_rows(values_only=True))
    assert rows[1][6] == "Kelas gawai"
    assert len(rows) == 2


def _basic(user):
    user.set_password("rahasia-123")
    user.save()
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{user.email}:rahasia-123".encode()).decode()}


def test_api_indicators_by_region_and_period(client, tp, draft):
    reports.report_submit(actor=tp.village_manager, report=draft)
    url = f"/api/v1/programs/{tp.programme.pk}/indicators"
    data = client.get(url, {"region": "33", "period": "2023"}).json()
    k1 = data["indicators"][0]
    assert (k1["target"], k1["achieved"]) == (None, 1)  # no target for the province; its figure still shows
    data = client.get(url, {"period": "2023"}).json()
    k1 = data["indicators"][0]
    assert (k1["code"], k1["target"], k1["achieved"]) == ("K1", 10, 1)
    assert client.get(url, {"period": "2023-13"}).status_code == 422


def test_api_report_submission_needs_an_account_and_stores_one_report(client, tp):
    url = f"/api/v1/programs/{tp.programme.pk}/reports"
    body = {
        "library": tp.village.pk, "year": 2023, "month": 6, "visits": 300,
        "activities": [{"date": "2023-06-05", "category": "Literasi digital", "title": "Kelas", "male": 5,
                        "female": 5, "children": 0, "youth": 5, "adults": 5, "elderly": 0}],
        "items": [{"kind": "partnership", "date": "2023-06-10", "title": "MoU", "counterpart": "BUMDes",
                   "valid_until": "2025-06-10"}],
    }  # fmt: skip
    assert client.post(url, json.dumps(body), content_type="application/json").status_code == 401
    auth = _basic(tp.village_manager)
    first = client.post(url, json.dumps(body), content_type="application/json", **auth)
    assert first.status_code == 200, first.content
    again = client.post(url, json.dumps(body), content_type="application/json", **auth)
    assert first.json()["id"] == again.json()["id"]
    assert Report.objects.filter(month=6).count() == 1
    bad = dict(body, month=7, activities=[dict(body["activities"][0], date="2023-07-05", disabled=50)])
    response = client.post(url, json.dumps(bad), content_type="application/json", **auth)
    assert response.status_code == 422
    assert not Report.objects.filter(month=7).exists()
    other = _basic(tp.other_manager)
    assert (
        client.post(
            url, json.dumps(dict(body, month=8)), content_type="application/json", **other
        ).status_code
        == 404
    )


def test_forum_with_challenges_and_a_public_roadmap(client, tp):
    client.force_login(tp.national)
    response = client.post(
        reverse("programs:forum_new"),
        {"title": "Rembuk Perpustakaan Khusus", "organisers": [tp.perpusnas.pk], "starts_at": "2023-06-27T09:00",
         "ends_at": "2023-06-27T15:00", "venue_name": "Jakarta"},
    )  # fmt: skip
    manage = response.url
    client.post(
        manage,
        {
            "form": "challenge",
            "category": "staff",
            "description": "SDM terbatas",
            "raised_by": "Perpustakaan BPS",
        },
    )
    client.post(manage, {"form": "strategy", "title": "Pengembangan kapasitas SDM"})
    response = client.post(
        manage, {"form": "item", "title": "Pelatihan KM", "owner": tp.perpusnas.pk, "target_date": ""}
    )
    assert response.status_code == 400  # a target date is needed
    client.post(
        manage,
        {"form": "item", "title": "Pelatihan KM", "owner": tp.perpusnas.pk, "target_date": "2024-03-01"},
    )
    item = RoadmapItem.objects.get()
    forum_pk = item.forum_id
    client.post(
        reverse("programs:roadmap_progress", kwargs={"pk": forum_pk, "item": item.pk}),
        {"status": "in_progress", "note": "Angkatan 1 selesai"},
    )
    client.logout()
    page = client.get(reverse("programs:forum", kwargs={"pk": forum_pk})).content.decode()
    for text in (
        "SDM terbatas",
        "Perpustakaan BPS",
        "Pengembangan kapasitas SDM",
        "Pelatihan KM",
        "Angkatan 1 selesai",
    ):
        assert text in page


def test_outsider_cannot_manage_a_forum(client, tp, outsider_user):
    from simpul.programs.services.forums import forum_create

    now = datetime.datetime(2023, 6, 27, 9, tzinfo=datetime.UTC)
    forum = forum_create(actor=None, title="Rembuk", organisers=[tp.perpusnas], starts_at=now, ends_at=now)
    client.force_login(outsider_user)
    assert client.get(reverse("programs:forum_manage", kwargs={"pk": forum.pk})).status_code == 404


def test_waiting_list_shows_each_checker_only_their_step(client, tp, draft):
    reports.report_submit(actor=tp.village_manager, report=draft)
    url = reverse("programs:reports") + "?waiting=1"
    client.force_login(tp.regency_facilitator)
    assert "Perpustakaan Desa Ngabeyan" in client.get(url).content.decode()
    client.force_login(tp.province_facilitator)
    assert "Perpustakaan Desa Ngabeyan" not in client.get(url).content.decode()
    reports.report_check(
        actor=tp.regency_facilitator, report=draft, step="regency", expected_status="submitted", approve=True
    )
    assert "Perpustakaan Desa Ngabeyan" in client.get(url).content.decode()


def test_national_team_adds_a_beneficiary_and_a_stranger_cannot(client, tp):
    url = reverse("programs:beneficiaries", kwargs={"pk": tp.programme.pk})
    client.force_login(tp.village_manager)
    assert client.get(url).status_code == 404
    client.force_login(tp.national)
    response = client.post(url, {"library": str(tp.other.pk), "year": 2024, "level": "regency"})
    assert response.status_code == 302
    assert tp.programme.beneficiaries.filter(library=tp.other, year=2024).exists()
    response = client.post(url, {"library": "999999", "year": 2024, "level": "regency"})
    assert response.status_code == 400
    response = client.post(url, {"library": str(tp.other.pk), "year": 2030, "level": "regency"})
    assert response.status_code == 400  # outside the programme's years


def test_the_national_team_accepts_at_any_step(client, tp, draft):
    reports.report_submit(actor=tp.village_manager, report=draft)
    client.force_login(tp.national)
    client.post(
        report_url(draft, "programs:report_check"), {"decision": "approve", "expected_status": "submitted"}
    )
    draft.refresh_from_db()
    assert draft.status == ReportStatus.ACCEPTED
    page = client.get(report_url(draft)).content.decode()
    assert 'name="reason"' in page  # the reopen form
