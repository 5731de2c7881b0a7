"""The one access rule, checked everywhere an item can surface: page, file, search, snippet, citation, API, OAI-PMH."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from simpul.associations.models import Membership, MemberType
from simpul.knowledge import search, services
from simpul.knowledge.models import Access, ItemType
from simpul.knowledge.permissions import items_visible_to
from simpul.organisations.models import Employment
from simpul.testing import factories

from . import factories as kf

SECRET = "Rahasia ritual sedekah bumi kampung"


@pytest.fixture
def items(collection, community, depositor_user, curator_user, ipi):
    def make(access, **extra):
        return kf.item(
            actor=depositor_user,
            collection=collection,
            title=f"{SECRET} {access}",
            item_type=ItemType.LOCAL_KNOWLEDGE,
            access=access,
            abstract=f"{SECRET} dituturkan oleh sesepuh.",
            publish_by=curator_user,
            **extra,
        )

    made = {
        "public": make(Access.PUBLIC),
        "members": make(Access.MEMBERS, organisation=ipi["central"]),
        "community": make(Access.COMMUNITY, community=community),
        "restricted": make(Access.RESTRICTED),
    }
    for item in made.values():
        services.item_file_add(actor=depositor_user, item=item, upload=kf.pdf_upload(SECRET))
    return made


@pytest.fixture
def ipi_member(db, ipi):
    person = factories.PersonFactory(full_name="Anggota IPI", user__email="anggota@example.org")
    member_type = MemberType.objects.create(association=ipi["central"], code="biasa", name="Biasa")
    Membership.objects.create(
        person=person,
        association=ipi["central"],
        chapter=ipi["sukoharjo"],
        member_type=member_type,
        status="active",
        number="IPI-1",
        sort_name="anggota ipi",
    )
    return person.user


@pytest.fixture
def community_member(db, community):
    person = factories.PersonFactory(full_name="Warga Condet", user__email="warga@example.org")
    Employment.objects.create(person=person, organisation=community, position="anggota")
    return person.user


def visible_titles(user):
    return {
        i.title.removeprefix(SECRET + " ") for i in items_visible_to(user).filter(title__startswith=SECRET)
    }


def test_each_access_level_reaches_exactly_its_people(
    items, outsider_user, ipi_member, community_member, curator_user, depositor_user, admin_user
):
    assert visible_titles(AnonymousUser()) == {"public"}
    assert visible_titles(outsider_user) == {"public"}
    assert visible_titles(ipi_member) == {"public", "members"}
    assert visible_titles(community_member) == {"public", "community"}
    everything = {"public", "members", "community", "restricted"}
    assert visible_titles(curator_user) == everything
    assert visible_titles(depositor_user) == everything
    assert visible_titles(admin_user) == everything


@pytest.mark.parametrize("level", ["members", "community", "restricted"])
def test_an_outsider_gets_404_on_the_page_file_citation_and_api(client, outsider_user, items, level):
    item = items[level]
    client.force_login(outsider_user)
    item_file = item.files.get()
    urls = [
        reverse("knowledge:item", args=[item.pk]),
        item_file.get_absolute_url(),
        reverse("knowledge:item_cite", args=[item.pk, "bibtex"]),
        reverse("api:knowledge_item", kwargs={"item_id": item.pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_search_results_and_snippets_never_show_what_the_reader_may_not_see(client, outsider_user, items):
    client.force_login(outsider_user)
    page = client.get(reverse("knowledge:index"), {"q": "sedekah bumi"}).content.decode()
    assert f"{SECRET} public" in page
    for level in ("members", "community", "restricted"):
        assert f"{SECRET} {level}" not in page
    api = client.get(reverse("api:knowledge_search"), {"q": "ritual"}).json()
    assert [i["title"] for i in api["items"]] == [f"{SECRET} public"]
    assert api["count"] == 1
    assert sum(v["count"] for v in api["facets"]["type"]) == 1


def found_titles(user, q="sedekah bumi"):
    return {i.title.removeprefix(SECRET + " ") for i in kf.found(user, q=q)}


def test_search_applies_the_same_rule_as_every_page(
    items, outsider_user, ipi_member, community_member, curator_user, depositor_user, admin_user, ipi
):
    """The search index checks access itself (`search_reader`): for every kind of reader it finds
    exactly the published items `items_visible_to` lets them see, and follows a change of access."""
    readers = [
        AnonymousUser(),
        outsider_user,
        ipi_member,
        community_member,
        curator_user,
        depositor_user,
        admin_user,
    ]
    for user in readers:
        assert found_titles(user) == visible_titles(user), user
    # The community's item opened to IPI's members instead: the index moves with it.
    item = items["community"]
    services.item_update(
        actor=curator_user,
        item=item,
        data={"access": Access.MEMBERS, "organisation": ipi["central"], "community": None},
    )
    assert search.backend().check()
    for user in readers:
        assert found_titles(user) == visible_titles(user), user
    assert "community" in found_titles(ipi_member) and "community" not in found_titles(community_member)
    services.item_withdraw(actor=curator_user, item=items["public"], reason="Diminta keluarga.")
    assert "public" not in found_titles(AnonymousUser()) and "public" not in found_titles(admin_user)
    assert search.backend().check()


def test_a_member_finds_the_members_item_in_search(client, ipi_member, items):
    client.force_login(ipi_member)
    api = client.get(reverse("api:knowledge_search"), {"q": "sesepuh"}).json()
    assert {i["title"] for i in api["items"]} == {f"{SECRET} public", f"{SECRET} members"}


def test_oai_pmh_harvests_only_public_items(client, items):
    body = client.get("/oai", {"verb": "ListRecords", "metadataPrefix": "oai_dc"}).content.decode()
    assert f"{SECRET} public" in body
    for level in ("members", "community", "restricted"):
        assert f"{SECRET} {level}" not in body
        response = client.get(
            "/oai",
            {
                "verb": "GetRecord",
                "metadataPrefix": "oai_dc",
                "identifier": f"oai:simpul.or.id:{items[level].pk}",
            },
        )
        assert 'code="idDoesNotExist"' in response.content.decode()


def test_drafts_are_seen_only_by_their_depositor_and_curators(
    client, collection, depositor_user, member_user, curator_user
):
    draft = kf.item(actor=depositor_user, collection=collection, title="Draf belum terbit")
    url = reverse("knowledge:item", args=[draft.pk])
    client.force_login(member_user)
    assert client.get(url).status_code == 404
    client.force_login(depositor_user)
    assert client.get(url).status_code == 200
    client.force_login(curator_user)
    assert client.get(url).status_code == 200
