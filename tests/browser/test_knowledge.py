"""The knowledge repository in a browser: search with facets and snippets, an item record, a
local-knowledge record, the deposit form, the review queue and collections, each under axe-core
(no serious or critical finding) at 1280 px and 360 px, without sideways scrolling at 360 px.
Flows: a member deposits an item and sends it for review with JavaScript off; a curator publishes it
and it is found by search. The tombstone of a withdrawn item answers 410 and says why.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reportlab.pdfgen import canvas

from simpul.knowledge import services
from simpul.knowledge.models import Item, Status
from simpul.organisations.models import Kind, Role
from simpul.testing import factories

from .conftest import NARROW, WIDE
from .test_pages import serious_violations

pytestmark = pytest.mark.browser


def _pdf(text: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(40, 800, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture
def repository(people):
    ipi = people["ipi"]
    admin = people["admin"]
    curator = factories.PersonFactory(full_name="Kurator IPI", user__email="kurator@example.org")
    factories.grant(curator, Role.CURATOR, organisation=ipi["central"])
    community = factories.OrganisationFactory(kind=Kind.COMMUNITY, name="Komunitas Betawi Condet")
    collection = services.collection_create(
        actor=None, name="Prosiding Seminar IPI", slug="prosiding-ipi", organisation=ipi["central"]
    )

    def make(title, publish=True, **data):
        item = services.item_create(
            actor=admin,
            collection=collection,
            data={"item_type": "paper", "title": title, "date_issued": "2017-10-12", **data},
            elements={"creator": ["Rahayu, Sri"], "subject": ["pelestarian"]},
        )
        if publish:
            services.item_submit(actor=admin, item=item)
            item = services.item_publish(actor=admin, item=item)
        return item

    paper = make("Pelestarian naskah kuno", abstract="Perpustakaan desa melestarikan naskah warga.")
    services.item_file_add(
        actor=admin,
        item=paper,
        upload=SimpleUploadedFile("naskah.pdf", _pdf("Naskah lontar dan pelestarian")),
    )
    local = make(
        "Tradisi palang pintu",
        item_type="local_knowledge",
        community=community,
        consent_given_by="Pengurus komunitas",
        consent_date="2024-03-09",
        consent_terms="Boleh dibuka untuk umum.",
        abstract="Pantun palang pintu Betawi.",
    )
    withdrawn = make("Makalah lama")
    services.item_withdraw(actor=admin, item=withdrawn, reason="Diganti versi revisi")
    submitted = make("Menunggu telaah", publish=False)
    services.item_submit(actor=admin, item=submitted)
    return {
        "collection": collection,
        "paper": paper,
        "local": local,
        "withdrawn": withdrawn,
        "curator": curator.user,
    }


def pages(data):
    return [
        ("search", None, reverse("knowledge:index") + "?q=pelestarian"),
        ("search with facet", None, reverse("knowledge:index") + "?q=naskah&type=paper"),
        ("item", None, data["paper"].get_absolute_url()),
        ("local knowledge", None, data["local"].get_absolute_url()),
        ("collections", None, reverse("knowledge:collections")),
        ("collection", None, data["collection"].get_absolute_url()),
        ("deposit", "member", reverse("knowledge:item_create")),
        ("review queue", "curator", reverse("knowledge:review")),
    ]


PAGE_NAMES = ["search", "search with facet", "item", "local knowledge", "collections", "collection", "deposit",
              "review queue"]  # fmt: skip


def _open(new_context, people, data, persona, url, viewport, status=200):
    user = data["curator"] if persona == "curator" else people[persona] if persona else None
    page = new_context(user=user, viewport=viewport).new_page()
    response = page.goto(url)
    assert response is not None and response.status == status, (
        f"GET {url} gave {response and response.status}"
    )
    return page


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_repository_page_has_no_serious_accessibility_violations(name, new_context, people, repository):
    _, persona, url = next(p for p in pages(repository) if p[0] == name)
    problems = []
    for label, viewport in (("1280 px", WIDE), ("360 px", NARROW)):
        page = _open(new_context, people, repository, persona, url, viewport)
        problems += [f"[{label}] {line}" for line in serious_violations(page)]
        if viewport == NARROW:
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= NARROW["width"], f"{name} is {width} px wide at a 360 px viewport"
    assert not problems, f"axe-core on {name} ({url}):\n" + "\n".join(problems)


def test_search_shows_highlighted_snippets(new_context, people, repository):
    page = _open(new_context, people, repository, None, pages(repository)[0][2], WIDE)
    marks = page.locator("main mark").all_inner_texts()
    assert "melestarikan" in [m.lower() for m in marks]


def test_the_tombstone_says_why(new_context, people, repository):
    url = repository["withdrawn"].get_absolute_url()
    page = _open(new_context, people, repository, None, url, NARROW, status=410)
    assert "Diganti versi revisi" in page.locator("main").inner_text()
    assert not serious_violations(page)


def test_a_member_deposits_without_javascript_and_a_curator_publishes(new_context, people, repository):
    context = new_context(user=people["member"], java_script_enabled=False)
    page = context.new_page()
    page.goto(reverse("knowledge:item_create"))
    page.locator("#id_collection").select_option(label="Prosiding Seminar IPI")
    page.locator("#id_item_type").select_option("paper")
    page.locator("#id_title").fill("Taman bacaan di Kartasura")
    page.locator("#id_dc_creator").fill("Wahyuni, Sri")
    page.locator("#id_date_issued").fill("kemarin")
    page.get_by_role("button", name="Save").click()
    assert "YYYY" in page.locator("main").inner_text()  # refused, with what was typed kept
    assert page.locator("#id_title").input_value() == "Taman bacaan di Kartasura"
    page.locator("#id_date_issued").fill("2024-05")
    page.get_by_role("button", name="Save").click()
    item = Item.objects.get(title="Taman bacaan di Kartasura")
    assert item.status == Status.DRAFT
    page.get_by_role("button", name="Send for review").click()
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED

    curator_page = new_context(user=repository["curator"]).new_page()
    curator_page.goto(reverse("knowledge:review"))
    curator_page.get_by_role("link", name="Taman bacaan di Kartasura").click()
    curator_page.get_by_role("button", name="Publish").click()
    curator_page.wait_for_load_state()
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    curator_page.goto(reverse("knowledge:index") + "?q=taman+bacaan")
    assert "Taman bacaan di Kartasura" in curator_page.locator("main").inner_text()
