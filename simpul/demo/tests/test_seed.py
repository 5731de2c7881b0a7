import pytest
from django.urls import reverse

from simpul.core.models import AuditEntry
from simpul.demo import seed as demo_seed
from simpul.organisations.models import Employment, Organisation, Role, RoleAssignment
from simpul.people.models import Education, Person, User

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-seed")]

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


def test_seed_run_twice_adds_nothing_the_second_time(seeded):
    first = _counts()
    again = demo_seed.run()
    assert _counts() == first
    assert not again.created


def test_seed_creates_the_organisations_of_the_stories(seeded):
    names = set(Organisation.objects.values_list("name", flat=True))
    assert set(NAMED_ORGANISATIONS) <= names
    sukoharjo = Organisation.objects.get(name="IPI Kabupaten Sukoharjo")
    assert sukoharjo.parent.name == "IPI Provinsi Jawa Tengah"
    assert sukoharjo.path.startswith(Organisation.objects.get(short_name="IPI").path)
    assert Organisation.objects.get(short_name="Perpustakaan UMS").region_id == "33.11"


def test_every_role_is_held_by_someone(seeded):
    held = set(RoleAssignment.objects.values_list("role", flat=True))
    assert held == set(Role.values)


def test_people_of_the_stories_keep_their_titles_and_scopes(seeded):
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


def test_seed_writes_are_audited(seeded):
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"organisation.create", "person.create", "user.create", "role.grant", "employment.add"} <= actions


def test_every_demo_login_signs_in_through_the_login_form(client, seeded):
    assert len({login.email for login in seeded.logins}) >= 9
    for login in seeded.logins:
        response = client.post(
            reverse("account_login"), {"login": login.email, "password": demo_seed.DEMO_PASSWORD}
        )
        assert response.status_code == 302, login.email
        assert client.get(reverse("people:profile")).status_code == 200
        client.logout()


def test_demo_admin_opens_the_back_office(client, seeded):
    client.post(reverse("account_login"), {"login": "admin@simpul.test", "password": demo_seed.DEMO_PASSWORD})
    assert client.get(reverse("admin:index")).status_code == 200
