import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import reverse

from simpul.knowledge import indexing, search, services
from simpul.knowledge.api import SearchOut
from simpul.knowledge.models import Item, ItemType
from simpul.knowledge.selectors import snippet

from . import factories as kf


def test_stemming_reduces_indonesian_affixes():
    assert search.stem_word("perpustakaan") == "pustaka"
    assert search.query_stems("Melestarikan naskah-naskah") == ["lestari", "naskah"]


def test_a_query_finds_the_stem_in_metadata(collection, depositor_user, curator_user):
    found = kf.item(
        actor=depositor_user, collection=collection, title="Pelestarian naskah kuno", publish_by=curator_user
    )
    kf.item(
        actor=depositor_user,
        collection=collection,
        title="Literasi digital",
        abstract="Lain.",
        elements={"subject": ["teknologi"]},
        publish_by=curator_user,
    )
    assert kf.found(AnonymousUser(), q="melestarikan") == [found]


def _with_file(depositor_user, curator_user, collection, title, abstract, *lines):
    item = kf.item(actor=depositor_user, collection=collection, title=title, abstract=abstract)
    services.item_file_add(actor=depositor_user, item=item, upload=kf.pdf_upload(*lines))
    services.item_submit(actor=depositor_user, item=item)
    services.item_publish(actor=curator_user, item=item)
    return item


def test_a_query_finds_words_inside_a_pdf(collection, depositor_user, curator_user):
    item = _with_file(
        depositor_user,
        curator_user,
        collection,
        "Laporan tahunan",
        "",
        "Pendampingan transformasi perpustakaan berbasis inklusi sosial",
    )
    assert kf.found(AnonymousUser(), q="inklusi sosial") == [item]


def test_unpublished_items_are_not_found_by_anyone_browsing(collection, depositor_user):
    kf.item(actor=depositor_user, collection=collection, title="Draf pelestarian")
    assert not kf.found(depositor_user, q="pelestarian")


def test_facets_count_the_matches_by_type_and_year(collection, depositor_user, curator_user):
    kf.item(
        actor=depositor_user,
        collection=collection,
        title="Naskah A",
        date_issued="2017",
        publish_by=curator_user,
    )
    kf.item(
        actor=depositor_user,
        collection=collection,
        title="Naskah B",
        date_issued="2017",
        publish_by=curator_user,
    )
    kf.item(
        actor=depositor_user,
        collection=collection,
        title="Naskah C",
        item_type=ItemType.BOOK,
        date_issued="2023",
        publish_by=curator_user,
    )
    for reader in (AnonymousUser(), depositor_user):
        results, _ = kf.search(reader, q="naskah")
        assert results.total == 3 and not results.bounded
        assert [(v.value, v.count) for v in results.facets["year"]] == [("2017", 2), ("2023", 1)]
        assert [(v.label, v.count) for v in results.facets["type"]] == [("paper", 2), ("book", 1)]
        narrowed, items = kf.search(reader, q="naskah", type="book")
        assert [i.title for i in items] == ["Naskah C"]
        assert narrowed.total == 1 and [(v.value, v.count) for v in narrowed.facets["year"]] == [("2023", 1)]


def test_snippets_mark_the_words_found_and_escape_the_text():
    text = "Di desa <b>Condet</b>, warga melestarikan tradisi palang pintu sejak lama."
    html = str(snippet(text, search.query_stems("lestari")))
    assert "<mark>melestarikan</mark>" in html
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_the_search_page_shows_highlighted_snippets_and_facets(
    client, collection, depositor_user, curator_user
):
    kf.item(
        actor=depositor_user,
        collection=collection,
        title="Tradisi lisan",
        abstract="Warga melestarikan pantun Betawi.",
        publish_by=curator_user,
    )
    page = client.get(reverse("knowledge:index"), {"q": "pelestarian"}).content.decode()
    assert "<mark>melestarikan</mark>" in page
    assert "Tradisi lisan" in page
    assert "2017" in page  # the year facet


def test_fts_operators_typed_by_a_user_are_just_words(collection, depositor_user, curator_user, client):
    response = client.get(reverse("knowledge:index"), {"q": 'NEAR( "OR AND * ^'})
    assert response.status_code == 200


def test_words_matching_more_than_a_query_reads_say_so(
    client, collection, depositor_user, curator_user, monkeypatch
):
    monkeypatch.setattr(search, "MATCH_LIMIT", 1)
    for title in ("Naskah satu", "Naskah dua"):
        kf.item(actor=depositor_user, collection=collection, title=title, publish_by=curator_user)
    page = client.get(reverse("knowledge:index"), {"q": "naskah"}).content.decode()
    assert "match many items" in page or "cocok dengan banyak terbitan" in page
    api = client.get(reverse("api:knowledge_search"), {"q": "naskah"}).json()
    assert api["count_is_exact"] is False and api["count"] == 1
    assert client.get(reverse("api:knowledge_search"), {"q": "satu"}).json()["count_is_exact"] is True


def test_a_search_reads_the_index_once(client, collection, depositor_user, curator_user, monkeypatch):
    """Facets, total, page and the 'more than' notice share one read of the index."""
    for title in ("Naskah satu", "Naskah dua", "Arsip desa"):
        kf.item(actor=depositor_user, collection=collection, title=title, publish_by=curator_user)
    reads = []
    backend_class = type(search.backend())
    original = backend_class.find
    monkeypatch.setattr(
        backend_class, "find", lambda self, *a, **k: reads.append(a) or original(self, *a, **k)
    )
    page = client.get(reverse("knowledge:index"), {"q": "naskah"}).content.decode()
    assert "Naskah satu" in page and "Naskah dua" in page and "Arsip desa" not in page
    assert len(reads) == 1
    api = client.get(reverse("api:knowledge_search"), {"q": "naskah"}).json()
    assert api["count"] == 2 and api["count_is_exact"] is True
    assert len(reads) == 2
    assert client.get(reverse("api:knowledge_search"), {"q": "tidakada"}).json()["count"] == 0


def test_a_search_page_takes_a_bounded_number_of_queries(
    client, collection, depositor_user, curator_user, django_assert_max_num_queries
):
    for n in range(25):
        kf.item(actor=depositor_user, collection=collection, title=f"Naskah {n}", publish_by=curator_user)
    # A first (uncached) answer: the index once (page, count and facets in one statement), the facet
    # labels (read once a minute), the twenty items with their creators, the file text for snippets.
    with django_assert_max_num_queries(4):
        assert client.get(reverse("knowledge:index"), {"q": "naskah"}).status_code == 200


def test_a_snippet_comes_from_the_file_text_when_the_abstract_lacks_the_word(
    client, collection, depositor_user, curator_user
):
    _with_file(
        depositor_user,
        curator_user,
        collection,
        "Laporan A",
        "Laporan tahunan desa.",
        "Program inklusi sosial desa",
    )
    _with_file(
        depositor_user, curator_user, collection, "Laporan B", "Perpustakaan berbasis inklusi.", "Teks lain"
    )
    # "Inklusivitas" holds "nklusi", the part of the stem that every form of the word holds, but is
    # another word: C's snippet comes from its file text too.
    _with_file(
        depositor_user,
        curator_user,
        collection,
        "Laporan C",
        "Inklusivitas layanan.",
        "Pelatihan inklusi sosial",
    )
    page = client.get(reverse("knowledge:index"), {"q": "inklusi"}).content.decode()
    assert "Program <mark>inklusi</mark> sosial desa" in page
    assert "Perpustakaan berbasis <mark>inklusi</mark>." in page
    assert "Pelatihan <mark>inklusi</mark> sosial" in page and "<mark>Inklusivitas" not in page


def test_a_snippet_finds_a_word_deep_in_a_long_text_and_marks_only_inside_the_passage():
    text = "kata " * 2000 + "upaya melestarikan naskah <b>kuno</b> " + "kata " * 100 + "lestari"
    html = str(snippet(text, search.query_stems("lestari")))
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>melestarikan</mark>" in html and "&lt;b&gt;kuno&lt;/b&gt;" in html
    assert html.count("<mark>") == 1  # the second "lestari" is past the passage
    assert str(snippet("tanpa kata yang dicari " * 30, search.query_stems("lestari"))).startswith(
        "tanpa kata"
    )


def test_a_snippet_marks_the_word_in_any_case_even_where_lowering_changes_the_text():
    stems = search.query_stems("lestari")
    assert "<mark>MELESTARIKAN</mark> naskah" in str(snippet("Upaya MELESTARIKAN naskah kuno.", stems))
    # "İ" lowers to two characters: the positions of the lowered text are not the text's.
    html = str(snippet("İ" * 40 + " İzmir dan Depok: warga Melestarikan naskah kuno dan lain-lain.", stems))
    assert "warga <mark>Melestarikan</mark> naskah" in html


def test_a_snippet_from_a_pdf_of_many_lines_reads_as_one_line(
    client, collection, depositor_user, curator_user
):
    lines = ["Bab 1", *["baris teks"] * 40, "upaya melestarikan", "naskah kuno", *["baris"] * 100]
    _with_file(depositor_user, curator_user, collection, "Laporan D", "Laporan tahunan desa.", *lines)
    page = client.get(reverse("knowledge:index"), {"q": "lestari"}).content.decode()
    passage = page.split('<p class="kn-snippet">', 1)[1].split("</p>", 1)[0]
    assert passage.startswith("…") and passage.endswith("…")
    assert "baris teks upaya <mark>melestarikan</mark> naskah kuno baris baris" in passage
    assert "\n" not in passage and "  " not in passage


def test_the_results_and_facets_escape_what_depositors_typed(
    client, collection, depositor_user, curator_user, ipi, as_user
):
    kf.item(
        actor=depositor_user,
        collection=collection,
        title='<script>alert("x")</script> Naskah',
        elements={"creator": ['Budi <b>"Santoso"</b>']},
        publish_by=curator_user,
    )
    kf.item(
        actor=depositor_user,
        collection=collection,
        title="Naskah anggota",
        access="members",
        organisation=ipi["central"],
        publish_by=curator_user,
    )
    page = client.get(reverse("knowledge:index"), {"q": "naskah", "year": "2017"}).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Naskah" in page
    assert "Budi &lt;b&gt;&quot;Santoso&quot;&lt;/b&gt;" in page
    assert "Naskah anggota" not in page
    # The chosen year is a link that removes it, the others add theirs to the same words.
    assert '<a href="?q=naskah" aria-current="true">✕ 2017</a> <span class="muted">(1)</span>' in page
    assert '<a href="?q=naskah&amp;year=2017&amp;type=paper">paper</a>' in page
    # A reader who may see the members' item sees it, marked with its access.
    member_page = as_user(curator_user).get(reverse("knowledge:index"), {"q": "naskah"}).content.decode()
    assert "Naskah anggota" in member_page
    assert '<span class="badge badge-muted">members of the organisation</span>' in member_page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="head terms belong to the PostgreSQL postings")
def test_common_words_checked_on_the_index_entries_find_what_probing_finds(
    collection, depositor_user, curator_user, ipi
):
    """After a rebuild the commonest terms have a bit on every posting; a search for several words then
    checks those words on the rarest word's index entries instead of probing each match. Same answer."""
    titles = [
        "Naskah lontar Bugis",
        "Naskah lontar Sasak",
        "Naskah babad Jawa",
        "Lontar tanpa kata lain",
        "Naskah Bugis di perpustakaan desa",
    ]
    for title in titles:
        kf.item(
            actor=depositor_user, collection=collection, title=title, abstract="", publish_by=curator_user
        )
    kf.item(
        actor=depositor_user,
        collection=collection,
        title="Naskah lontar anggota",
        abstract="",
        access="members",
        organisation=ipi["central"],
        publish_by=curator_user,
    )
    questions = [
        "naskah lontar",
        "lontar bugis naskah",
        "naskah jawa",
        "bugis desa naskah",
        "naskah pelestarian",
    ]
    readers = [AnonymousUser(), curator_user]
    probed = {(q, r.pk): [i.title for i in kf.found(r, q=q)] for q in questions for r in readers}
    search.backend().rebuild()
    with connection.cursor() as cursor:
        cursor.execute("SELECT term FROM knowledge_headterm")
        head = {term for (term,) in cursor.fetchall()}
    assert {"naskah", "lontar"} <= head
    assert {(q, r.pk): [i.title for i in kf.found(r, q=q)] for q in questions for r in readers} == probed
    # Both hold each word once: the newer first.
    assert probed[("naskah lontar", None)] == ["Naskah lontar Sasak", "Naskah lontar Bugis"]
    assert "Naskah lontar anggota" in probed[("naskah lontar", curator_user.pk)]
    # An item written after the rebuild carries its bits too.
    kf.item(
        actor=depositor_user,
        collection=collection,
        title="Lontar naskah baru",
        abstract="",
        publish_by=curator_user,
    )
    assert "Lontar naskah baru" in [i.title for i in kf.found(AnonymousUser(), q="naskah lontar")]
    assert search.backend().check()


def test_rebuilding_the_whole_index_keeps_every_answer(collection, depositor_user, curator_user):
    for title in ("Naskah lontar Bugis", "Babad tanah Jawa", "Naskah kuno desa"):
        kf.item(actor=depositor_user, collection=collection, title=title, publish_by=curator_user)
    kf.item(actor=depositor_user, collection=collection, title="Naskah draf")  # not published
    before = {q: [i.title for i in kf.found(AnonymousUser(), q=q)] for q in ("naskah", "babad jawa", "draf")}
    assert indexing.reindex_all() == 4
    assert search.backend().check()
    assert {q: [i.title for i in kf.found(AnonymousUser(), q=q)] for q in before} == before
    assert before["naskah"] and before["babad jawa"] == ["Babad tanah Jawa"] and before["draf"] == []


def test_facet_labels_name_provinces_and_collections_even_a_new_one(
    collection, depositor_user, curator_user, ipi, regions
):
    kf.item(
        actor=depositor_user,
        collection=collection,
        title="Naskah Betawi",
        region=regions["31"],
        publish_by=curator_user,
    )
    results, _ = kf.search(AnonymousUser(), q="naskah")
    assert [v.label for v in results.facets["collection"]] == ["Prosiding Seminar IPI"]
    assert [v.label for v in results.facets["region"]] == [regions["31"].name]
    # A collection made since the names were read is named at once, not shown by its number.
    other = services.collection_create(
        actor=None, name="Pengetahuan Lokal", slug="lokal", organisation=ipi["central"]
    )
    kf.item(actor=depositor_user, collection=other, title="Naskah lokal", publish_by=curator_user)
    results, _ = kf.search(AnonymousUser(), q="naskah")
    assert sorted(v.label for v in results.facets["collection"]) == [
        "Pengetahuan Lokal",
        "Prosiding Seminar IPI",
    ]


def test_the_search_api_answers_in_the_shape_of_its_schema(client, collection, depositor_user, curator_user):
    kf.item(
        actor=depositor_user,
        collection=collection,
        title="Naskah lontar Bugis",
        abstract="Melestarikan naskah lontar.",
        publish_by=curator_user,
    )
    data = client.get(reverse("api:knowledge_search"), {"q": "naskah"}).json()
    answer = SearchOut.model_validate(data)  # every field there, of its type
    assert answer.count == 1 and answer.items[0].title == "Naskah lontar Bugis"
    assert "<mark>naskah</mark>" in answer.items[0].snippet and answer.items[0].creators == ["Rahayu, Sri"]
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/repository/items"]["get"]
    name = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    shapes = schema["components"]["schemas"]
    assert list(shapes[name]["properties"]) == list(data)
    row = shapes[name]["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[1]
    assert list(shapes[row]["properties"]) == list(data["items"][0])
    assert set(data["facets"]) == {"type", "year", "region", "collection", "language", "licence"}
    assert data["facets"]["year"] == [{"value": "2017", "label": "2017", "count": 1}]


def test_an_item_deleted_by_any_road_leaves_the_index(collection, depositor_user, curator_user):
    """Not only through the services: a search document deleted with its item (or by a flush of the
    database) takes the engine's own rows with it, so no search counts or finds what is gone."""
    keep = kf.item(actor=depositor_user, collection=collection, title="Naskah tetap", publish_by=curator_user)
    gone = kf.item(
        actor=depositor_user, collection=collection, title="Naskah hilang", publish_by=curator_user
    )
    Item.objects.filter(pk=gone.pk).delete()
    assert search.backend().check()
    results, items = kf.search(AnonymousUser(), q="naskah")
    assert items == [keep] and results.total == 1
    assert [(v.value, v.count) for v in results.facets["type"]] == [("paper", 1)]


def test_a_filter_number_beyond_any_year_or_id_finds_nothing_instead_of_failing(
    client, collection, depositor_user, curator_user
):
    kf.item(actor=depositor_user, collection=collection, title="Naskah lontar", publish_by=curator_user)
    for params in ({"year": "9" * 30}, {"collection": "9" * 30}, {"year": "40000"}):
        page = client.get(reverse("knowledge:index"), {"q": "naskah", **params})
        assert page.status_code == 200 and "Naskah lontar" not in page.content.decode(), params
        assert client.get(reverse("api:knowledge_search"), {"q": "naskah", **params}).json()["count"] == 0
    assert client.get(reverse("api:knowledge_search"), {"q": "naskah", "year": "2017"}).json()["count"] == 1


def test_a_page_or_offset_past_the_end_answers_without_failing(
    client, collection, depositor_user, curator_user
):
    kf.item(actor=depositor_user, collection=collection, title="Naskah lontar", publish_by=curator_user)
    huge = "9" * 30
    for params in ({"q": "naskah", "page": huge}, {"page": huge}, {"q": "naskah", "page": "7"}):
        page = client.get(reverse("knowledge:index"), params)
        assert page.status_code == 200 and "Naskah lontar" in page.content.decode(), params  # the last page
    for params in ({"q": "naskah", "offset": huge}, {"offset": huge}):
        answer = client.get(reverse("api:knowledge_search"), params).json()
        assert answer["count"] == 1 and answer["items"] == [], params


def test_the_results_speak_indonesian_first(client, collection, depositor_user, curator_user):
    kf.item(actor=depositor_user, collection=collection, title="Naskah lontar", publish_by=curator_user)
    client.cookies["django_language"] = "id"
    page = client.get(reverse("knowledge:index"), {"q": "naskah"}).content.decode()
    assert 'aria-label="Persempit hasil"' in page and ">1 terbitan</h2>" in page
    nothing = client.get(reverse("knowledge:index"), {"q": "tidakadasamasekali"}).content.decode()
    assert "Tidak ada yang cocok." in nothing
