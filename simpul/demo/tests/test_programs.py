"""The programs demo (TPBIS with a year of reports, the 2023 forum of special libraries) and the generator."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from simpul.demo.gen_programs import generate_programs, remove_generated_programs
from simpul.programs.models import (
    Activity,
    Beneficiary,
    Forum,
    Programme,
    ProgrammeStat,
    Report,
    ReportStatus,
)
from simpul.programs.services.stats import stats_differences

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-programs")]


def test_the_demo_has_tpbis_with_a_year_of_reports_waiting_at_every_level(seeded, client):
    tpbis = Programme.objects.get(slug="tpbis")
    assert (tpbis.start_year, tpbis.end_year) == (2018, 2023)
    assert Beneficiary.objects.filter(programme=tpbis, year=2023).count() == 8
    assert Beneficiary.objects.filter(programme=tpbis, year=2018).count() == 3
    statuses = set(Report.objects.filter(programme=tpbis).values_list("status", flat=True))
    assert {ReportStatus.ACCEPTED, ReportStatus.SUBMITTED, ReportStatus.PROVINCE_CHECKED, ReportStatus.RETURNED,
            ReportStatus.DRAFT} <= statuses  # fmt: skip
    assert stats_differences(tpbis.pk) == {}
    national = ProgrammeStat.objects.get(programme=tpbis, region_code="", year=2023, month=0, category=0)
    assert national.activities > 100
    page = client.get(reverse("programs:dashboard", kwargs={"pk": tpbis.pk}) + "?year=2023").content.decode()
    assert "Bengkulu" in page


def test_the_facilitator_and_the_national_team_have_reports_to_check(seeded, client):
    from simpul.people.models import User
    from simpul.programs import permissions

    fasilitator = User.objects.get(email__startswith="fasilitator@")
    tpbis = User.objects.get(email__startswith="tpbis@")
    waiting = permissions.reports_visible_to(fasilitator)
    assert any(permissions.can_check(fasilitator, r) for r in waiting)
    assert any(
        permissions.can_check(tpbis, r) for r in Report.objects.filter(status=ReportStatus.PROVINCE_CHECKED)
    )


def test_the_forum_of_special_libraries_has_its_roadmap(seeded, client):
    forum = Forum.objects.get(event__title__startswith="Rembuk Perpustakaan Khusus")
    assert forum.event.kind == "forum"
    assert forum.challenges.count() == 4
    assert forum.strategies.count() == 3
    assert forum.roadmap.filter(status="done").exists()
    page = client.get(reverse("programs:forum", kwargs={"pk": forum.pk})).content.decode()
    assert "knowledge management" in page


def test_generator_demo_scale_builds_aggregates_equal_to_a_recount_and_removes_cleanly(seeded):
    before = Activity.objects.count()
    counts = generate_programs(scale="demo", seed=7, log=lambda m: None)
    assert counts["activities"] > 0
    assert Activity.objects.count() == before + counts["activities"]
    for programme in Programme.objects.all():
        assert stats_differences(programme.pk) == {}
    call_command("programs", "check-stats")
    removed = remove_generated_programs(log=lambda m: None)
    assert removed > 0
    assert Activity.objects.count() == before
    for programme in Programme.objects.all():
        assert stats_differences(programme.pk) == {}
