"""The session's user and the person's history rows are kept in the shared cache between requests (`simpul.people.usercache`); every
change that matters to a signed-in person shows on their next request."""

from django.test import Client
from django.urls import reverse

from simpul.people import services, usercache
from simpul.people.models import Person, User

PROFILE = reverse("people:profile")


def _signed_in_elsewhere(user) -> Client:
    other = Client()
    other.force_login(user)
    return other


def test_a_second_visit_to_the_profile_reads_nothing(as_user, member_user, django_assert_num_queries):
    client = as_user(member_user)
    client.get(PROFILE)
    with django_assert_num_queries(0):  # no user row, no education, no employment
        assert "Sri Wahyuni" in client.get(PROFILE).content.decode()


def test_a_deactivated_user_is_signed_out_at_once(as_user, member_user):
    client = as_user(member_user)
    assert client.get(PROFILE).status_code == 200
    member_user.is_active = False
    member_user.save(update_fields=["is_active"])
    response = client.get(PROFILE)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_new_password_ends_the_other_sessions_at_once(as_user, member_user):
    elsewhere = _signed_in_elsewhere(member_user)
    assert elsewhere.get(PROFILE).status_code == 200
    member_user.set_password("kata-sandi-baru-yang-panjang")
    member_user.save()
    assert elsewhere.get(PROFILE).status_code == 302


def test_a_changed_name_shows_at_once(as_user, member_user):
    client = as_user(member_user)
    client.get(PROFILE)
    person = Person.objects.get(user=member_user)
    services.person_update(actor=member_user, person=person, full_name="Sri Wahyuningsih")
    assert "Sri Wahyuningsih" in client.get(PROFILE).content.decode()


def test_education_added_or_removed_shows_at_once(as_user, member_user):
    client = as_user(member_user)
    assert "Universitas Terbuka" not in client.get(PROFILE).content.decode()
    person = Person.objects.get(user=member_user)
    row = services.education_add(
        actor=member_user,
        person=person,
        level="S1",
        institution="Universitas Terbuka",
        major="Ilmu Perpustakaan",
    )
    assert "Universitas Terbuka" in client.get(PROFILE).content.decode()
    services.education_remove(actor=member_user, education=row)
    assert "Universitas Terbuka" not in client.get(PROFILE).content.decode()


def test_a_row_read_before_a_write_is_never_served_after_it(member_user):
    # A slow request reads the version, then the row; a deactivation commits; then it stores the row.
    version = usercache.version(member_user.pk)
    stale = User.objects.get(pk=member_user.pk)
    member_user.is_active = False
    member_user.save(update_fields=["is_active"])
    usercache.put(stale, version)
    assert usercache.get(member_user.pk, usercache.version(member_user.pk)) is None


def test_each_request_gets_its_own_copy_of_the_kept_user(member_user):
    version = usercache.version(member_user.pk)
    usercache.put(User.objects.select_related("person").get(pk=member_user.pk), version)
    first = usercache.get(member_user.pk, version)
    first.person.full_name = "Changed in one request only"
    first.is_staff = True
    second = usercache.get(member_user.pk, version)
    assert second is not first
    assert second.person.full_name == "Sri Wahyuni" and second.is_staff is False


def test_a_write_in_another_process_shows_at_once(as_user, member_user):
    # The process keeps the row it served; another process's write renews the shared version only.
    client = as_user(member_user)
    assert client.get(PROFILE).status_code == 200
    User.objects.filter(pk=member_user.pk).update(is_active=False)  # written without this process's receivers
    usercache.forget(member_user.pk)  # what the other process's receiver does to the shared cache
    assert client.get(PROFILE).status_code == 302
