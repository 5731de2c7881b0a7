import pytest
from django.core.management import call_command
from django.urls import reverse

from simpul.core.models import AuditEntry
from simpul.demo import seed as demo_seed
from simpul.organisations.models import Employment, Organisation, Role, RoleAssignment
from simpul.people.models import Education, Person, User

pytestmark = pytest.mark.django_db

NAMED_ORGANISATIONS = [
    "Ikatan Pustakawan Indonesia",
    "IPI Provinsi Jawa Tengah",
    "IPI Kabupaten Sukoharjo",
    "IPI Provinsi Nusa Tenggara Barat",
    "Forum Perpustakaan Perguruan Tinggi Indonesia",
    "Ikatan Sarjana Ilmu Perpustakaan dan Informasi Indonesia",
    "Perpustakaan Nasional Republik Indonesia",
    "Lembaga Sertifikasi Profesi Pustakawan",
    "Perpustakaan Universitas Muhammadiyah Surakarta",
    "Dinas Perpustakaan dan Kearsipan Provinsi DKI Jakarta",
    "Dinas Perpustakaan dan Kearsipan Provinsi Bengkulu",
    "Dinas Perpustakaan dan Kearsipan Provinsi Nusa Tenggara Barat",
    "Dinas Perpustakaan dan Kearsipan Kabupaten Sukoharjo",
]


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, Person, User, Employment, Education, RoleAssignment, AuditEntry)
    }


def test_seed_run_twice_adds_nothing_the_second_time(seed_regions):
    demo_seed.run()
    first = _counts()
    again = demo_seed.run()
    assert _counts() == first
    assert not again.created


def test_seed_creates_the_organisations_of_the_stories(seed_regions):
    demo_seed.run()
    names = set(Organisation.objects.values_list("name", flat=True))
    assert set(NAMED_ORGANISATIONS) <= names
    sukoharjo = Organisation.objects.get(name="IPI Kabupaten Sukoharjo")
    assert sukoharjo.parent.name == "IPI Provinsi Jawa Tengah"
    assert sukoharjo.path.startswith(Organisation.objects.get(short_name="IPI").path)
    assert Organisation.objects.get(short_name="Perpustakaan UMS").region_id == "33.11"


def test_every_role_is_held_by_someone(seed_regions):
    demo_seed.run()
    held = set(RoleAssignment.objects.values_list("role", flat=True))
    assert held == set(Role.values)


def test_people_of_the_stories_keep_their_titles_and_scopes(seed_regions):
    demo_seed.run()
    tunardi = Person.objects.get(full_name="Tunardi")
    assert tunardi.display_name == "Tunardi, SE."
    assert tunardi.roles.get(role=Role.ASSOCIATION_OFFICER).organisation.name == "IPI Kabupaten Sukoharjo"
    head = Person.objects.get(full_name="Proboningsih Dwi Danarti")
    assert head.display_name == "Ir. Proboningsih Dwi Danarti"
    assert head.roles.get(role=Role.LIBRARY_OFFICER).region_id == "33.11"
    assert Person.objects.get(full_name="Meri Sasdi").display_name == "H. Meri Sasdi, M.Pd"
    assert (
        Person.objects.get(full_name="Firmansyah").employment.get().organisation.short_name
        == "Dispusip DKI Jakarta"
    )
    assert Education.objects.filter(person__full_name="Bambang Supriyanto", is_library_science=True).exists()


def test_seed_writes_are_audited(seed_regions):
    demo_seed.run()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"organisation.create", "person.create", "user.create", "role.grant", "employment.add"} <= actions


def test_every_demo_login_signs_in_through_the_login_form(client, seed_regions):
    seed = demo_seed.run()
    assert len({login.email for login in seed.logins}) >= 9
    for login in seed.logins:
        response = client.post(
            reverse("account_login"), {"login": login.email, "password": demo_seed.DEMO_PASSWORD}
        )
        assert response.status_code == 302, login.email
        assert client.get(reverse("people:profile")).status_code == 200
        client.logout()


def test_seed_command_prints_the_logins(seed_regions, capsys):
    call_command("seed")
    out = capsys.readouterr().out
    assert "tunardi@simpul.test" in out
    assert demo_seed.DEMO_PASSWORD in out
    # what every app's seed added, not only the base records
    holdings = next(line for line in out.splitlines() if line.startswith("Isi basis data:"))
    counts = {
        what: int(n.replace(".", ""))
        for n, what in (
            part.split(" ", 1) for part in holdings.removeprefix("Isi basis data: ").rstrip(".").split(", ")
        )
    }
    assert counts["kegiatan"] > 0 and counts["pendaftaran kegiatan"] > counts["kegiatan"]
    assert counts["permohonan sertifikasi"] > 0 and counts["laporan program"] > 0
    assert counts["item repositori"] > 0


def test_seed_refuses_without_regions(db):
    with pytest.raises(demo_seed.SeedError):
        demo_seed.run()


def test_demo_admin_opens_the_back_office(client, seed_regions):
    demo_seed.run()
    client.post(reverse("account_login"), {"login": "admin@simpul.test", "password": demo_seed.DEMO_PASSWORD})
    assert client.get(reverse("admin:index")).status_code == 200
