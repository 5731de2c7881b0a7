"""The hot paths: a monthly report through the API (few queries, figures equal a recount) and the
dashboards served from the cache of their public part (never older than the figures, never carrying
what one signed-in user may see to another)."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.urls import reverse

from simpul.core.models import AuditEntry
from simpul.programs.models import Activity, Programme, Report, ReportStatus
from simpul.programs.services import reports, stats
from simpul.programs.services.stats import stats_differences

from .conftest import activity_fields


def _month(tp, month=6, **over):
    body = {
        "library": tp.village.pk, "year": 2023, "month": month, "visits": 300,
        "activities": [{"date": f"2023-{month:02d}-0{n + 1}", "category": "Literasi digital", "title": "Kelas",
                        "male": 5, "female": 5, "children": 0, "youth": 5, "adults": 5, "elderly": 0}
                       for n in range(3)],
        "items": [{"kind": "advocacy", "date": f"2023-{month:02d}-10", "title": "Audiensi", "counterpart": "Kades"}],
    }  # fmt: skip
    body.update(over)
    return json.dumps(body)


def _post(client, tp, body):
    url = f"/api/v1/programs/{tp.programme.pk}/reports"
    return client.post(url, body, content_type="application/json")


def test_a_monthly_report_through_the_api_takes_few_queries(client, tp, django_assert_max_num_queries):
    client.force_login(tp.village_manager)
    _post(client, tp, _month(tp, 5))  # the first request of a session costs more (session, roles)
    # session and user, programme (with its pending figure changes), library, roles (the categories are
    # known); in the transaction: the report (inserted with its level from the beneficiary row), the
    # activities, items and the event (one statement on PostgreSQL, three on SQLite), audit, the figure
    # changes (18 before the report went in with one statement and the library was checked by key)
    with django_assert_max_num_queries(8 if connection.vendor == "postgresql" else 12):
        response = _post(client, tp, _month(tp))
    assert response.status_code == 200, response.content
    assert response.json()["activities"] == 3
    report = Report.objects.get(month=6)
    assert report.status == ReportStatus.SUBMITTED
    assert report.activities.count() == 3 and report.items.count() == 1
    shown = report.activities.order_by("date").values_list("date", "category__name", "title", "male", "youth")
    assert list(shown)[0] == (datetime.date(2023, 6, 1), "Literasi digital", "Kelas", 5, 5)
    item = report.items.get()
    assert (item.kind, item.date, item.title, item.counterpart) == (
        "advocacy",
        datetime.date(2023, 6, 10),
        "Audiensi",
        "Kades",
    )
    event = report.events.get()
    assert (event.action, event.actor, event.at is not None) == ("submit", tp.village_manager, True)
    assert AuditEntry.objects.filter(action="programme.report_submit", object_id=str(report.pk)).count() == 1
    assert stats_differences(tp.programme.pk) == {}


def test_the_api_replaces_a_draft_and_a_repeat_changes_nothing(client, tp, draft):
    client.force_login(tp.village_manager)
    first = _post(client, tp, _month(tp, 3))
    assert first.status_code == 200, first.content
    assert first.json()["id"] == draft.pk
    assert Activity.objects.filter(report=draft).count() == 3  # the draft's own activity was replaced
    again = _post(client, tp, _month(tp, 3, visits=999))
    assert again.json() == first.json()
    draft.refresh_from_db()
    assert (draft.status, draft.visits) == (ReportStatus.SUBMITTED, 300)
    assert stats_differences(tp.programme.pk) == {}


def test_the_api_refuses_a_date_outside_the_month_before_writing_anything(client, tp):
    client.force_login(tp.village_manager)
    body = json.loads(_month(tp, 7))
    body["activities"][1]["date"] = "2023-08-01"
    response = _post(client, tp, json.dumps(body))
    assert response.status_code == 422
    assert "activities[1]" in response.json()["detail"]
    assert not Report.objects.filter(month=7).exists()


def test_aggregates_written_in_several_batches_equal_a_recount(tp, draft, monkeypatch):
    monkeypatch.setattr(stats, "UPSERT_BATCH", 3)
    reports.report_submit(actor=tp.village_manager, report=draft)
    reports.report_submit_complete(
        actor=tp.regency_manager, programme=tp.programme, library=tp.regency, year=2023, month=3, visits=5,
        activities=[activity_fields(tp), activity_fields(tp, category=tp.cats["Membatik"])],
    )  # fmt: skip
    assert stats_differences(tp.programme.pk) == {}


def _activities_shown(client, tp, query="?year=2023&month=3"):
    page = client.get(reverse("programs:dashboard", kwargs={"pk": tp.programme.pk}) + query).content.decode()
    return int(re.search(r'<ul class="pg-figures"[^>]*><li><strong>([\d.,]+)</strong>', page).group(1))


def test_a_cached_dashboard_shows_a_submission_and_an_acceptance_at_once(client, tp, draft):
    assert _activities_shown(client, tp) == 0
    assert _activities_shown(client, tp) == 0  # now from the cache
    reports.report_submit(actor=tp.village_manager, report=draft)
    assert _activities_shown(client, tp) == 1
    generation = Programme.objects.get(pk=tp.programme.pk).figures_generation
    draft.refresh_from_db()
    reports.report_check(
        actor=tp.national,
        report=draft,
        step="regency",
        expected_status="submitted",
        approve=True,
        accept=True,
    )
    assert Programme.objects.get(pk=tp.programme.pk).figures_generation > generation
    reports.report_reopen(actor=tp.national, report=draft, reason="Salah hitung")
    assert _activities_shown(client, tp) == 0


def test_a_cached_dashboard_shows_a_new_target(client, tp):
    url = reverse("programs:dashboard", kwargs={"pk": tp.programme.pk}) + "?year=2023"
    assert "12.345" not in client.get(url).content.decode()
    reports.indicator_set_target(
        actor=None, programme=tp.programme, code="K1", name="Kegiatan pelibatan masyarakat",
        measure="activities", year=2023, target=12345,
    )  # fmt: skip
    assert "12.345" in client.get(url).content.decode() or "12,345" in client.get(url).content.decode()


@pytest.mark.parametrize("first", ["national", "anonymous"])
def test_what_a_signed_in_user_may_do_never_comes_through_the_cache(client, tp, first):
    url = reverse("programs:dashboard", kwargs={"pk": tp.programme.pk}) + "?year=2023&region=33"
    upload = reverse("programs:upload", kwargs={"pk": tp.programme.pk})
    export = reverse("programs:activities_export", kwargs={"pk": tp.programme.pk})
    order = (
        ["national", "anonymous", "province"]
        if first == "national"
        else ["anonymous", "national", "province"]
    )
    for who in order:
        client.logout()
        if who == "national":
            client.force_login(tp.national)
        elif who == "province":
            client.force_login(tp.province_facilitator)
        page = client.get(url).content.decode()
        assert (upload in page) is (who == "national"), who
        assert (export in page) is (who != "anonymous"), who


def test_a_cached_dashboard_reads_only_the_programme(client, tp, draft, django_assert_max_num_queries):
    reports.report_submit(actor=tp.village_manager, report=draft)
    url = reverse("programs:dashboard", kwargs={"pk": tp.programme.pk}) + "?year=2023&region=33.11"
    first = client.get(url).content.decode()
    with django_assert_max_num_queries(1):
        again = client.get(url).content.decode()

    def content(page):  # the page's own part (the header carries a fresh CSRF token each time)
        return page[page.index('<nav class="breadcrumbs"') : page.index("</main>")]

    assert content(again) == content(first)
    assert "Perpustakaan Desa Ngabeyan" in again
    export = reverse("programs:dashboard_export", kwargs={"pk": tp.programme.pk}) + "?year=2023&format=csv"
    body = client.get(export).content
    with django_assert_max_num_queries(1):
        assert client.get(export).content == body
    api = f"/api/v1/programs/{tp.programme.pk}/indicators?period=2023"
    answer = client.get(api).json()
    with django_assert_max_num_queries(1):
        assert client.get(api).json() == answer
    assert (
        client.get(reverse("programs:dashboard", kwargs={"pk": tp.programme.pk}) + "?region=99").status_code
        == 404
    )


def test_a_dashboard_not_yet_cached_reads_a_few_rows(client, tp, draft, django_assert_max_num_queries):
    reports.report_submit(actor=tp.village_manager, report=draft)
    url = reverse("programs:dashboard", kwargs={"pk": tp.programme.pk}) + "?year=2023&region=33.11"
    # programme, the place and its parent, the place's figures, category names, targets, the libraries
    # and their figures
    with django_assert_max_num_queries(8):
        assert client.get(url + "&month=3").status_code == 200
    # another month of the same place: the place, names and targets are known
    with django_assert_max_num_queries(4):
        page = client.get(url + "&month=0").content.decode()
    assert "Perpustakaan Desa Ngabeyan" in page


def test_a_new_month_through_the_api_keeps_its_level_codes_and_author(client, tp):
    client.force_login(tp.regency_manager)
    body = json.loads(_month(tp, 4))
    body["library"] = tp.regency.pk
    response = _post(client, tp, json.dumps(body))
    assert response.status_code == 200, response.content
    report = Report.objects.get(library=tp.regency, year=2023, month=4)
    assert (report.level, report.province_code, report.regency_code) == ("regency", "33", "33.11")
    assert report.created_by == tp.regency_manager and report.submitted_at is not None
    assert report.created_at == report.updated_at == report.submitted_at
    entry = AuditEntry.objects.get(action="programme.report_submit", object_id=str(report.pk))
    assert entry.actor == tp.regency_manager
    assert stats_differences(tp.programme.pk) == {}


def test_the_api_refuses_a_library_that_is_not_a_beneficiary_that_year(client, tp):
    client.force_login(tp.village_manager)
    body = json.loads(_month(tp, 4))
    body["year"], body["activities"], body["items"] = 2022, [], []
    response = _post(client, tp, json.dumps(body))
    assert response.status_code == 422
    assert "not a beneficiary" in json.dumps(response.json())
    assert not Report.objects.filter(library=tp.village, year=2022).exists()


def test_a_manager_of_several_libraries_reports_for_each_and_for_no_other(client, tp):
    from simpul.organisations.models import Role
    from simpul.programs import permissions
    from simpul.testing import factories

    factories.grant(tp.village_manager.person, Role.LIBRARY_MANAGER, organisation=tp.province.organisation)
    client.force_login(tp.village_manager)
    for library, month, status in ((tp.village, 4, 200), (tp.province, 4, 200), (tp.regency, 4, 404)):
        body = json.loads(_month(tp, month))
        body["library"] = library.pk
        assert _post(client, tp, json.dumps(body)).status_code == status, library
    # The one-library check gives the answer of the scoped queryset, for everyone.
    for user in (tp.village_manager, tp.other_manager, tp.regency_facilitator, tp.national):
        listed = set(permissions.libraries_reportable_by(user).values_list("pk", flat=True))
        for library in (tp.village, tp.regency, tp.province, tp.other):
            found = permissions.library_reportable_by(user, library.pk)
            assert (found is not None) is (library.pk in listed), (user, library)


def test_the_per_process_caches_keep_more_than_a_few_hundred_entries():
    # Django reads a store's limit under OPTIONS only; a top-level MAX_ENTRIES left it at 300, fewer
    # than the regencies of one year, so every regency page was read afresh.
    from simpul.programs.cache import lookups, parts

    for store in (parts, lookups):
        for n in range(1000):
            store.set(f"k{n}", n)
        assert store.get("k0") == 0, store


def test_a_regency_dashboard_lists_a_new_beneficiary_at_once(client, tp):
    from simpul.libraries.models import Subtype
    from simpul.libraries.tests.factories import LibraryFactory

    url = reverse("programs:dashboard", kwargs={"pk": tp.programme.pk}) + "?year=2023&month=3&region=33.11"
    assert "Perpustakaan Desa Ngabeyan" in client.get(url).content.decode()
    newcomer = LibraryFactory(
        name="Perpustakaan Desa Pondok", region=tp.village.organisation.region, subtype=Subtype.VILLAGE
    )
    assert "Perpustakaan Desa Pondok" not in client.get(url).content.decode()
    reports.beneficiary_add(actor=None, programme=tp.programme, library=newcomer, year=2023, level="village")
    assert "Perpustakaan Desa Pondok" in client.get(url).content.decode()


def test_a_month_page_shows_the_other_years_and_months_in_its_trends(client, tp, draft):
    reports.report_submit(actor=tp.village_manager, report=draft)  # March 2023: one activity
    reports.beneficiary_add(
        actor=None, programme=tp.programme, library=tp.village, year=2022, level="village"
    )
    reports.report_submit_complete(
        actor=tp.village_manager, programme=tp.programme, library=tp.village, year=2022, month=7, visits=1,
        activities=[activity_fields(tp, day=datetime.date(2022, 7, n)) for n in (1, 2)],
    )  # fmt: skip
    page = client.get(
        reverse("programs:dashboard", kwargs={"pk": tp.programme.pk}) + "?year=2023&month=5&region=33.11"
    ).content.decode()
    assert "<title>2022: 2</title>" in page and "<title>2023: 1</title>" in page  # by year
    assert re.search(r"<title>[^<]+: 1</title>", page.split("<title>2018")[0])  # by month: March 2023


def test_a_regency_page_reads_its_own_and_its_libraries_rows_in_one_query(client, tp, draft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reports.report_submit(actor=tp.village_manager, report=draft)
    url = reverse("programs:dashboard", kwargs={"pk": tp.programme.pk}) + "?year=2023&month=3&region=33.11"
    client.get(url + "&month=4")  # names and places read once per process
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url).content.decode()
    assert sum('"programs_programmestat"' in q["sql"] for q in ctx.captured_queries) == 1
    assert "Perpustakaan Desa Ngabeyan" in page and "Perpustakaan Kabupaten Sukoharjo" in page
    assert "1 library has not reported this month" in page  # Sukoharjo's own library


def test_pages_and_the_api_show_pending_figures_at_once_and_the_same_after_a_fold(client, tp, draft):
    from simpul.programs.models import ProgrammeStatDelta

    api = f"/api/v1/programs/{tp.programme.pk}/indicators?region=33&period=2023"

    def achieved():
        return next(i["achieved"] for i in client.get(api).json()["indicators"] if i["code"] == "K1")

    assert (_activities_shown(client, tp), achieved()) == (0, 0)
    reports.report_submit(actor=tp.village_manager, report=draft)
    assert ProgrammeStatDelta.objects.exists()  # not folded yet: read beside the aggregates
    assert (_activities_shown(client, tp), achieved()) == (1, 1)
    assert stats.stats_fold() > 0
    assert not ProgrammeStatDelta.objects.exists()
    assert (_activities_shown(client, tp), achieved()) == (1, 1)
    reports.report_submit_complete(
        actor=tp.regency_manager, programme=tp.programme, library=tp.regency, year=2023, month=3, visits=5,
        activities=[activity_fields(tp), activity_fields(tp, category=tp.cats["Membatik"])],
    )  # fmt: skip
    assert (_activities_shown(client, tp), achieved()) == (3, 3)
    assert stats_differences(tp.programme.pk) == {}


def test_every_few_hundred_pending_changes_a_writer_folds_them_after_its_commit(
    tp, monkeypatch, django_capture_on_commit_callbacks
):
    from simpul.programs.models import ProgrammeStatDelta

    monkeypatch.setattr(stats, "FOLD_EVERY", 1)  # every writer crosses the line
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.report_submit_complete(
            actor=tp.village_manager, programme=tp.programme, library=tp.village, year=2023, month=4,
            visits=9, activities=[activity_fields(tp, day=datetime.date(2023, 4, 2))],
        )  # fmt: skip
    assert report.status == ReportStatus.SUBMITTED
    assert not ProgrammeStatDelta.objects.exists()
    assert stats_differences(tp.programme.pk) == {}


def test_an_unknown_programme_is_not_found_on_every_path(client, tp):
    missing = tp.programme.pk + 1000
    assert client.get(reverse("programs:dashboard", kwargs={"pk": missing})).status_code == 404
    assert client.get(reverse("programs:dashboard_export", kwargs={"pk": missing})).status_code == 404
    assert client.get(f"/api/v1/programs/{missing}/indicators").status_code == 404
    client.force_login(tp.village_manager)
    response = client.post(f"/api/v1/programs/{missing}/reports", _month(tp), content_type="application/json")
    assert response.status_code == 404
    assert not Report.objects.exists()
