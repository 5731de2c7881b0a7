"""The profile a person edits themselves; another person's rows are not found."""

import pytest
from django.urls import reverse

from simpul.people import services
from simpul.people.models import Education, Person

NIK = "3311125507900001"


def _edit_data(**overrides):
    data = {
        "full_name": "Sri Wahyuni",
        "title_prefix": "",
        "title_suffix": "S.IP.",
        "nik": "",
        "nip": "",
        "phone": "",
        "region": "",
        "birth_date": "",
        "gender": "",
    }
    data.update(overrides)
    return data


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("people:profile"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_member_sees_their_own_profile(as_user, member_user):
    response = as_user(member_user).get(reverse("people:profile"))
    assert response.status_code == 200
    assert "Sri Wahyuni" in response.content.decode()


def test_member_edits_name_titles_phone_and_region(as_user, member_user, regions):
    client = as_user(member_user)
    response = client.post(
        reverse("people:profile_edit"),
        _edit_data(phone="0812 3456 7890", region="33.11", gender="F", birth_date="1990-07-15"),
    )
    assert response.status_code == 302
    person = Person.objects.get(user=member_user)
    assert person.display_name == "Sri Wahyuni, S.IP."
    assert person.phone == "+6281234567890"
    assert person.region_id == "33.11"
    assert person.gender == "F"


def test_saved_nik_is_shown_masked_and_never_in_clear(as_user, member_user):
    client = as_user(member_user)
    client.post(reverse("people:profile_edit"), _edit_data(nik=NIK))
    for name in ("people:profile", "people:profile_edit"):
        html = client.get(reverse(name)).content.decode()
        assert NIK not in html
        assert "33**********0001" in html


def test_empty_nik_input_keeps_the_saved_nik(as_user, member_user):
    client = as_user(member_user)
    client.post(reverse("people:profile_edit"), _edit_data(nik=NIK))
    client.post(reverse("people:profile_edit"), _edit_data(full_name="Sri W."))
    person = Person.objects.get(user=member_user)
    assert person.full_name == "Sri W." and person.nik_clear() == NIK


def test_remove_checkbox_removes_the_nik(as_user, member_user):
    client = as_user(member_user)
    client.post(reverse("people:profile_edit"), _edit_data(nik=NIK))
    client.post(reverse("people:profile_edit"), _edit_data(remove_nik="on"))
    assert not Person.objects.get(user=member_user).has_nik


@pytest.mark.parametrize(
    ("field", "value"),
    [("nik", "1234"), ("nik", "3311129907900001"), ("nip", "12345"), ("phone", "12"), ("region", "99.99")],
)
def test_invalid_input_is_refused_at_its_field(as_user, member_user, regions, field, value):
    response = as_user(member_user).post(reverse("people:profile_edit"), _edit_data(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html


def test_nik_of_another_person_is_refused_at_the_field(as_user, member_user, outsider_user):
    services.person_update(actor=None, person=outsider_user.person, nik=NIK)
    response = as_user(member_user).post(reverse("people:profile_edit"), _edit_data(nik=NIK))
    assert 'id="id_nik_error"' in response.content.decode()
    assert not Person.objects.get(user=member_user).has_nik


def test_member_adds_and_removes_education(as_user, member_user):
    client = as_user(member_user)
    response = client.post(
        reverse("people:education_add"),
        {
            "level": "S1",
            "institution": "Universitas Indonesia",
            "major": "Ilmu Perpustakaan",
            "is_library_science": "on",
            "graduation_year": "2010",
        },
    )
    assert response.status_code == 302
    education = Education.objects.get(person__user=member_user)
    assert education.is_library_science
    assert "Universitas Indonesia" in client.get(reverse("people:profile")).content.decode()
    client.post(
        reverse("people:education_edit", args=[education.pk]),
        {"level": "S2", "institution": "Universitas Indonesia", "major": "", "graduation_year": "2014"},
    )
    education.refresh_from_db()
    assert education.level == "S2" and not education.is_library_science
    client.post(reverse("people:education_remove", args=[education.pk]))
    assert not Education.objects.exists()


def test_education_with_an_implausible_year_is_refused(as_user, member_user):
    response = as_user(member_user).post(
        reverse("people:education_add"), {"level": "S1", "institution": "UI", "graduation_year": "1800"}
    )
    assert response.status_code == 200
    assert 'id="id_graduation_year_error"' in response.content.decode()


def test_another_persons_education_is_not_found(as_user, member_user, outsider_user):
    theirs = services.education_add(actor=None, person=outsider_user.person, level="S1", institution="UNS")
    client = as_user(member_user)
    assert client.get(reverse("people:education_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("people:education_remove", args=[theirs.pk])).status_code == 404
    assert Education.objects.filter(pk=theirs.pk).exists()


def test_removing_education_needs_a_post(as_user, member_user):
    mine = services.education_add(actor=None, person=member_user.person, level="S1", institution="UNS")
    assert as_user(member_user).get(reverse("people:education_remove", args=[mine.pk])).status_code == 405


def test_profile_lists_roles_of_an_officer(as_user, officer_user):
    html = as_user(officer_user).get(reverse("people:profile")).content.decode()
    assert "<li>association officer — IPI Jawa Tengah</li>" in html


def test_profile_names_roles_in_the_visitors_language(client, officer_user):
    client.force_login(officer_user)
    client.cookies["django_language"] = "id"
    html = client.get(reverse("people:profile")).content.decode()
    assert "<li>pengurus asosiasi — IPI Jawa Tengah</li>" in html


def test_profile_of_someone_without_roles_reads_no_role_list(
    as_user, member_user, django_assert_max_num_queries
):
    client = as_user(member_user)
    client.get(reverse("people:profile"))  # the person record exists from here on
    # the user with its person and "has no role row" (simpul.organisations.backends), education,
    # employment: the session comes from the cache (cached_db), no role query, no person query
    with django_assert_max_num_queries(3):
        html = client.get(reverse("people:profile")).content.decode()
    assert "My roles" not in html
