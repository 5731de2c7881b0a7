"""The OAI-PMH provider: XML checked with lxml against the protocol's namespaces, and harvested by real harvesters."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from lxml import etree
from oaipmh_scythe import Scythe
from sickle import Sickle

from simpul.knowledge import oai, services
from simpul.knowledge.models import Item, ItemType

from . import factories as kf

NS = {"o": oai.OAI_NS, "dc": oai.DC_NS, "oai_dc": oai.OAI_DC_NS}


def call(client, **params):
    response = client.get("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    return etree.fromstring(response.content)


def error_code(tree):
    errors = tree.findall("o:error", NS)
    return errors[0].get("code") if errors else None


@pytest.fixture
def published(collection, depositor_user, curator_user):
    return [
        kf.item(
            actor=depositor_user,
            collection=collection,
            title=f"Makalah {n}",
            item_type=ItemType.PAPER if n % 2 else ItemType.BOOK,
            elements={"creator": [f"Penulis {n}", "Rekan Penulis"], "subject": ["perpustakaan"]},
            publish_by=curator_user,
        )
        for n in range(5)
    ]


def test_identify_describes_the_repository(client, published):
    tree = call(client, verb="Identify")
    assert tree.tag == f"{{{oai.OAI_NS}}}OAI-PMH"
    identify = tree.find("o:Identify", NS)
    assert identify.findtext("o:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("o:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext("o:baseURL", namespaces=NS).endswith("/oai")


def test_list_records_gives_oai_dc_with_repeated_elements(client, published):
    tree = call(client, verb="ListRecords", metadataPrefix="oai_dc")
    records = tree.findall("o:ListRecords/o:record", NS)
    assert len(records) == 5
    dc = records[0].find("o:metadata/oai_dc:dc", NS)
    assert dc.findtext("dc:title", namespaces=NS) == "Makalah 0"
    assert [c.text for c in dc.findall("dc:creator", NS)] == ["Penulis 0", "Rekan Penulis"]
    assert dc.find("dc:rights", NS) is not None
    assert dc.findtext("dc:identifier", namespaces=NS).endswith(f"/repository/items/{published[0].pk}/")


def test_sets_select_by_collection_and_type(client, published, collection):
    specs = [s.text for s in call(client, verb="ListSets").iterfind(".//o:setSpec", NS)]
    assert "collection:prosiding-ipi" in specs and "type:local_knowledge" in specs
    books = call(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="type:book")
    assert len(books.findall(".//o:header", NS)) == 3
    whole = call(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="collection:prosiding-ipi")
    assert len(whole.findall(".//o:header", NS)) == 5


def test_from_and_until_select_by_datestamp(client, published):
    old = timezone.now() - datetime.timedelta(days=10)
    Item.objects.filter(pk=published[0].pk).update(datestamp=old)
    recent = call(
        client,
        verb="ListIdentifiers",
        metadataPrefix="oai_dc",
        **{"from": (old + datetime.timedelta(days=1)).strftime("%Y-%m-%d")},
    )
    assert len(recent.findall(".//o:header", NS)) == 4
    early = call(
        client, verb="ListIdentifiers", metadataPrefix="oai_dc", until=old.strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    assert [h.findtext("o:identifier", namespaces=NS) for h in early.findall(".//o:header", NS)] == [
        oai.oai_identifier(published[0].pk)
    ]


def test_resumption_tokens_page_through_every_record_once(client, published, monkeypatch):
    monkeypatch.setattr(oai, "RECORDS_PER_PAGE", 2)
    seen, token, pages = [], None, 0
    while True:
        params = {"resumptionToken": token} if token else {"metadataPrefix": "oai_dc"}
        tree = call(client, verb="ListRecords", **params)
        seen += [r.findtext("o:header/o:identifier", namespaces=NS) for r in tree.findall(".//o:record", NS)]
        pages += 1
        element = tree.find(".//o:resumptionToken", NS)
        assert element.get("completeListSize") == "5"
        token = element.text
        if not token:
            break
    assert pages == 3
    assert seen == [oai.oai_identifier(i.pk) for i in published]


def test_withdrawn_items_are_deleted_records(client, published, curator_user):
    services.item_withdraw(actor=curator_user, item=published[1], reason="Duplikat")
    tree = call(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=oai.oai_identifier(published[1].pk)
    )
    header = tree.find(".//o:header", NS)
    assert header.get("status") == "deleted"
    assert tree.find(".//o:metadata", NS) is None
    listed = call(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert len(listed.findall(".//o:header[@status='deleted']", NS)) == 1


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020/01/01"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2020-01-01",
                "until": "2021-01-01T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2022-01-01", "until": "2021-01-01"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "no-such-set"}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
        ({"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListSets", "resumptionToken": "x"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:simpul.or.id:999999"},
            "idDoesNotExist",
        ),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:elsewhere:1"},
            "idDoesNotExist",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"}, "noRecordsMatch"),
    ],
)
def test_every_error_code(client, published, params, code):
    tree = call(client, **params)
    assert error_code(tree) == code
    if code in ("badVerb", "badArgument") and "verb" not in params or code == "badVerb":
        assert tree.find("o:request", NS).get("verb") is None


def test_no_metadata_formats_for_a_withdrawn_item(client, published, curator_user):
    services.item_withdraw(actor=curator_user, item=published[0], reason="Ditarik")
    tree = call(client, verb="ListMetadataFormats", identifier=oai.oai_identifier(published[0].pk))
    assert error_code(tree) == "noMetadataFormats"
    ok = call(client, verb="ListMetadataFormats", identifier=oai.oai_identifier(published[1].pk))
    assert ok.findtext(".//o:metadataPrefix", namespaces=NS) == "oai_dc"


@override_settings(SIMPUL_OAI_SETS=False)
def test_no_set_hierarchy_when_sets_are_off(client, published):
    assert error_code(call(client, verb="ListSets")) == "noSetHierarchy"
    assert (
        error_code(call(client, verb="ListRecords", metadataPrefix="oai_dc", set="type:book"))
        == "noSetHierarchy"
    )


def test_post_requests_are_answered_like_get(client, published):
    response = client.post("/oai", {"verb": "Identify"})
    assert etree.fromstring(response.content).find("o:Identify", NS) is not None


# --- Real harvesters from PyPI against a live server ---------------------------------------------
@pytest.fixture
def many(published, collection, depositor_user, curator_user, monkeypatch):
    monkeypatch.setattr(oai, "RECORDS_PER_PAGE", 3)
    monkeypatch.setattr(oai, "IDENTIFIERS_PER_PAGE", 4)
    services.item_withdraw(actor=curator_user, item=published[2], reason="Ditarik")
    return published


@pytest.mark.django_db(transaction=True)
def test_sickle_harvests_everything(live_server, many):
    harvester = Sickle(f"{live_server.url}/oai")
    assert harvester.Identify().repositoryName
    records = list(harvester.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    assert len(records) == 5
    deleted = [r for r in records if r.deleted]
    assert [r.header.identifier for r in deleted] == [oai.oai_identifier(many[2].pk)]
    live = [r for r in records if not r.deleted]
    assert sorted(r.metadata["title"][0] for r in live) == [
        "Makalah 0",
        "Makalah 1",
        "Makalah 3",
        "Makalah 4",
    ]
    assert live[0].metadata["creator"] == ["Penulis 0", "Rekan Penulis"]
    assert len(list(harvester.ListIdentifiers(metadataPrefix="oai_dc"))) == 5
    assert len(list(harvester.ListSets())) >= 2 + 12


@pytest.mark.django_db(transaction=True)
def test_oaipmh_scythe_harvests_everything(live_server, many):
    with Scythe(f"{live_server.url}/oai") as scythe:
        records = list(scythe.list_records(metadata_prefix="oai_dc", ignore_deleted=True))
        assert sorted(r.metadata["title"][0] for r in records) == [
            "Makalah 0",
            "Makalah 1",
            "Makalah 3",
            "Makalah 4",
        ]
        headers = list(scythe.list_identifiers(metadata_prefix="oai_dc", ignore_deleted=False))
        assert len(headers) == 5
        record = scythe.get_record(identifier=oai.oai_identifier(many[0].pk), metadata_prefix="oai_dc")
        assert record.metadata["title"] == ["Makalah 0"]
