import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q

from simpul.core.models import AuditEntry
from simpul.programs.models import ProgrammeStat, ProgrammeStatDelta, Report, ReportStatus
from simpul.programs.services import reports
from simpul.programs.services.stats import figure_rows, stats_differences, stats_fold, stats_rebuild

from .conftest import activity_fields


def stat(tp, code="", year=2023, month=0, category=0):
    """A figure as the dashboards read it: the aggregate row with its pending changes (None: no row)."""
    rows = figure_rows(tp.programme.pk, Q(region_code=code, year=year, month=month, category=category))
    return SimpleNamespace(**rows[0]) if rows else None


def test_a_draft_does_not_count_until_submitted(tp, draft):
    assert stat(tp) is None or stat(tp).activities == 0
    reports.report_submit(actor=tp.village_manager, report=draft)
    for code in ("", "33", "33.11", f"L{tp.village.pk}"):
        for month in (3, 0):
            row = stat(tp, code, month=month)
            assert (row.activities, row.participants, row.female, row.disabled) == (1, 25, 15, 2)
            assert (row.advocacy, row.visits, row.reports) == (1, 120, 1)
    assert stat(tp, "", month=3, category=tp.cats["Literasi digital"].pk).activities == 1
    assert stat(tp, "52") is None or stat(tp, "52").activities == 0
    assert stats_differences(tp.programme.pk) == {}


def test_submitting_twice_counts_once(tp, draft):
    reports.report_submit(actor=tp.village_manager, report=draft)
    reports.report_submit(actor=tp.village_manager, report=draft)
    assert stat(tp).activities == 1
    assert stat(tp).reports == 1


def test_starting_the_same_month_twice_gives_one_report(tp):
    a = reports.report_start(
        actor=tp.village_manager, programme=tp.programme, library=tp.village, year=2023, month=4
    )
    b = reports.report_start(
        actor=tp.village_manager, programme=tp.programme, library=tp.village, year=2023, month=4
    )
    assert a.pk == b.pk
    assert Report.objects.filter(library=tp.village).count() == 1


def test_a_library_that_is_not_a_beneficiary_that_year_cannot_report(tp):
    with pytest.raises(ValidationError, match="not a beneficiary"):
        reports.report_start(actor=None, programme=tp.programme, library=tp.village, year=2019, month=4)


def test_a_future_month_is_refused(tp):
    today = datetime.date.today()
    nxt = today.replace(day=1) + datetime.timedelta(days=32)
    reports.beneficiary_add(
        actor=None, programme=tp.programme, library=tp.village, year=nxt.year, level="village"
    ) if nxt.year in tp.programme.years else None
    with pytest.raises(ValidationError):
        reports.report_start(
            actor=None, programme=tp.programme, library=tp.village, year=nxt.year, month=nxt.month
        )


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"children": 6}, "children"),  # ages add to 26, participants 25
        ({"disabled": 30}, "disabled"),
        ({"male": 0, "female": 0, "children": 0, "youth": 0, "adults": 0, "elderly": 0}, "male"),
        ({"male": 20000, "adults": 20010}, "male"),
        ({"date": datetime.date(2023, 4, 1)}, "date"),
    ],
)
def test_counts_that_do_not_add_up_are_refused_with_a_message(tp, draft, over, field):
    with pytest.raises(ValidationError) as e:
        reports.activity_add(actor=tp.village_manager, report=draft, **activity_fields(tp, **over))
    assert field in e.value.message_dict
    assert draft.activities.count() == 1


def test_negative_visits_are_refused(tp, draft):
    with pytest.raises(ValidationError):
        reports.report_update(actor=tp.village_manager, report=draft, visits=-5)


def test_village_report_climbs_regency_province_national(tp, draft):
    reports.report_submit(actor=tp.village_manager, report=draft)
    from simpul.programs import permissions

    draft.refresh_from_db()
    assert permissions.check_step(draft) == "regency"
    assert permissions.can_check(tp.regency_facilitator, draft)
    assert not permissions.can_check(tp.province_facilitator, draft)
    reports.report_check(
        actor=tp.regency_facilitator, report=draft, step="regency", expected_status="submitted", approve=True
    )
    draft.refresh_from_db()
    assert draft.status == ReportStatus.REGENCY_CHECKED
    assert permissions.can_check(tp.province_facilitator, draft)
    assert not permissions.can_check(tp.regency_facilitator, draft)
    reports.report_check(
        actor=tp.province_facilitator,
        report=draft,
        step="province",
        expected_status="regency_checked",
        approve=True,
    )
    draft.refresh_from_db()
    assert permissions.check_step(draft) == "national"
    reports.report_check(
        actor=tp.national,
        report=draft,
        step="national",
        expected_status="province_checked",
        approve=True,
        accept=True,
    )
    draft.refresh_from_db()
    assert draft.status == ReportStatus.ACCEPTED
    assert stat(tp).activities == 1  # checking never moves figures


def test_a_second_click_on_check_does_not_pass_the_report_twice(tp, draft):
    reports.report_submit(actor=tp.village_manager, report=draft)
    reports.report_check(
        actor=tp.regency_facilitator, report=draft, step="regency", expected_status="submitted", approve=True
    )
    with pytest.raises(ValidationError, match="changed since"):
        reports.report_check(
            actor=tp.regency_facilitator,
            report=draft,
            step="regency",
            expected_status="submitted",
            approve=True,
        )
    draft.refresh_from_db()
    assert draft.status == ReportStatus.REGENCY_CHECKED


def test_returning_needs_comments_and_takes_figures_out(tp, draft):
    reports.report_submit(actor=tp.village_manager, report=draft)
    with pytest.raises(ValidationError):
        reports.report_check(
            actor=tp.regency_facilitator,
            report=draft,
            step="regency",
            expected_status="submitted",
            approve=False,
        )
    reports.report_check(
        actor=tp.regency_facilitator, report=draft, step="regency", expected_status="submitted", approve=False,
        comment="Foto kegiatan belum ada",
    )  # fmt: skip
    draft.refresh_from_db()
    assert draft.status == ReportStatus.RETURNED
    assert draft.events.last().comment == "Foto kegiatan belum ada"
    assert stat(tp).activities == 0
    reports.activity_add(actor=tp.village_manager, report=draft, **activity_fields(tp, title="Kedua"))
    reports.report_submit(actor=tp.village_manager, report=draft)
    assert stat(tp).activities == 2
    assert stats_differences(tp.programme.pk) == {}


def test_an_accepted_report_cannot_change_until_an_audited_reopen(tp, draft):
    reports.report_submit(actor=tp.village_manager, report=draft)
    reports.report_check(
        actor=tp.national,
        report=draft,
        step="regency",
        expected_status="submitted",
        approve=True,
        accept=True,
    )
    with pytest.raises(ValidationError, match="can no longer be changed"):
        reports.activity_add(actor=tp.village_manager, report=draft, **activity_fields(tp))
    with pytest.raises(ValidationError):
        reports.report_reopen(actor=tp.national, report=draft, reason=" ")
    reports.report_reopen(actor=tp.national, report=draft, reason="Jumlah peserta salah")
    draft.refresh_from_db()
    assert draft.status == ReportStatus.RETURNED
    entry = AuditEntry.objects.filter(action="programme.report_reopen", object_id=str(draft.pk)).get()
    assert entry.changes["note"] == "Jumlah peserta salah"
    assert stat(tp).activities == 0
    assert stats_differences(tp.programme.pk) == {}


def test_rebuild_equals_what_the_services_kept(tp, draft):
    reports.report_submit(actor=tp.village_manager, report=draft)
    stats_fold()
    before = {
        (s.region_code, s.month, s.category): (s.activities, s.participants, s.beneficiaries)
        for s in ProgrammeStat.objects.all()
        if s.activities or s.beneficiaries
    }
    ProgrammeStat.objects.update(activities=999)
    assert stats_differences(tp.programme.pk)
    stats_rebuild(tp.programme.pk)
    after = {
        (s.region_code, s.month, s.category): (s.activities, s.participants, s.beneficiaries)
        for s in ProgrammeStat.objects.all()
        if s.activities or s.beneficiaries
    }
    assert after == before
    assert stats_differences(tp.programme.pk) == {}


def test_beneficiaries_are_counted_per_level(tp):
    assert stat(tp).beneficiaries == 4
    assert stat(tp, "33").beneficiaries == 3
    assert stat(tp, "33.11").beneficiaries == 2
    assert stat(tp, "52").beneficiaries == 1


def test_submit_complete_is_all_or_nothing(tp):
    with pytest.raises(ValidationError):
        reports.report_submit_complete(
            actor=tp.village_manager, programme=tp.programme, library=tp.village, year=2023, month=5, visits=10,
            activities=[activity_fields(tp, day=datetime.date(2023, 5, 2)), activity_fields(tp, day=datetime.date(2023, 5, 3), disabled=99)],
        )  # fmt: skip
    assert not Report.objects.filter(year=2023, month=5).exists()
    report = reports.report_submit_complete(
        actor=tp.village_manager, programme=tp.programme, library=tp.village, year=2023, month=5, visits=10,
        activities=[activity_fields(tp, day=datetime.date(2023, 5, 2))],
    )  # fmt: skip
    again = reports.report_submit_complete(
        actor=tp.village_manager, programme=tp.programme, library=tp.village, year=2023, month=5, visits=10,
        activities=[activity_fields(tp, day=datetime.date(2023, 5, 2))],
    )  # fmt: skip
    assert report.pk == again.pk
    assert report.activities.count() == 1
    assert stat(tp, month=5).activities == 1


def test_check_stats_command_passes_then_catches_a_wrong_figure(tp, draft):
    from django.core.management import call_command

    reports.report_submit(actor=tp.village_manager, report=draft)
    assert ProgrammeStatDelta.objects.exists()  # the submission's figures are still pending
    call_command("programs", "check-stats")  # no SystemExit: the aggregates equal a recount
    stats_fold()
    assert not ProgrammeStatDelta.objects.exists()
    call_command("programs", "check-stats")
    ProgrammeStat.objects.filter(region_code="33", month=0, category=0).update(participants=1)
    with pytest.raises(SystemExit):
        call_command("programs", "check-stats")
    call_command("programs", "check-stats", "--rebuild")
    call_command("programs", "check-stats")


def test_check_stats_catches_a_wrong_pending_change(tp, draft):
    from django.core.management import call_command

    reports.report_submit(actor=tp.village_manager, report=draft)
    ProgrammeStatDelta.objects.filter(region_code="33", month=0, category=0).update(participants=1)
    with pytest.raises(SystemExit):
        call_command("programs", "check-stats")
    call_command("programs", "check-stats", "--rebuild")
    assert not ProgrammeStatDelta.objects.exists()
    call_command("programs", "check-stats")
    assert stat(tp, "33").participants == 25
