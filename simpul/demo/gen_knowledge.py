"""Synthetic repository data at a scale ("demo" or "national"); removable by recorded id ranges.

national: 200,000 items (50,000 with a PDF's extracted text), about 500,000 Dublin Core values, 40
collections. demo: 400 items (100 with text). Like the other generators it bypasses the services
(bulk inserts, no audit entries, no versions) and keeps their rules by construction: published and
withdrawn items carry their dates, members/community items name their organisation/community,
province codes match regions, and the search index is built in bulk from the same stemmed text the
services would write (the vocabulary is stemmed once, not every word of every document).
"""

import datetime
import random
import time
from collections.abc import Callable

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from simpul.demo.models import Generation
from simpul.knowledge import indexing, search
from simpul.knowledge.models import (
    Access,
    Collection,
    Element,
    FileKind,
    Item,
    ItemFile,
    ItemType,
    Licence,
    SearchDocument,
    Status,
    TextStatus,
)
from simpul.organisations.models import Kind, Organisation
from simpul.regions.models import Region

SCALE = "knowledge"
BATCH = 5000
SIZES = {"demo": (400, 100, 8), "national": (200_000, 50_000, 40)}  # items, with text, collections

WORDS = [
    "perpustakaan",
    "pustakawan",
    "koleksi",
    "naskah",
    "kuno",
    "pelestarian",
    "digitalisasi",
    "literasi",
    "masyarakat",
    "desa",
    "kabupaten",
    "provinsi",
    "layanan",
    "pemustaka",
    "informasi",
    "pengetahuan",
    "lokal",
    "tradisi",
    "lisan",
    "budaya",
    "adat",
    "komunitas",
    "pendampingan",
    "inklusi",
    "sosial",
    "transformasi",
    "kegiatan",
    "pelatihan",
    "kompetensi",
    "sertifikasi",
    "seminar",
    "prosiding",
    "makalah",
    "penelitian",
    "kajian",
    "pengembangan",
    "kebijakan",
    "anggaran",
    "pengelolaan",
    "gedung",
    "ruang",
    "baca",
    "anak",
    "remaja",
    "sekolah",
    "perguruan",
    "tinggi",
    "repositori",
    "kolaborasi",
    "jaringan",
    "teknologi",
    "sistem",
    "otomasi",
    "katalog",
    "metadata",
    "klasifikasi",
    "referensi",
    "bibliografi",
    "arsip",
    "dokumentasi",
    "sejarah",
    "cerita",
    "rakyat",
    "kearifan",
    "pertanian",
    "nelayan",
    "kerajinan",
    "tenun",
    "batik",
    "musik",
    "tari",
    "upacara",
    "bahasa",
    "daerah",
    "membaca",
    "menulis",
    "belajar",
    "mengajar",
    "membangun",
    "melestarikan",
    "mengembangkan",
    "memberdayakan",
    "menyediakan",
    "meningkatkan",
    "mendokumentasikan",
    "menerjemahkan",
    "mengumpulkan",
    "pemberdayaan",
    "ekonomi",
    "kreatif",
    "usaha",
    "kecil",
    "perempuan",
    "pemuda",
    "lansia",
    "disabilitas",
    "akses",
    "terbuka",
    "hak",
    "cipta",
    "lisensi",
    "evaluasi",
    "survei",
    "kepuasan",
    "statistik",
    "indikator",
    "dampak",
    "program",
    "nasional",
    "daerah",
    "kerja",
    "sama",
    "mitra",
    "relawan",
    "taman",
    "bacaan",
]
TITLE_HEADS = (
    "Peran", "Strategi", "Model", "Evaluasi", "Pengembangan", "Pelestarian", "Dokumentasi",
    "Kajian", "Praktik baik", "Transformasi", "Pemanfaatan", "Analisis",
)  # fmt: skip
GIVEN = ("Sri", "Agus", "Dewi", "Budi", "Rina", "Hendra", "Wahyu", "Siti", "Eko", "Lestari", "Made", "Nyoman")
FAMILY = ("Rahayu", "Hidayat", "Susanti", "Pratama", "Wibowo", "Kurniawan", "Saputra", "Nasution", "Siregar")
TYPES = [
    (ItemType.PAPER, 40),
    (ItemType.PROCEEDINGS, 3),
    (ItemType.BOOK, 6),
    (ItemType.CHAPTER, 8),
    (ItemType.PRESENTATION, 8),
    (ItemType.REPORT, 10),
    (ItemType.GOOD_PRACTICE, 10),
    (ItemType.POLICY, 3),
    (ItemType.LOCAL_KNOWLEDGE, 8),
    (ItemType.AUDIO, 1),
    (ItemType.VIDEO, 1),
    (ItemType.IMAGE, 2),
]
LANGUAGES = [("id", 85), ("en", 10), ("jv", 2), ("su", 2), ("bew", 1)]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


TAIL_WORDS = 20_000


class Vocabulary:
    """Words drawn as real text draws them (Zipf: the k-th most common word comes ~1/k as often).

    The head is the library vocabulary above; the tail is the distinct words of region names (real
    Indonesian and regional words), so a rare word matches few documents, as in real text, while a
    common word matches many.
    """

    def __init__(self):
        tail: set[str] = set()
        for name in (
            Region.objects.filter(level__gte=3).order_by("code").values_list("name", flat=True).iterator()
        ):
            tail.update(w for w in search.words(name) if len(w) >= 4 and w.isalpha())
            if len(tail) >= TAIL_WORDS * 2:
                break
        head = list(dict.fromkeys(WORDS))
        rest = sorted(tail - set(head))
        random.Random(8).shuffle(rest)
        self.words = head + rest[:TAIL_WORDS]
        total, cumulative = 0.0, []
        for rank in range(len(self.words)):
            total += 1.0 / (rank + 1)
            cumulative.append(total)
        self.cumulative = cumulative

    def draw(self, rng, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=k)


def _sentence(rng, vocabulary: Vocabulary, n: int) -> str:
    return " ".join(vocabulary.draw(rng, n)).capitalize() + "."


def _next_id(model) -> int:
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1


def generate_knowledge(*, scale: str, seed: int = 20250626, log: Callable[[str], None] = print) -> dict:
    """Generate the repository rows for `scale` (deterministic per seed); returns counts by kind."""
    if scale not in SIZES:
        return {}
    if Generation.objects.filter(scale=SCALE).exists():
        raise ValueError("Repository data were already generated; remove them first.")
    started = time.monotonic()
    items_n, text_n, collections_n = SIZES[scale]
    rng = random.Random(seed)
    vocabulary = Vocabulary()
    stems = {w: search.stem_word(w) for w in vocabulary.words}

    def stem(text: str) -> str:
        return " ".join(stems.get(w) or search.stem_word(w) for w in search.words(text))

    owner = (
        Organisation.objects.filter(slug="ipi").first()
        or Organisation.objects.filter(kind=Kind.ASSOCIATION).order_by("pk").first()
        or Organisation.objects.order_by("pk").first()
    )
    if owner is None:
        raise ValueError("No organisation to own the collections: run the demo seed or the generator first.")
    community = Organisation.objects.filter(kind=Kind.COMMUNITY).order_by("pk").first()
    regions = list(Region.objects.filter(level__in=[1, 2]).values_list("code", "name"))
    names = dict(regions)
    now = timezone.now()
    counts = {}
    with transaction.atomic():
        first_collection = _next_id(Collection)
        collections = [
            Collection(
                id=first_collection + n,
                name=f"Koleksi Umum {n + 1:02d}" if n % 2 else f"Prosiding Seminar Nasional {1990 + n}",
                slug=f"gen-koleksi-{seed}-{n + 1:03d}",
                organisation=owner,
                description="Koleksi hasil generator.",
            )
            for n in range(collections_n)
        ]
        Collection.objects.bulk_create(collections)
        first_item = _next_id(Item)
        first_element = _next_id(Element)
        first_file = _next_id(ItemFile)
        element_id, file_id = first_element, first_file
        text_every = max(1, items_n // text_n)
        items, elements, files, documents = [], [], [], []
        made = {"items": 0, "elements": 0, "files": 0}

        def flush():
            Item.objects.bulk_create(items, batch_size=BATCH)
            Element.objects.bulk_create(elements, batch_size=BATCH)
            ItemFile.objects.bulk_create(files, batch_size=BATCH)
            SearchDocument.objects.bulk_create(documents, batch_size=BATCH)
            made["items"] += len(items)
            made["elements"] += len(elements)
            made["files"] += len(files)
            items.clear(), elements.clear(), files.clear(), documents.clear()

        for n in range(items_n):
            pk = first_item + n
            item_type = _weighted(rng, TYPES)
            year = rng.randint(1995, 2025)
            region_code = rng.choice(regions)[0] if regions and rng.random() < 0.8 else None
            roll = rng.random()
            access = Access.PUBLIC
            if roll > 0.9:
                access = [
                    Access.MEMBERS,
                    Access.COMMUNITY if community else Access.RESTRICTED,
                    Access.RESTRICTED,
                ][int((roll - 0.9) * 30) % 3]
            status_roll = rng.random()
            status = (
                Status.PUBLISHED
                if status_roll < 0.95
                else Status.WITHDRAWN
                if status_roll < 0.97
                else Status.SUBMITTED
            )
            stamp = now - datetime.timedelta(seconds=rng.randint(0, 5 * 365 * 86400))
            title = f"{rng.choice(TITLE_HEADS)} {' '.join(vocabulary.draw(rng, rng.randint(3, 7)))}"
            abstract = " ".join(
                _sentence(rng, vocabulary, rng.randint(8, 16)) for _ in range(rng.randint(2, 4))
            )
            creators = [f"{rng.choice(FAMILY)}, {rng.choice(GIVEN)}" for _ in range(rng.randint(1, 3))]
            subjects = list(dict.fromkeys(vocabulary.draw(rng, 2)))
            is_local = item_type == ItemType.LOCAL_KNOWLEDGE
            items.append(
                Item(
                    id=pk,
                    collection_id=first_collection + rng.randrange(collections_n),
                    item_type=item_type,
                    title=title[:500],
                    abstract=abstract,
                    year=year,
                    date_issued=str(year),
                    language=_weighted(rng, LANGUAGES),
                    licence=rng.choice(Licence.values),
                    region_id=region_code,
                    province_code=(region_code or "")[:2],
                    organisation=owner if access == Access.MEMBERS else None,
                    community=community if access == Access.COMMUNITY else None,
                    access=access,
                    status=status,
                    consent_given_by="Tetua adat" if is_local else "",
                    consent_date=datetime.date(year, 1, 1) if is_local else None,
                    consent_terms="Untuk pendidikan, sebutkan komunitasnya." if is_local else "",
                    published_at=stamp if status != Status.SUBMITTED else None,
                    withdrawn_at=stamp if status == Status.WITHDRAWN else None,
                    withdrawal_reason="Ditarik (generator)" if status == Status.WITHDRAWN else "",
                    datestamp=stamp,
                    deposit_key=f"gen-{seed}-{pk}",
                )
            )
            for element, values in (("creator", creators), ("subject", subjects)):
                for position, value in enumerate(values):
                    elements.append(
                        Element(id=element_id, item_id=pk, element=element, value=value, position=position)
                    )
                    element_id += 1
            text = ""
            if n % text_every == 0 and made["files"] + len(files) < text_n:
                text = " ".join(
                    _sentence(rng, vocabulary, rng.randint(10, 20)) for _ in range(rng.randint(15, 30))
                )
                files.append(
                    ItemFile(
                        id=file_id,
                        item_id=pk,
                        file=f"generated/knowledge/{pk}.pdf",
                        original_name=f"dokumen-{pk}.pdf",
                        kind=FileKind.PDF,
                        content_type="application/pdf",
                        size=len(text) * 3,
                        sha256=f"{pk:064x}",
                        text_status=TextStatus.DONE,
                        extracted_text=text,
                    )
                )
                file_id += 1
            collection_name = collections[items[-1].collection_id - first_collection].name
            body = " ".join(
                [title, abstract, collection_name, str(ItemType(item_type).label), names.get(region_code, "")]
                + creators
                + subjects
                + [text]
            )
            documents.append(SearchDocument(item_id=pk, body=stem(body)))
            if len(items) >= BATCH:
                flush()
                log(f"  knowledge items: {made['items']:,}/{items_n:,}")
        flush()
        _reset_sequences()
        search.backend().rebuild()
        indexing.facet_counts_rebuild()  # the pre-counted public facets, and a new search state
        last_item = first_item + items_n - 1
        counts = {"collections": collections_n, **made}
        Generation.objects.create(
            scale=SCALE,
            seed=seed,
            id_ranges={
                "knowledge.collection": [first_collection, first_collection + collections_n - 1],
                "knowledge.item": [first_item, last_item],
                "knowledge.element": [first_element, element_id - 1],
                "knowledge.itemfile": [first_file, file_id - 1],
            },
            counts=counts,
            seconds=round(time.monotonic() - started, 2),
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE knowledge_item; ANALYZE knowledge_searchdocument; ANALYZE knowledge_element;"
                " ANALYZE knowledge_facetentry"
            )
            if not connection.in_atomic_block:
                # Index-only reads of the postings skip the table only where its pages are marked
                # all-visible, which VACUUM does (autovacuum would, later).
                cursor.execute("VACUUM (ANALYZE) knowledge_posting")
    log(f"  knowledge: {counts} in {time.monotonic() - started:.1f} s")
    return counts


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), [Collection, Item, Element, ItemFile])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def remove_generated_knowledge(log: Callable[[str], None] = print) -> int:
    """Delete what generate_knowledge created; returns the number of rows removed."""
    removed = 0
    with transaction.atomic():
        for generation in Generation.objects.filter(scale=SCALE):
            ranges = generation.id_ranges
            first, last = ranges.get("knowledge.item", [0, -1])
            if last >= first:
                # The engine's rows in bulk first: the trigger that forgets them row by row with each
                # search document then has nothing left to do.
                search.backend().delete_range(first, last)
                removed += SearchDocument.objects.filter(item_id__gte=first, item_id__lte=last)._raw_delete(
                    connection.alias
                )
            for label, model in (
                ("knowledge.itemfile", ItemFile),
                ("knowledge.element", Element),
            ):
                lo, hi = ranges.get(label, [0, -1])
                if hi >= lo:
                    removed += model.objects.filter(pk__range=(lo, hi))._raw_delete(connection.alias)
            if last >= first:
                # Rows a person added to generated items since (versions, holders) go with them.
                removed += Item.objects.filter(pk__range=(first, last)).delete()[0]
            lo, hi = ranges.get("knowledge.collection", [0, -1])
            if hi >= lo:
                removed += Collection.objects.filter(pk__range=(lo, hi)).delete()[0]
            generation.delete()
        indexing.facet_counts_rebuild()
    log(f"  knowledge: removed {removed:,} rows")
    return removed
