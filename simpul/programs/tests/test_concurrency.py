"""Concurrent writers on PostgreSQL: a report submitted from two phones at once counts once; two
libraries submitting at once both count (the aggregates are `col = col + n` updates under row locks)."""

import threading

import pytest
from django.db import connection, connections

from simpul.programs.models import ProgrammeStat, Report
from simpul.programs.services import reports
from simpul.programs.services.stats import stats_differences

from .conftest import activity_fields

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")


def _together(calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_the_same_report_submitted_at_once_counts_once(tp, draft):
    errors = _together([lambda: reports.report_submit(actor=tp.village_manager, report=draft)] * 4)
    assert errors == []
    row = ProgrammeStat.objects.get(programme=tp.programme, region_code="", year=2023, month=0, category=0)
    assert (row.reports, row.activities) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_the_same_month_started_at_once_is_one_report(tp):
    errors = _together(
        [
            lambda: reports.report_start(
                actor=None, programme=tp.programme, library=tp.village, year=2023, month=8
            )
        ]
        * 4
    )
    assert errors == []
    assert Report.objects.filter(library=tp.village, year=2023, month=8).count() == 1


@pytest.mark.django_db(transaction=True)
def test_different_libraries_submitting_at_once_all_count(tp):
    drafts = []
    for lib in (tp.village, tp.regency, tp.province, tp.other):
        r = reports.report_start(actor=None, programme=tp.programme, library=lib, year=2023, month=9)
        reports.activity_add(
            actor=None, report=r, **activity_fields(tp, day=r.created_at.date().replace(2023, 9, 1))
        )
        drafts.append(r)
    errors = _together([lambda r=r: reports.report_submit(actor=None, report=r) for r in drafts])
    assert errors == []
    row = ProgrammeStat.objects.get(programme=tp.programme, region_code="", year=2023, month=9, category=0)
    assert (row.reports, row.activities, row.participants) == (4, 4, 100)
    assert stats_differences(tp.programme.pk) == {}


@pytest.mark.django_db(transaction=True)
def test_a_whole_month_sent_four_times_at_once_is_one_report_counted_once(tp):
    import datetime

    def send():
        reports.report_submit_complete(
            actor=None, programme=tp.programme, library=tp.village, year=2023, month=10, visits=7,
            activities=[activity_fields(tp, day=datetime.date(2023, 10, 2))],
        )  # fmt: skip

    errors = _together([send] * 4)
    assert errors == []
    assert Report.objects.filter(library=tp.village, year=2023, month=10).count() == 1
    row = ProgrammeStat.objects.get(programme=tp.programme, region_code="", year=2023, month=10, category=0)
    assert (row.reports, row.visits, row.activities) == (1, 7, 1)
    assert stats_differences(tp.programme.pk) == {}
