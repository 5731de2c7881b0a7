"""Programme monitoring in a browser: the dashboards, a monthly report, the upload page and a forum's
public roadmap under axe-core (no serious or critical finding) at 1280 px and 360 px, with no sideways
scrolling at 360 px. Flows without JavaScript: a library manager adds an activity (a wrong count is
refused and nothing typed is lost) and submits the month; the facilitator returns it with comments.
"""

import datetime

import pytest
from django.urls import reverse

from simpul.programs.services import forums, reports
from simpul.programs.tests.conftest import draft, tp  # noqa: F401 - fixtures

from .conftest import NARROW, WIDE
from .test_pages import accessibility_and_width_problems

pytestmark = pytest.mark.browser


@pytest.fixture
def data(tp, draft):  # noqa: F811
    reports.report_submit(actor=tp.village_manager, report=draft)
    now = datetime.datetime(2023, 6, 27, 9, tzinfo=datetime.UTC)
    forum = forums.forum_create(
        actor=None, title="Rembuk Perpustakaan Khusus", organisers=[tp.perpusnas], starts_at=now, ends_at=now
    )
    forums.challenge_add(
        actor=None, forum=forum, category="staff", description="SDM terbatas", raised_by="ISIPII"
    )
    forums.roadmap_item_add(
        actor=None,
        forum=forum,
        title="Pelatihan KM",
        owner=tp.perpusnas,
        target_date=datetime.date(2024, 3, 1),
    )
    fresh = reports.report_start(actor=None, programme=tp.programme, library=tp.village, year=2023, month=4)
    return {"tp": tp, "report": draft, "fresh": fresh, "forum": forum}


def pages(d):
    pk = d["tp"].programme.pk
    return {
        "index": (None, reverse("programs:index")),
        "dashboard": (None, reverse("programs:dashboard", args=[pk]) + "?year=2023"),
        "dashboard regency": (
            None,
            reverse("programs:dashboard", args=[pk]) + "?year=2023&month=3&region=33.11",
        ),
        "report (manager)": ("village_manager", reverse("programs:report", args=[d["fresh"].pk])),
        "report (facilitator)": ("regency_facilitator", reverse("programs:report", args=[d["report"].pk])),
        "upload": ("village_manager", reverse("programs:upload", args=[pk])),
        "roadmap": (None, reverse("programs:forum", args=[d["forum"].pk])),
    }


PAGE_NAMES = [
    "index", "dashboard", "dashboard regency", "report (manager)", "report (facilitator)", "upload", "roadmap",
]  # fmt: skip


def _open(new_context, d, persona, url, viewport, **options):
    user = getattr(d["tp"], persona) if persona else None
    page = new_context(user=user, viewport=viewport, **options).new_page()
    response = page.goto(url)
    assert response is not None and response.status == 200, f"GET {url} gave {response and response.status}"
    return page


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_programme_page_is_accessible_and_fits_a_360px_screen(name, new_context, data):
    persona, url = pages(data)[name]
    problems = accessibility_and_width_problems(
        lambda viewport: _open(new_context, data, persona, url, viewport)
    )
    assert not problems, f"{name} ({url}):\n" + "\n".join(problems)


def test_manager_reports_a_month_on_a_phone_without_javascript(new_context, data):
    report = data["fresh"]
    page = _open(new_context, data, "village_manager", reverse("programs:report", args=[report.pk]), NARROW,
                 java_script_enabled=False)  # fmt: skip
    form = page.locator("form", has=page.get_by_role("button", name="Add the activity"))
    form.get_by_label("Date").fill("2023-04-10")
    form.get_by_label("Category").select_option(label="Hidroponik")
    form.get_by_label("Title").fill("Kebun hidroponik bersama Karang Taruna")
    form.get_by_label("Women and girls").fill("6")
    form.get_by_label("Men and boys").fill("4")
    form.get_by_label("Youth (13-24)").fill("9")  # 9 of 10: does not add up
    form.get_by_role("button", name="Add the activity").click()
    text = page.locator("main").inner_text()
    assert "The age groups add up to 9 but there are 10 participants" in text
    form = page.locator("form", has=page.get_by_role("button", name="Add the activity"))
    assert form.get_by_label("Title").input_value() == "Kebun hidroponik bersama Karang Taruna"
    form.get_by_label("Adults (25-59)").fill("1")
    form.get_by_role("button", name="Add the activity").click()
    assert "Kebun hidroponik bersama Karang Taruna" in page.locator("table").inner_text()
    page.get_by_role("button", name="Submit the report").click()
    assert "submitted" in page.locator("main").inner_text().lower()
    report.refresh_from_db()
    assert report.status == "submitted" and report.activities.count() == 1


def test_facilitator_returns_a_report_with_comments(new_context, data):
    report = data["report"]
    page = _open(new_context, data, "regency_facilitator", reverse("programs:report", args=[report.pk]), WIDE,
                 java_script_enabled=False)  # fmt: skip
    page.get_by_label("Return with comments").check()
    page.get_by_label("Comments", exact=True).fill("Tambahkan foto kegiatan")
    page.get_by_role("button", name="Send").click()
    text = page.locator("main").inner_text()
    assert "Tambahkan foto kegiatan" in text
    report.refresh_from_db()
    assert report.status == "returned"
