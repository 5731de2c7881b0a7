"""Demo data for simpul.knowledge (issue 8), from seeds 000, 001 and 004: get-or-create throughout.

- "Antologi 50 Tahun IPI" (the anthology of story 000), owned by IPI, with three chapters;
- "Prosiding Seminar FPPTI 2017" (story 001), owned by FPPTI: the volume and three papers, one with
  a real PDF whose text is searchable;
- "Pengetahuan Lokal DKI Jakarta" (story 004), owned by Dispusip DKI Jakarta, with the Betawi
  community of Condet: a public item, one for IPI members, one for the community only and one
  restricted; one withdrawn item (tombstone) and one waiting for review.
Curator: Firmansyah (Dispusip DKI) curates the Jakarta collection; the IPI chair curates IPI's.
Titles, authors and texts are invented for the demo unless a story names them.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen import canvas

from simpul.knowledge import services
from simpul.knowledge.indexing import file_extract_text
from simpul.knowledge.models import Collection, Item, Status
from simpul.organisations.models import Kind, Role

PAPER_TEXT = (
    "Kolaborasi perpustakaan perguruan tinggi dalam membangun repositori institusi",
    "Repositori bersama memudahkan mahasiswa menemukan skripsi, tesis dan hasil penelitian dosen.",
    "Metadata Dublin Core dan protokol OAI-PMH membuat koleksi dapat dipanen Indonesia OneSearch.",
)


def _pdf(*lines: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    y = 800
    for line in lines:
        pdf.drawString(40, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _collection(seed, slug: str, name: str, owner: str, description: str) -> Collection:
    collection = Collection.objects.filter(slug=slug).first()
    if collection is None:
        collection = services.collection_create(
            actor=seed.actor, name=name, slug=slug, organisation=seed.orgs[owner], description=description
        )
        seed.created["collections"] += 1
    return collection


def _item(seed, collection, *, key: str, curator, status=Status.PUBLISHED, pdf_lines=(), **fields) -> Item:
    item = Item.objects.filter(deposit_key=f"demo-{key}").first()
    if item is not None:
        return item
    elements = fields.pop("elements", {})
    holders = fields.pop("holders", None)
    depositor = fields.pop("depositor", None)
    item = services.item_create(
        actor=depositor,
        collection=collection,
        data=fields,
        elements=elements,
        holders=holders,
        deposit_key=f"demo-{key}",
    )
    if pdf_lines:
        item_file = services.item_file_add(
            actor=depositor,
            item=item,
            upload=SimpleUploadedFile(f"{key}.pdf", _pdf(*pdf_lines), content_type="application/pdf"),
        )
        file_extract_text(item_file.pk)  # at once: the demo should not wait for a worker
    if status != Status.DRAFT:
        services.item_submit(actor=depositor, item=item)
    if status in (Status.PUBLISHED, Status.WITHDRAWN):
        item = services.item_publish(actor=curator, item=item)
    if status == Status.WITHDRAWN:
        item = services.item_withdraw(actor=curator, item=item, reason="Diganti versi revisi oleh penulis.")
    seed.created["repository items"] += 1
    return item


def seed_knowledge(seed) -> None:
    """Build the knowledge demo from the seed stories."""
    seed.org(
        "komunitas-betawi-condet",
        kind=Kind.COMMUNITY,
        name="Komunitas Budaya Betawi Condet",
        region="31",
        description="Komunitas pelestari budaya Betawi di Condet, Jakarta Timur.",
    )
    seed.grant("ipi-chair", Role.CURATOR, org="ipi")
    seed.grant("fppti-chair", Role.CURATOR, org="fppti")
    seed.grant("firmansyah", Role.CURATOR, org="dispusip-dki")
    ipi_curator = seed.people["ipi-chair"].user
    fppti_curator = seed.people["fppti-chair"].user
    dki_curator = seed.people["firmansyah"].user
    librarian = seed.people["special-librarian"].user  # Ahmad Fauzi deposits the Jakarta items

    anthology = _collection(
        seed,
        "antologi-50-tahun-ipi",
        "Antologi 50 Tahun IPI",
        "ipi",
        "Tulisan anggota untuk lima puluh tahun Ikatan Pustakawan Indonesia (1973-2023).",
    )
    _item(
        seed, anthology, key="ipi50-book", curator=ipi_curator, item_type="book",
        title="Lima Puluh Tahun Ikatan Pustakawan Indonesia: Antologi Anggota", date_issued="2023-07-06",
        abstract="Kumpulan tulisan anggota IPI dari seluruh Indonesia tentang perjalanan profesi pustakawan.",
        licence="cc-by-4.0", region=None,
        elements={"creator": ["Ikatan Pustakawan Indonesia"], "contributor": ["Rahayu, Sri (penyunting)"],
                  "subject": ["profesi pustakawan", "sejarah organisasi"], "publisher": ["Ikatan Pustakawan Indonesia"]},
    )  # fmt: skip
    for n, (title, author, region) in enumerate(
        [
            (
                "Pustakawan desa di Lombok: dari rak buku ke pusat kegiatan warga",
                "Zaini, Lalu Ahmad",
                "52.71",
            ),
            ("Melestarikan naskah kuno Keraton Surakarta", "Rahayu, Sri", "33"),
            ("Kepemimpinan perempuan dalam organisasi profesi pustakawan", "Rahayu, Sri", "31.71"),
        ],
        start=1,
    ):
        _item(
            seed, anthology, key=f"ipi50-ch{n}", curator=ipi_curator, item_type="chapter", title=title,
            date_issued="2023", abstract=f"Bab {n} antologi lima puluh tahun IPI.", licence="cc-by-nc-4.0",
            region=seed.region(region), elements={"creator": [author], "subject": ["perpustakaan", "profesi"]},
        )  # fmt: skip

    proceedings = _collection(
        seed,
        "prosiding-seminar-fppti-2017",
        "Prosiding Seminar FPPTI 2017",
        "fppti",
        "Makalah Seminar Nasional FPPTI 2017, bersamaan dengan pelantikan pengurus pusat 2017-2020.",
    )
    _item(
        seed, proceedings, key="fppti2017-volume", curator=fppti_curator, item_type="proceedings",
        title="Prosiding Seminar Nasional FPPTI 2017: Kolaborasi Perpustakaan Perguruan Tinggi",
        date_issued="2017-10", licence="cc-by-sa-4.0", region=seed.region("31"),
        elements={"creator": ["Forum Perpustakaan Perguruan Tinggi Indonesia"], "subject": ["perpustakaan perguruan tinggi"],
                  "identifier": ["ISBN 978-602-00000-0-0 (contoh)"]},
    )  # fmt: skip
    _item(
        seed, proceedings, key="fppti2017-p1", curator=fppti_curator, item_type="paper",
        title="Repositori institusi bersama untuk perpustakaan perguruan tinggi", date_issued="2017-10-12",
        abstract="Makalah tentang repositori bersama dan pemanenan metadata oleh Indonesia OneSearch.",
        licence="cc-by-4.0", pdf_lines=PAPER_TEXT,
        elements={"creator": ["Wicaksono, Hendro"], "subject": ["repositori", "OAI-PMH"]},
    )  # fmt: skip
    _item(
        seed, proceedings, key="fppti2017-p2", curator=fppti_curator, item_type="paper",
        title="Literasi informasi mahasiswa di era digital", date_issued="2017-10-12",
        abstract="Survei kemampuan literasi informasi mahasiswa tingkat awal.", licence="cc-by-4.0",
        elements={"creator": ["Susanti, Dewi", "Pratama, Budi"], "subject": ["literasi informasi"]},
    )  # fmt: skip
    _item(
        seed, proceedings, key="fppti2017-p3", curator=fppti_curator, item_type="presentation", status=Status.WITHDRAWN,
        title="Layanan referensi virtual (versi awal)", date_issued="2017-10-13", licence="cc-by-4.0",
        elements={"creator": ["Kurniawan, Eko"]},
    )  # fmt: skip

    local = _collection(
        seed,
        "pengetahuan-lokal-dki-jakarta",
        "Pengetahuan Lokal DKI Jakarta",
        "dispusip-dki",
        "Pengetahuan tacit masyarakat Jakarta yang didokumentasikan sebagai aset budaya, dengan persetujuan pemiliknya.",
    )
    consent = {
        "consent_given_by": "Pengurus Komunitas Budaya Betawi Condet",
        "consent_date": datetime.date(2024, 3, 9),
    }
    community = seed.orgs["komunitas-betawi-condet"]
    common = {
        "item_type": "local_knowledge",
        "region": seed.region("31"),
        "language": "bew",
        "depositor": librarian,
    }
    _item(
        seed, local, key="dki-palang-pintu", curator=dki_curator, access="public",
        title="Tradisi palang pintu dalam pernikahan Betawi", date_issued="2024-03",
        abstract="Rekaman dan transkrip pantun serta silat palang pintu yang dituturkan oleh pelaku tradisi.",
        licence="cc-by-nc-sa-4.0", consent_terms="Boleh dibuka untuk umum dengan menyebut Komunitas Betawi Condet.",
        holders=[{"name": "Bang Jali", "role": "jawara palang pintu"}], community=community,
        elements={"creator": ["Komunitas Budaya Betawi Condet"], "subject": ["budaya Betawi", "pantun"]},
        **consent, **common,
    )  # fmt: skip
    _item(
        seed, local, key="dki-salak-condet", curator=dki_curator, access="members", organisation=seed.orgs["ipi"],
        title="Budidaya salak Condet: pengetahuan petani yang tersisa", date_issued="2024-05",
        abstract="Catatan wawancara dengan petani salak Condet tentang perawatan pohon dan musim panen.",
        licence="cc-by-nc-nd-4.0", consent_terms="Untuk anggota IPI dalam rangka pendidikan, tidak untuk publikasi.",
        holders=[{"name": "Haji Naim", "role": "petani salak"}], community=community,
        elements={"creator": ["Fauzi, Ahmad"], "subject": ["pertanian", "salak Condet"]},
        **consent, **common,
    )  # fmt: skip
    _item(
        seed, local, key="dki-ramuan", curator=dki_curator, access="community", community=community,
        title="Ramuan tradisional ibu-ibu Condet", date_issued="2024-06",
        abstract="Resep dan cara meracik jamu yang diwariskan turun-temurun.", licence="all-rights-reserved",
        consent_terms="Hanya untuk warga komunitas; tidak boleh disebarkan ke luar komunitas.",
        holders=[{"name": "Mpok Minah", "role": "peracik jamu"}],
        elements={"creator": ["Komunitas Budaya Betawi Condet"], "subject": ["pengobatan tradisional"]},
        **consent, **common,
    )  # fmt: skip
    _item(
        seed, local, key="dki-ritual", curator=dki_curator, access="restricted", community=community,
        title="Tata cara ritual sedekah bumi (terbatas)", date_issued="2024-07",
        abstract="Dokumentasi tertutup atas permintaan tetua adat.", licence="all-rights-reserved",
        consent_terms="Terbatas: hanya kurator; dibuka jika tetua adat mengizinkan.",
        holders=[{"name": "Tetua adat Condet", "role": "pemangku adat"}],
        elements={"creator": ["Komunitas Budaya Betawi Condet"], "subject": ["ritual adat"]},
        **consent, **common,
    )  # fmt: skip
    _item(
        seed, local, key="dki-ondel-ondel", curator=dki_curator, access="public", status=Status.SUBMITTED,
        title="Membuat ondel-ondel: cerita para perajin", date_issued="2024-09",
        abstract="Wawancara dengan perajin ondel-ondel di Kramat Pulo.", licence="cc-by-4.0",
        consent_terms="Boleh dibuka untuk umum.", holders=[{"name": "Pak Udin", "role": "perajin"}],
        community=community, elements={"creator": ["Fauzi, Ahmad"], "subject": ["kerajinan"]},
        **consent, **common,
    )  # fmt: skip
