"""Concurrent writers on PostgreSQL: a report submitted from two phones at once counts once; two
libraries submitting at once both count, and neither waits for the other (their figure changes are
appended, not written into the shared national rows); folds running beside them count every change once."""

import threading

import pytest
from django.db import connection, connections, transaction

from simpul.programs.models import ProgrammeStatDelta, Report
from simpul.programs.services import reports
from simpul.programs.services.stats import stats_differences, stats_fold

from .conftest import activity_fields
from .test_services import stat

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
    row = stat(tp)
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
    row = stat(tp, month=9)
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
    row = stat(tp, month=10)
    assert (row.reports, row.visits, row.activities) == (1, 7, 1)
    assert stats_differences(tp.programme.pk) == {}


@pytest.mark.django_db(transaction=True)
def test_a_submission_does_not_wait_for_another_librarys_unfinished_one(tp):
    """Two libraries of one province report at once; the first one's transaction is still open (a slow
    phone, a long audit write) while the second one submits: it is not held up by the first."""
    import datetime

    first_written, second_done = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            reports.report_submit_complete(
                actor=None, programme=tp.programme, library=tp.village, year=2023, month=6, visits=3,
                activities=[activity_fields(tp, day=datetime.date(2023, 6, 2))],
            )  # fmt: skip
            first_written.set()
            assert second_done.wait(10)

    def second():
        assert first_written.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '3s'")  # waiting on the first would fail here
        reports.report_submit_complete(
            actor=None, programme=tp.programme, library=tp.regency, year=2023, month=6, visits=4,
            activities=[activity_fields(tp, day=datetime.date(2023, 6, 3))],
        )  # fmt: skip
        second_done.set()

    errors = _together([first, second])
    assert errors == []
    row = stat(tp, month=6)
    assert (row.reports, row.visits, row.activities) == (2, 7, 2)
    assert stats_differences(tp.programme.pk) == {}


@pytest.mark.django_db(transaction=True)
def test_folds_running_beside_submissions_count_every_change_once(tp):
    import datetime

    libraries = (tp.village, tp.regency, tp.province, tp.other)

    def submit(library, month):
        reports.report_submit_complete(
            actor=None, programme=tp.programme, library=library, year=2023, month=month, visits=10,
            activities=[activity_fields(tp, day=datetime.date(2023, month, 5))],
        )  # fmt: skip

    for library in libraries:  # pending changes for the folds to take
        submit(library, 1)
    pending = ProgrammeStatDelta.objects.count()
    folded = []
    calls = [lambda: folded.append(stats_fold()) for _ in range(3)]
    calls += [lambda lib=lib: submit(lib, 2) for lib in libraries]
    assert _together(calls) == []
    assert sum(folded) >= pending  # the first changes were folded, each by one fold
    stats_fold()
    assert not ProgrammeStatDelta.objects.exists()
    assert (stat(tp, month=1).reports, stat(tp, month=2).reports, stat(tp).reports) == (4, 4, 8)
    assert (stat(tp).activities, stat(tp).visits) == (8, 80)
    assert stats_differences(tp.programme.pk) == {}


@pytest.mark.django_db(transaction=True)
def test_two_folds_at_once_fold_each_change_once(tp, draft):
    reports.report_submit(actor=None, report=draft)
    pending = ProgrammeStatDelta.objects.count()
    folded = []
    assert _together([lambda: folded.append(stats_fold())] * 2) == []
    assert sum(folded) == pending
    assert not ProgrammeStatDelta.objects.exists()
    assert (stat(tp).reports, stat(tp).activities, stat(tp).participants) == (1, 1, 25)
    assert stats_differences(tp.programme.pk) == {}
