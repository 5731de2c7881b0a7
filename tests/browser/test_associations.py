"""Associations in a browser: the public association and chapter pages, a member's own page, the
officers' member list and application queue, and card verification (valid and revoked), each
checked as test_pages.py checks the others: axe-core (no serious or critical finding) at 1280 px and
360 px, and no sideways scrolling at 360 px. One flow: an officer approves an application and the
member's new card verifies.
"""

import pytest
from django.urls import reverse

from simpul.associations.tests.factories import application, ipi_types, member
from simpul.credentials import services as credential_services
from simpul.testing import factories

from .conftest import NARROW, WIDE
from .test_pages import accessibility_and_width_problems, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def association(people):
    """IPI with member types; the member persona an active member of Sukoharjo with a card; two
    pending applications; a former member whose card was revoked."""
    ipi = people["ipi"]
    types = ipi_types(ipi["central"])
    membership = member(ipi["sukoharjo"], types["biasa"], people["member"].person)
    for name in ("Budi Santoso", "Rina Kartika"):
        application(ipi["sukoharjo"], types["biasa"], factories.PersonFactory(full_name=name))
    former = member(ipi["jateng"], types["biasa"], factories.PersonFactory(full_name="Agus Salim"))
    credential_services.credential_revoke(actor=None, credential=former.card, reason="Resigned from IPI")
    return {"ipi": ipi, "types": types, "membership": membership, "revoked": former.card}


def pages(data):
    ipi = data["ipi"]
    return [
        ("associations", None, reverse("associations:list")),
        ("association", None, reverse("associations:detail", args=[ipi["central"].slug])),
        ("chapter", None, reverse("associations:detail", args=[ipi["jateng"].slug])),
        ("my memberships", "member", reverse("associations:me")),
        ("member list", "officer", reverse("associations:members")),
        ("member list search", "officer", reverse("associations:members") + "?chapter_q=IPI&status=active"),
        ("application queue", "officer", reverse("associations:applications")),
        ("verify valid", None, reverse("credentials:verify", args=[data["membership"].card.code])),
        ("verify revoked", None, reverse("credentials:verify", args=[data["revoked"].code])),
    ]


PAGE_NAMES = [
    "associations",
    "association",
    "chapter",
    "my memberships",
    "member list",
    "member list search",
    "application queue",
    "verify valid",
    "verify revoked",
]


def _open(new_context, people, persona, url, viewport):
    context = new_context(user=people[persona] if persona else None, viewport=viewport)
    page = context.new_page()
    response = page.goto(url)
    assert response is not None and response.status == 200, f"GET {url} gave {response and response.status}"
    return page


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_association_page_is_accessible_and_fits_a_360px_screen(name, new_context, people, association):
    _, persona, url = next(p for p in pages(association) if p[0] == name)
    problems = accessibility_and_width_problems(
        lambda viewport: _open(new_context, people, persona, url, viewport)
    )
    assert not problems, f"{name} ({url}):\n" + "\n".join(problems)


def test_verification_pages_say_valid_and_revoked_with_the_reason(new_context, people, association):
    page = _open(new_context, people, None, pages(association)[7][2], WIDE)
    assert "Valid." in page.locator("main").inner_text()
    page = _open(new_context, people, None, pages(association)[8][2], WIDE)
    text = page.locator("main").inner_text()
    assert "Revoked." in text and "Resigned from IPI" in text


def test_officer_approves_an_application_and_the_card_verifies(new_context, people, association):
    pending = application(
        association["ipi"]["sukoharjo"],
        association["types"]["biasa"],
        factories.PersonFactory(full_name="Dewi Lestari"),
    )
    page = new_context(user=people["officer"]).new_page()
    page.goto(reverse("associations:applications"))
    page.get_by_role("link", name="Dewi Lestari").click()
    page.wait_for_url(f"**{reverse('associations:member', args=[pending.pk])}")
    page.get_by_role("button", name="Approve").click()
    page.wait_for_load_state()
    assert "Approved" in page.locator("main").inner_text()
    pending.refresh_from_db()
    assert pending.status == "active" and pending.card is not None
    page.get_by_role("link", name=pending.card.number).click()
    page.wait_for_url(f"**{reverse('credentials:verify', args=[pending.card.code])}")
    text = page.locator("main").inner_text()
    assert "Valid." in text and "Dewi Lestari" in text and pending.number in text


def test_the_member_lists_pager_is_accessible_on_a_phone_and_keeps_the_search(
    new_context, people, association
):
    for n in range(26):  # two pages of 25
        member(
            association["ipi"]["sukoharjo"],
            association["types"]["biasa"],
            factories.PersonFactory(full_name=f"Sari Wulandari {n:02}"),
        )
    url = reverse("associations:members") + "?q=Sari&page=2"
    problems = []
    for label, viewport in (("1280 px", WIDE), ("360 px", NARROW)):
        page = _open(new_context, people, "officer", url, viewport)
        problems += [f"[{label}] {line}" for line in serious_violations(page)]
    assert not problems, "axe-core on the member list's second page:\n" + "\n".join(problems)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    pager = page.get_by_role("navigation", name="Pages")
    assert pager.locator('[aria-current="page"]').inner_text() == "Page 2 of 2"
    assert pager.get_by_role("link", name="Next").count() == 0
    pager.get_by_role("link", name="Previous").click()
    page.wait_for_url("**?q=Sari&page=1")
    assert (
        page.get_by_role("navigation", name="Pages").locator('[aria-current="page"]').inner_text()
        == "Page 1 of 2"
    )
