"""The demo seed's libraries: register data (type, NPP, figures) for the library organisations the
seed stories create, plus one application waiting for each kind of office decision.

Call from seed.py: `from .seed_libraries import seed_libraries` and append `seed_libraries` to
STEPS (after `libraries_of_each_type`). Get-or-create like every seed step.
"""

from simpul.libraries.models import Application, Library, Status
from simpul.libraries.services.libraries import library_attach
from simpul.libraries.services.registrations import application_claim, application_register
from simpul.organisations.models import Organisation

# seed key -> (type, subtype, ownership, village code or None for the organisation's region, figures)
LIBRARIES = {
    "perpusnas": ("public", "national", "state", None, {
        "address": "Jl. Medan Merdeka Selatan No. 11, Jakarta Pusat", "opening_hours": "Senin-Jumat 08.00-19.00, Sabtu-Minggu 09.00-16.00",
        "latitude": "-6.181640", "longitude": "106.826870", "books_titles": 1_200_000, "books_copies": 4_500_000,
        "serials_titles": 18_000, "serials_copies": 90_000, "digital_titles": 250_000, "digital_copies": 250_000,
        "librarians_lis": 420, "librarians_other": 60, "staff_lis": 80, "staff_other": 700, "rooms": 60,
        "room_area": 50_000, "seats": 2_000, "computers": 600, "internet": True, "funding": "apbn",
        "services": ["circulation", "reading_room", "reference", "children", "internet", "digital"]}),
    "perpustakaan-ums": ("university", "", "private", None, {
        "parent_institution": "Universitas Muhammadiyah Surakarta", "address": "Jl. A. Yani, Pabelan, Kartasura",
        "latitude": "-7.557600", "longitude": "110.771400", "opening_hours": "Senin-Jumat 07.30-20.00",
        "books_titles": 95_000, "books_copies": 210_000, "serials_titles": 1_200, "serials_copies": 6_000,
        "digital_titles": 40_000, "digital_copies": 40_000, "librarians_lis": 18, "librarians_other": 3,
        "staff_lis": 4, "staff_other": 20, "rooms": 12, "room_area": 6_000, "seats": 900, "computers": 120,
        "internet": True, "funding": "institution", "services": ["circulation", "reading_room", "reference", "internet", "digital"]}),
    "perpustakaan-provinsi-jawa-tengah": ("public", "provincial", "state", None, {
        "address": "Jl. Sriwijaya No. 29A, Semarang", "latitude": "-6.998600", "longitude": "110.430600",
        "books_titles": 160_000, "books_copies": 420_000, "librarians_lis": 45, "staff_other": 60, "seats": 600,
        "computers": 80, "internet": True, "funding": "apbd", "services": ["circulation", "reading_room", "children", "mobile"]}),
    "perpustakaan-provinsi-ntb": ("public", "provincial", "state", None, {
        "address": "Jl. Majapahit No. 6, Mataram", "latitude": "-8.587300", "longitude": "116.098900",
        "books_titles": 80_000, "books_copies": 190_000, "librarians_lis": 22, "staff_other": 35, "seats": 300,
        "computers": 40, "internet": True, "funding": "apbd", "services": ["circulation", "reading_room", "children", "mobile", "literacy"]}),
    "perpustakaan-provinsi-bengkulu": ("public", "provincial", "state", None, {
        "address": "Jl. Mayjen Sutoyo, Tanah Patah, Kota Bengkulu", "latitude": "-3.804500", "longitude": "102.286400",
        "books_titles": 55_000, "books_copies": 130_000, "librarians_lis": 15, "staff_other": 30, "seats": 250,
        "computers": 30, "internet": True, "funding": "apbd", "services": ["circulation", "reading_room", "children"]}),
    "perpustakaan-jakarta": ("public", "provincial", "state", None, {
        "address": "Taman Ismail Marzuki, Jl. Cikini Raya No. 73, Jakarta Pusat", "latitude": "-6.190300",
        "longitude": "106.839000", "books_titles": 120_000, "books_copies": 300_000, "librarians_lis": 40,
        "staff_other": 55, "seats": 800, "computers": 100, "internet": True, "funding": "apbd",
        "services": ["circulation", "reading_room", "children", "internet", "digital", "literacy"]}),
    "perpustakaan-sukoharjo": ("public", "regency", "state", None, {
        "books_titles": 30_000, "books_copies": 70_000, "librarians_lis": 6, "staff_other": 14, "seats": 120,
        "computers": 15, "internet": True, "funding": "apbd", "services": ["circulation", "reading_room", "mobile"]}),
    "perpustakaan-desa-kebon-ayu": ("public", "village", "state", None, {
        "books_titles": 1_400, "books_copies": 2_600, "librarians_other": 1, "staff_other": 2, "rooms": 1, "seats": 20,
        "computers": 2, "internet": True, "funding": "apbdes", "services": ["circulation", "reading_room", "literacy"]}),
    "perpustakaan-sdn-1-kartasura": ("school", "sd", "state", None, {
        "parent_institution": "SD Negeri 1 Kartasura", "books_titles": 2_100, "books_copies": 5_800, "librarians_other": 1,
        "rooms": 1, "seats": 30, "computers": 1, "funding": "apbn", "services": ["circulation", "reading_room"]}),
    "tbm-pelangi-ampenan": ("community", "", "private", None, {
        "books_titles": 900, "books_copies": 1_300, "staff_other": 3, "seats": 15, "funding": "community",
        "services": ["reading_room", "children", "literacy"]}),
    "perpustakaan-pustaka-nusantara": ("special", "company", "private", None, {
        "parent_institution": "PT Pustaka Nusantara Data", "books_titles": 6_000, "books_copies": 7_500,
        "digital_titles": 12_000, "digital_copies": 12_000, "librarians_lis": 2, "seats": 25, "computers": 10,
        "internet": True, "funding": "institution", "services": ["reference", "digital"]}),
}  # fmt: skip
# Listed (no NPP yet) so that a claim can be shown waiting for the office.
LISTED = {"perpustakaan-sdn-1-kartasura", "tbm-pelangi-ampenan"}


def seed_libraries(seed) -> None:
    """Register data for the seed's libraries, then a claim and a new registration awaiting the
    Sukoharjo library office (Proboningsih, library office officer for 33.11)."""
    for key, (library_type, subtype, ownership, village, figures) in LIBRARIES.items():
        organisation = seed.orgs.get(key) or Organisation.objects.filter(slug=key).first()
        if organisation is None or Library.objects.filter(pk=organisation.pk).exists():
            continue
        library_attach(
            actor=seed.actor,
            organisation=organisation,
            library_type=library_type,
            subtype=subtype,
            ownership=ownership,
            region=seed.region(village) if village else None,
            status=Status.LISTED if key in LISTED else Status.REGISTERED,
            **figures,
        )
        seed.created["libraries"] += 1
    librarian = seed.people.get("school-librarian")
    sd = Library.objects.filter(organisation__slug="perpustakaan-sdn-1-kartasura").first()
    if librarian and sd and not Application.objects.filter(library=sd, applicant=librarian).exists():
        application_claim(
            actor=librarian.user, applicant=librarian, library=sd, position="Tenaga Perpustakaan Sekolah"
        )
        seed.created["library applications"] += 1
    if librarian and not Library.objects.filter(name="Perpustakaan Desa Gumpang").exists():
        application_register(
            actor=librarian.user,
            applicant=librarian,
            position="Relawan pengelola",
            evidence="SK Kepala Desa Gumpang tentang pembentukan perpustakaan desa.",
            name="Perpustakaan Desa Gumpang",
            library_type="public",
            subtype="village",
            region=seed.region("33.11.12"),  # Kartasura; the seed loads no village there
            books_titles=600,
            books_copies=900,
            seats=12,
        )
        seed.created["library applications"] += 1
