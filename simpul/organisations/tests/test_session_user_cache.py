"""The session's cached user and history rows (`simpul.people.usercache`) follow role and job changes
at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.organisations import services
from simpul.organisations.models import Role, RoleAssignment
from simpul.people.models import Person

PROFILE = reverse("people:profile")
ROLES_LINK = f'href="{reverse("organisations:roles")}"'


def test_a_granted_or_revoked_role_shows_in_the_menu_at_once(as_user, member_user, ipi):
    client = as_user(member_user)
    assert ROLES_LINK not in client.get(PROFILE).content.decode()
    person = Person.objects.get(user=member_user)
    assignment = services.role_grant(
        actor=None, person=person, role=Role.ASSOCIATION_OFFICER, organisation=ipi["jateng"]
    )
    assert ROLES_LINK in client.get(PROFILE).content.decode()
    services.role_revoke(actor=None, assignment=RoleAssignment.objects.get(pk=assignment.pk))
    assert ROLES_LINK not in client.get(PROFILE).content.decode()


def test_a_job_added_shows_at_once(as_user, member_user, ipi):
    client = as_user(member_user)
    assert "Pustakawan Ahli Muda" not in client.get(PROFILE).content.decode()
    person = Person.objects.get(user=member_user)
    services.employment_add(
        actor=member_user, person=person, position="Pustakawan Ahli Muda", organisation=ipi["jateng"]
    )
    assert "Pustakawan Ahli Muda" in client.get(PROFILE).content.decode()


def test_a_role_holders_next_page_reads_neither_the_user_nor_the_roles(as_user, officer_user):
    client = as_user(officer_user)
    first = client.get(PROFILE).content.decode()
    assert ROLES_LINK in first
    with CaptureQueriesContext(connection) as queries:
        again = client.get(PROFILE).content.decode()
    assert ROLES_LINK in again
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "people_user" not in read
    # the page itself lists the roles in force (one query); the menu's lookup reads nothing
    assert len(queries.captured_queries) == 1
