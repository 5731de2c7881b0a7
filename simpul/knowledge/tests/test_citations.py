import json

import bibtexparser
import pytest
from django.urls import reverse

from . import factories as kf


@pytest.fixture
def paper(collection, depositor_user, curator_user):
    return kf.item(
        actor=depositor_user,
        collection=collection,
        title="Kolaborasi perpustakaan perguruan tinggi: 50% & lebih",
        elements={"creator": ["Rahayu, Sri", "Tim Pustakawan IPI"], "subject": ["kolaborasi"]},
        publish_by=curator_user,
    )


def test_bibtex_parses_with_bibtexparser(client, paper):
    response = client.get(reverse("knowledge:item_cite", args=[paper.pk, "bibtex"]))
    assert response["Content-Disposition"].endswith('.bib"')
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    entry = library.entries[0]
    assert entry.entry_type == "inproceedings"
    assert entry["year"] == "2017"
    assert "Kolaborasi perpustakaan" in entry["title"]
    assert entry["url"].endswith(f"/repository/items/{paper.pk}/")
    assert "Rahayu, Sri" in entry["author"]


def test_ris_has_one_record_with_authors_and_url(client, paper):
    text = client.get(reverse("knowledge:item_cite", args=[paper.pk, "ris"])).content.decode()
    lines = text.splitlines()
    assert lines[0] == "TY  - CPAPER"
    assert "AU  - Rahayu, Sri" in lines and "AU  - Tim Pustakawan IPI" in lines
    assert "PY  - 2017" in lines and "DA  - 2017/10/12/" in lines
    assert lines[-1].startswith("ER  -")


def test_csl_json_names_split_on_the_comma(client, paper):
    data = json.loads(client.get(reverse("knowledge:item_cite", args=[paper.pk, "csl"])).content)
    record = data[0]
    assert record["type"] == "paper-conference"
    assert record["author"] == [{"family": "Rahayu", "given": "Sri"}, {"literal": "Tim Pustakawan IPI"}]
    assert record["issued"] == {"date-parts": [[2017, 10, 12]]}


def test_an_unknown_format_is_404(client, paper):
    assert client.get(reverse("knowledge:item_cite", args=[paper.pk, "docx"])).status_code == 404
