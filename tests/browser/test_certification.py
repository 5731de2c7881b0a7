"""Certification in a browser: the public scheme list, register and scheme page, an applicant's file and
self-assessment, the LSP's workspace, session, reference data (and its edit pages) and reports, and the assessor's workspace,
each under axe-core (no serious or critical finding) at 1280 px and 360 px with no sideways scrolling at
360 px. Flows: an applicant fills FR.APL.01 with JavaScript off; the LSP decides and the certificate
appears in the public register and verifies."""

import pytest
from django.urls import reverse

from simpul.certification import services
from simpul.certification.models import Application
from simpul.certification.tests import factories as f

from .conftest import NARROW, WIDE
from .test_pages import accessibility_and_width_problems

pytestmark = pytest.mark.browser


@pytest.fixture
def cert(people):
    setup = f.lsp_setup(people["regions"])
    member = people["member"].person
    mine = f.assessed_application(setup, person=member, library_science=True)
    services.application_decide(actor=setup["admin"], application=mine)
    waiting = f.complete_application(setup)
    services.stats_refresh()
    return {**setup, "mine": Application.objects.get(pk=mine.pk), "waiting": waiting}


def pages(data):
    return [
        ("index", None, reverse("certification:index")),
        ("register", None, reverse("certification:register") + "?q=a"),
        ("scheme", None, reverse("certification:scheme", args=[data["scheme"].pk])),
        ("application", "member", reverse("certification:application", args=[data["mine"].pk])),
        ("portfolio", "member", reverse("certification:portfolio")),
        ("lsp workspace", "lsp", reverse("certification:manage")),
        ("lsp application", "lsp", reverse("certification:application", args=[data["waiting"].pk])),
        ("session", "lsp", reverse("certification:session", args=[data["session"].pk])),
        ("reference", "lsp", reverse("certification:reference")),
        ("scheme edit", "lsp", reverse("certification:scheme_edit", args=[data["scheme"].pk])),
        ("assessor edit", "lsp", reverse("certification:assessor_edit", args=[data["assessor"].pk])),
        ("unit edit", "lsp", reverse("certification:unit_edit", args=[data["units"][0].pk])),
        ("tuk edit", "lsp", reverse("certification:tuk_edit", args=[data["tuk"].pk])),
        ("reports", "lsp", reverse("certification:reports")),
        ("assessor list", "assessor", reverse("certification:assess_list")),
        ("assessor file", "assessor", reverse("certification:assess_application", args=[data["mine"].pk])),
    ]


PAGE_NAMES = [
    "index",
    "register",
    "scheme",
    "application",
    "portfolio",
    "lsp workspace",
    "lsp application",
    "session",
    "reference",
    "scheme edit",
    "assessor edit",
    "unit edit",
    "tuk edit",
    "reports",
    "assessor list",
    "assessor file",
]


def _user(people, data, persona):
    return {"lsp": data["admin"], "assessor": data["assessor_user"]}.get(persona) or (
        people[persona] if persona else None
    )


def _open(new_context, user, url, viewport, **options):
    page = new_context(user=user, viewport=viewport, **options).new_page()
    response = page.goto(url)
    assert response is not None and response.status == 200, f"GET {url} gave {response and response.status}"
    return page


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_certification_page_is_accessible_and_fits_a_360px_screen(name, new_context, people, cert):
    _, persona, url = next(p for p in pages(cert) if p[0] == name)
    problems = accessibility_and_width_problems(
        lambda viewport: _open(new_context, _user(people, cert, persona), url, viewport)
    )
    assert not problems, f"{name} ({url}):\n" + "\n".join(problems)


def test_an_applicant_fills_apl01_without_javascript(new_context, people, cert):
    other = services.scheme_create(
        actor=None, lsp=cert["lsp"], code="KL-LP", title="Layanan Pemustaka", units=cert["units"][:1]
    )
    page = _open(
        new_context,
        people["member"],
        reverse("certification:apply", args=[other.pk]),
        NARROW,
        java_script_enabled=False,
    )
    name = page.get_by_label("Name as on the diploma")
    assert name.input_value() == people["member"].person.display_name.upper()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/apl02/")
    assert "Self-assessment (FR.APL.02)" in page.locator("main").inner_text()
    assert Application.objects.filter(person=people["member"].person, scheme=other).exists()


def test_the_certificate_is_in_the_public_register_and_verifies(new_context, people, cert):
    certificate = cert["mine"].certificate
    page = _open(new_context, None, reverse("certification:register"), WIDE)
    page.get_by_label("Name or certificate number").fill(certificate.number)
    page.get_by_role("button", name="Search").last.click()
    page.get_by_role("link", name=certificate.number).click()
    page.wait_for_url(f"**{reverse('credentials:verify', args=[certificate.credential.code])}")
    assert "Valid." in page.locator("main").inner_text()
