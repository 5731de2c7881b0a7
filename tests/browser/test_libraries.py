"""The library register in a browser: the directory with its map (OpenStreetMap tiles blocked, as
they are for a visitor whose network refuses them), a library's page, statistics with drill-down,
registering a library (with and without JavaScript) and an import's dry run through the file input.

Each page is checked as test_pages.py checks the others: axe-core (no serious or critical finding) at
1280 px and 360 px, and no sideways scrolling at 360 px.
"""

import pytest
from django.urls import reverse

from simpul.libraries.models import Application, Library
from simpul.libraries.tests.factories import LibraryFactory
from simpul.organisations.models import Role
from simpul.testing import factories

from .conftest import NARROW, WIDE
from .test_pages import serious_violations

pytestmark = pytest.mark.browser

TILES = "https://tile.openstreetmap.org/**"


@pytest.fixture
def register(people):
    """Three libraries with coordinates in the region slice, and an officer of the Sukoharjo office."""
    regions = people["regions"]
    pucangan = LibraryFactory(
        name="Perpustakaan Desa Pucangan",
        subtype="village",
        region=regions["33.11.12.2001"],
        latitude="-7.556100",
        longitude="110.770000",
        opening_hours="Mon-Fri 08.00-15.00",
    )
    LibraryFactory(
        name="Perpustakaan SD Negeri Pucangan 1",
        library_type="school",
        subtype="sd",
        region=regions["33.11.12.2001"],
        latitude="-7.557000",
        longitude="110.771000",
    )
    LibraryFactory(
        name="Perpustakaan Kota Mataram",
        subtype="regency",
        region=regions["52.71.01.1004"],
        latitude="-8.580000",
        longitude="116.080000",
    )
    office = factories.PersonFactory(full_name="Petugas Dispusip Sukoharjo", user__email="office@example.org")
    factories.grant(office, Role.LIBRARY_OFFICER, region=regions["33.11"])
    return {"pucangan": pucangan, "office": office.user, "member": people["member"]}


def blocked_tiles(context) -> list[str]:
    """Refuse every OpenStreetMap tile request (none would load here anyway) and keep their URLs."""
    refused: list[str] = []

    def refuse(route):
        refused.append(route.request.url)
        route.abort("blockedbyclient")

    context.route(TILES, refuse)
    return refused


def watch_console(page) -> list[str]:
    """Console errors and uncaught exceptions, except the failed tile loads (a visitor without tiles)."""
    problems: list[str] = []

    def on_console(message):
        if message.type != "error":
            return
        location = (message.location or {}).get("url", "")
        if "tile.openstreetmap.org" in location or "tile.openstreetmap.org" in message.text:
            return
        if "net::ERR_BLOCKED_BY_CLIENT" in message.text:  # Chromium's line for a refused tile
            return
        problems.append(f"{message.text} ({location}:{(message.location or {}).get('lineNumber')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return problems


def assert_accessible_and_narrow(page, name: str) -> None:
    """axe-core at 1280 px and 360 px, and nothing wider than a 360 px screen."""
    problems = []
    for label, viewport in (("1280 px", WIDE), ("360 px", NARROW)):
        page.set_viewport_size(viewport)
        problems += [f"[{label}] {line}" for line in serious_violations(page)]
    assert not problems, f"axe-core on {name} ({page.url}):\n" + "\n".join(problems)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > NARROW["width"]:
        wide = page.evaluate(
            """(limit) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > limit + 0.5
                        && !(e.parentElement && e.parentElement.getBoundingClientRect().right > limit + 0.5))
                .slice(0, 5).map(e => e.outerHTML.slice(0, 120))""",
            NARROW["width"],
        )
        pytest.fail(f"{name} is {width} px wide at a 360 px viewport ({page.url}): {wide}")
    page.set_viewport_size(WIDE)


def test_the_directory_filters_and_stays_useful_without_map_tiles(new_context, register):
    context = new_context()
    refused = blocked_tiles(context)
    page = context.new_page()
    problems = watch_console(page)
    page.goto(reverse("libraries:directory"), wait_until="networkidle")
    main = page.locator("main")
    assert "3 libraries" in main.inner_text()

    page.get_by_label("Region").first.fill("33")
    page.get_by_label("Type").select_option("public")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**region=33**")
    page.wait_for_load_state("networkidle")
    rows = page.locator("table tbody tr.library-row")
    assert rows.count() == 1 and "Perpustakaan Desa Pucangan" in rows.first.inner_text()
    assert "Perpustakaan Kota Mataram" not in main.inner_text()

    # The map's box is there and drawn with the library's marker; its tiles were refused, and the
    # list is still the answer.
    map_box = page.locator("#library-map")
    map_box.wait_for(state="visible")
    assert map_box.locator(".leaflet-interactive").count() == 1
    assert refused, "the map asked for no tiles: was it drawn?"
    assert page.get_by_role("link", name="Perpustakaan Desa Pucangan").is_visible()
    assert not problems, "errors besides the blocked tiles:\n" + "\n".join(problems)
    assert_accessible_and_narrow(page, "directory")


def test_the_directory_without_javascript_is_a_plain_list(new_context, register):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(reverse("libraries:directory") + "?region=52.71")
    assert page.locator("#library-map").is_hidden()
    assert page.locator("tr.library-row").count() == 1
    assert "Perpustakaan Kota Mataram" in page.locator("main").inner_text()


def test_a_library_page(new_context, register):
    context = new_context()
    blocked_tiles(context)
    page = context.new_page()
    problems = watch_console(page)
    page.goto(register["pucangan"].get_absolute_url(), wait_until="networkidle")
    text = page.locator("main").inner_text()
    assert "Perpustakaan Desa Pucangan" in text and register["pucangan"].npp in text
    assert "Kartasura" in text
    assert not problems, "\n".join(problems)
    assert_accessible_and_narrow(page, "library page")


def test_statistics_drill_down_from_the_country_to_a_district(new_context, register):
    page = new_context().new_page()
    problems = watch_console(page)
    page.goto(reverse("libraries:statistics"))
    assert "3 libraries in the directory" in page.locator("main").inner_text()
    assert page.locator("svg.bar-chart-svg").count() == 1
    assert_accessible_and_narrow(page, "statistics (Indonesia)")

    page.get_by_role("link", name="Jawa Tengah").click()
    page.wait_for_url("**region=33")
    assert "2 libraries in the directory" in page.locator("main").inner_text()
    page.get_by_role("link", name="Sukoharjo").click()
    page.wait_for_url("**region=33.11")
    assert page.get_by_role("heading", name="By district").is_visible()
    page.get_by_role("link", name="Kartasura").click()
    page.wait_for_url("**region=33.11.12")
    main = page.locator("main")
    assert "Library statistics: Kartasura" in main.inner_text()
    assert "2 libraries in the directory" in main.inner_text()
    # The breadcrumbs lead back up.
    assert page.locator("nav.breadcrumbs").get_by_role("link", name="Sukoharjo").count() == 1
    assert not problems, "\n".join(problems)
    assert_accessible_and_narrow(page, "statistics (district)")


def _fill_register_form(page) -> None:
    page.locator("input[name='name']").fill("Taman Baca Pelangi")
    page.locator("select[name='library_type']").select_option("community")
    page.locator("input[name='region']").fill("33.11.12.2001")
    page.get_by_label("Your position at the library").fill("Pengelola")


def test_a_member_registers_a_library_in_the_browser(new_context, register):
    context = new_context(user=register["member"])
    page = context.new_page()
    problems = watch_console(page)
    page.goto(reverse("libraries:register"))
    assert_accessible_and_narrow(page, "register form")
    _fill_register_form(page)
    page.get_by_role("button", name="Send application").click()
    page.wait_for_url("**/libraries/applications/*/")
    assert "Application sent" in page.locator("main").inner_text()
    application = Application.objects.get(library__name="Taman Baca Pelangi")
    assert application.applicant.user == register["member"]
    assert not problems, "\n".join(problems)


def test_a_member_registers_a_library_without_javascript(new_context, register):
    page = new_context(user=register["member"], java_script_enabled=False).new_page()
    page.goto(reverse("libraries:register"))
    # A wrong village code comes back with the message next to the field, the rest kept.
    _fill_register_form(page)
    page.locator("input[name='region']").fill("99.99.99.9999")
    page.get_by_role("button", name="Send application").click()
    page.wait_for_load_state()
    assert "There is no region with the code" in page.locator("main").inner_text()
    assert page.locator("input[name='name']").input_value() == "Taman Baca Pelangi"
    page.locator("input[name='region']").fill("33.11.12.2001")
    page.get_by_role("button", name="Send application").click()
    page.wait_for_url("**/libraries/applications/*/")
    assert "Application sent" in page.locator("main").inner_text()
    assert Library.objects.filter(name="Taman Baca Pelangi").count() == 1


CSV = (
    "npp,name,type,subtype,region_code,latitude,longitude\n"
    ",Taman Bacaan Pucangan,community,,33.11.12.2001,-7.5561,110.77\n"
    "{npp},Perpustakaan Desa Pucangan Baru,public,village,33.11.12.2001,,\n"
    ",Perpustakaan di Mataram,public,village,52.71.01.1004,,\n"
    ",Tanpa Wilayah,public,,99.99,,\n"
)


def test_an_office_dry_runs_an_import_through_the_file_input(new_context, register):
    page = new_context(user=register["office"]).new_page()
    problems = watch_console(page)
    page.goto(reverse("libraries:import"))
    assert_accessible_and_narrow(page, "import")
    page.get_by_label("Spreadsheet (XLSX or CSV, UTF-8)").set_input_files(
        files=[
            {
                "name": "daftar-perpustakaan.csv",
                "mimeType": "text/csv",
                "buffer": CSV.format(npp=register["pucangan"].npp).encode(),
            }
        ]
    )
    page.get_by_role("button", name="Check the file (dry run)").click()
    page.wait_for_url("**/libraries/jobs/*/")
    report = page.locator("#job")
    text = report.inner_text()
    assert "1 new" in text and "1 will update" in text and "2 with errors" in text
    rows = report.locator("tbody tr")
    assert rows.count() == 4
    by_row = {rows.nth(i).locator("td").first.inner_text(): rows.nth(i).inner_text() for i in range(4)}
    assert "new" in by_row["2"] and "will update" in by_row["3"]
    assert "outside the region you may write to" in by_row["4"]
    assert "there is no region with the code" in by_row["5"]
    assert "a file with errors is not applied" in text
    assert page.get_by_role("button", name="Apply the import").count() == 0
    assert not Library.objects.filter(name="Taman Bacaan Pucangan").exists()
    assert not problems, "\n".join(problems)
    assert_accessible_and_narrow(page, "import dry run report")
