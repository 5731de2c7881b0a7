import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from simpul.core.models import AuditEntry
from simpul.people import services
from simpul.people.models import Education, Person, User
from simpul.testing import factories

NIK = "3311125507900001"  # Kartasura, Sukoharjo; a woman born 15 July 1990
OTHER_NIK = "5271011203850002"
NIP = "198503122010012001"


@pytest.fixture
def person(db):
    return factories.PersonFactory(full_name="Sri Wahyuni")


def test_person_create_normalises_name_phone_and_nip(db):
    person = services.person_create(
        actor=None,
        full_name="  Sitti   Rohmi  Djalilah ",
        phone="0812-3456-7890",
        nip="1985 0312 2010 01 2 001",
    )
    assert person.full_name == "Sitti Rohmi Djalilah"
    assert person.phone == "+6281234567890"
    assert person.nip == NIP


def test_person_create_accepts_a_single_name(db):
    assert services.person_create(actor=None, full_name="Tunardi").display_name == "Tunardi"


def test_display_name_puts_titles_around_the_name(db):
    person = services.person_create(
        actor=None, full_name="Sitti Rohmi Djalilah", title_prefix="Dr. Ir. Hj.", title_suffix="M.Pd"
    )
    assert person.display_name == "Dr. Ir. Hj. Sitti Rohmi Djalilah, M.Pd"


def test_nik_is_encrypted_at_rest_and_shown_masked(db):
    person = services.person_create(actor=None, full_name="Sri", nik=NIK)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nik_encrypted, nik_digest, nik_masked FROM people_person WHERE id = %s", [person.pk]
        )
        encrypted, digest, masked = cursor.fetchone()
    assert NIK not in encrypted and NIK not in digest
    assert masked == "33**********0001"
    assert Person.objects.get(pk=person.pk).nik_clear() == NIK


def test_nik_never_enters_the_audit_trail(db):
    person = services.person_create(actor=None, full_name="Sri", nik=NIK)
    entry = AuditEntry.objects.get(action="person.create", object_id=str(person.pk))
    assert NIK not in str(entry.changes)


def test_duplicate_nik_is_refused(db):
    services.person_create(actor=None, full_name="Sri", nik=NIK)
    with pytest.raises(ValidationError) as error:
        services.person_create(actor=None, full_name="Someone else", nik=NIK)
    assert "nik" in error.value.message_dict


def test_invalid_identifiers_are_refused_at_their_fields(db):
    with pytest.raises(ValidationError) as error:
        services.person_create(actor=None, full_name="Sri", nik="1234", nip="12", phone="abc")
    assert set(error.value.message_dict) == {"nik", "nip", "phone"}


def test_person_update_keeps_nik_when_none_and_removes_it_when_empty(person):
    services.person_update(actor=None, person=person, nik=NIK)
    services.person_update(actor=None, person=person, full_name="Sri Wahyuni Rahayu")
    person.refresh_from_db()
    assert person.has_nik and person.full_name == "Sri Wahyuni Rahayu"
    services.person_update(actor=None, person=person, nik="")
    person.refresh_from_db()
    assert not person.has_nik and person.nik_masked == "" and person.nik_digest is None


def test_person_update_records_before_and_after(person):
    services.person_update(actor=person.user, person=person, phone="081234567890")
    entry = AuditEntry.objects.filter(action="person.update").latest("id")
    assert entry.actor == person.user
    assert entry.changes["fields"]["phone"] == ["", "+6281234567890"]


def test_person_update_refuses_fields_it_does_not_own(person):
    with pytest.raises(TypeError):
        services.person_update(actor=None, person=person, user=None)


def test_user_create_makes_the_person_too(db):
    user = services.user_create(
        actor=None, email="Sri@Example.org", password="correct horse battery", full_name="Sri Wahyuni"
    )
    assert user.email == "sri@example.org"
    assert user.person.full_name == "Sri Wahyuni"
    assert user.check_password("correct horse battery")


def test_user_create_refuses_a_duplicate_email_in_any_case(db):
    services.user_create(actor=None, email="sri@example.org", password=None, full_name="Sri")
    with pytest.raises(ValidationError) as error:
        services.user_create(actor=None, email="SRI@example.org", password=None, full_name="Sri 2")
    assert "email" in error.value.message_dict
    assert User.objects.count() == 1


def test_database_refuses_two_users_whose_emails_differ_only_by_case(db):
    User.objects.create(email="sri@example.org")
    with pytest.raises(IntegrityError):
        User.objects.create(email="SRI@example.org")


def test_user_create_can_mark_the_address_verified(db):
    user = services.user_create(
        actor=None, email="demo@example.org", password="x" * 12, full_name="Demo", email_verified=True
    )
    assert user.emailaddress_set.get().verified


def test_user_update_opens_the_back_office(db):
    user = services.user_create(actor=None, email="staff@example.org", password=None, full_name="Staff")
    services.user_update(actor=None, user=user, is_staff=True)
    user.refresh_from_db()
    assert user.is_staff
    assert AuditEntry.objects.filter(action="user.update", object_id=str(user.pk)).exists()


def test_education_add_update_and_remove_are_audited(person):
    education = services.education_add(
        actor=None,
        person=person,
        level="S1",
        institution="Universitas Indonesia",
        major="Ilmu Perpustakaan",
        is_library_science=True,
        graduation_year=2010,
    )
    services.education_update(actor=None, education=education, graduation_year=2011)
    education.refresh_from_db()
    assert education.graduation_year == 2011
    services.education_remove(actor=None, education=education)
    assert not Education.objects.exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"education.add", "education.update", "education.remove"} <= actions


def test_education_refuses_an_implausible_year(person):
    with pytest.raises(ValidationError):
        services.education_add(actor=None, person=person, level="S1", institution="UI", graduation_year=1800)


def test_person_for_signup_uses_the_name_typed(db):
    user = User.objects.create_user(email="new@example.org", password="x" * 12)
    assert services.person_for_signup(user, full_name=" Ayu  Lestari ").full_name == "Ayu Lestari"
