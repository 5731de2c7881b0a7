"""The session's user is kept in the shared cache between requests (`simpul.people.usercache`); every
change that matters to a signed-in person shows on their next request."""

from django.test import Client
from django.urls import reverse

from simpul.organisations import services as organisation_services
from simpul.organisations.models import Role, RoleAssignment
from simpul.people import services
from simpul.people.models import Person

PROFILE = reverse("people:profile")
ROLES_LINK = f'href="{reverse("organisations:roles")}"'


def _signed_in_elsewhere(user) -> Client:
    other = Client()
    other.force_login(user)
    return other


def test_a_second_request_does_not_load_the_user_again(as_user, member_user, django_assert_num_queries):
    client = as_user(member_user)
    client.get(PROFILE)
    with django_assert_num_queries(2):  # education and employment; no user row
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


def test_a_granted_or_revoked_role_shows_in_the_menu_at_once(as_user, member_user, ipi):
    client = as_user(member_user)
    assert ROLES_LINK not in client.get(PROFILE).content.decode()
    person = Person.objects.get(user=member_user)
    assignment = organisation_services.role_grant(
        actor=None, person=person, role=Role.ASSOCIATION_OFFICER, organisation=ipi["jateng"]
    )
    assert ROLES_LINK in client.get(PROFILE).content.decode()
    organisation_services.role_revoke(actor=None, assignment=RoleAssignment.objects.get(pk=assignment.pk))
    assert ROLES_LINK not in client.get(PROFILE).content.decode()
