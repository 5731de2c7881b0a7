"""The repository demo (IPI anthology, FPPTI 2017 proceedings, DKI Jakarta local knowledge) and the generator."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from simpul.demo import seed as demo_seed
from simpul.demo.gen_knowledge import generate_knowledge, remove_generated_knowledge
from simpul.knowledge import indexing, search
from simpul.knowledge.models import Collection, Item, ItemFile, SearchDocument, Status
from simpul.knowledge.permissions import items_visible_to
from simpul.knowledge.tests import factories as kf
from simpul.people.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-knowledge")]


def test_the_demo_has_the_three_collections_and_access_levels(seeded, client):
    slugs = set(Collection.objects.values_list("slug", flat=True))
    assert {"antologi-50-tahun-ipi", "prosiding-seminar-fppti-2017", "pengetahuan-lokal-dki-jakarta"} <= slugs
    jakarta = Item.objects.filter(collection__slug="pengetahuan-lokal-dki-jakarta")
    assert set(jakarta.values_list("access", flat=True)) == {"public", "members", "community", "restricted"}
    anonymous = {
        i.title
        for i in items_visible_to(AnonymousUser()).filter(collection__slug="pengetahuan-lokal-dki-jakarta")
    }
    assert anonymous == {"Tradisi palang pintu dalam pernikahan Betawi"}
    curator = User.objects.get(email__startswith="firmansyah@")
    assert items_visible_to(curator).filter(collection__slug="pengetahuan-lokal-dki-jakarta").count() == 5
    assert Item.objects.filter(status=Status.WITHDRAWN).count() == 1
    # The FPPTI paper's PDF text is searchable at once.
    found = kf.found(AnonymousUser(), q="Indonesia OneSearch memanen")
    assert [i.title for i in found] == ["Repositori institusi bersama untuk perpustakaan perguruan tinggi"]
    assert (
        client.get("/oai", {"verb": "ListRecords", "metadataPrefix": "oai_dc"}).content.count(b"<record>")
        >= 8
    )


def test_the_demo_runs_twice_without_adding_anything(seeded):
    before = (Item.objects.count(), ItemFile.objects.count(), Collection.objects.count())
    demo_seed.run()
    assert (Item.objects.count(), ItemFile.objects.count(), Collection.objects.count()) == before


def test_the_generator_makes_searchable_items_and_removes_them(seeded, client):
    demo_items = Item.objects.count()
    counts = generate_knowledge(scale="demo", seed=7, log=lambda m: None)
    assert counts["items"] == 400 and counts["files"] == 100
    assert SearchDocument.objects.count() == demo_items + 400
    assert ItemFile.objects.exclude(extracted_text="").count() >= 100
    response = client.get(reverse("knowledge:index"), {"q": "perpustakaan"})
    assert response.status_code == 200
    assert kf.found(AnonymousUser(), q="melestarikan")
    assert search.backend().check()  # the bulk load indexed every item
    assert indexing.facet_counts_check()  # the bulk load recounted the public facets
    browse = client.get(reverse("knowledge:index")).content.decode()
    remove_generated_knowledge(log=lambda m: None)
    assert Item.objects.count() == demo_items
    assert SearchDocument.objects.count() == demo_items
    assert search.backend().check()  # the generated items are out of the index
    assert {i.pk for i in kf.found(AnonymousUser(), q="perpustakaan")} <= set(
        Item.objects.values_list("pk", flat=True)
    )
    assert indexing.facet_counts_check()
    # The removal changed the search state: the anonymous browse page is not served from before it.
    assert client.get(reverse("knowledge:index")).content.decode() != browse
