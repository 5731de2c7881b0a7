"""The Django admin as back office, scoped by roles; its writes go through the services."""

import pytest
from django.urls import reverse

from simpul.core.models import AuditEntry
from simpul.organisations.models import Role, RoleAssignment
from simpul.organisations.services import employment_add
from simpul.people.models import User
from simpul.people.services import person_update
from simpul.testing import factories

NIK = "3311125507900001"


@pytest.fixture
def staff_officer(officer_user):
    officer_user.is_staff = True
    officer_user.save(update_fields=["is_staff"])
    return officer_user


def test_non_staff_are_sent_to_the_admin_login(as_user, member_user):
    response = as_user(member_user).get(reverse("admin:organisations_organisation_changelist"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_staff_officer_sees_only_organisations_under_their_chapter(as_user, staff_officer, ipi):
    response = as_user(staff_officer).get(reverse("admin:organisations_organisation_changelist"))
    assert response.status_code == 200
    shown = set(response.context["cl"].result_list)
    assert shown == {ipi["jateng"], ipi["sukoharjo"]}


def test_staff_officer_cannot_open_an_organisation_outside_their_scope(as_user, staff_officer, ipi):
    client = as_user(staff_officer)
    url = reverse("admin:organisations_organisation_change", args=[ipi["ntb"].pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:organisations_organisation_add")).status_code == 403


def test_staff_officer_edits_an_organisation_in_scope_through_the_service(as_user, staff_officer, ipi):
    sukoharjo = ipi["sukoharjo"]
    url = reverse("admin:organisations_organisation_change", args=[sukoharjo.pk])
    data = {
        "name": "IPI Sukoharjo",
        "short_name": "",
        "address": "Jl. Slamet Riyadi",
        "website": "",
        "email": "",
        "phone": "0271 593156",
        "description": "",
        "is_active": "on",
        "region": "33.11",
    }
    response = as_user(staff_officer).post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    sukoharjo.refresh_from_db()
    assert sukoharjo.name == "IPI Sukoharjo" and sukoharjo.parent == ipi["jateng"]
    entry = AuditEntry.objects.filter(action="organisation.update").latest("id")
    assert entry.actor == staff_officer and entry.changes["fields"]["name"][1] == "IPI Sukoharjo"


def test_staff_officer_sees_people_employed_or_holding_roles_in_scope(
    as_user, staff_officer, ipi, member_user, outsider_user
):
    employment_add(
        actor=None, person=member_user.person, position="Pustakawan", organisation=ipi["sukoharjo"]
    )
    employment_add(actor=None, person=outsider_user.person, position="Pustakawan", organisation=ipi["ntb"])
    response = as_user(staff_officer).get(reverse("admin:people_person_changelist"))
    shown = set(response.context["cl"].result_list)
    assert member_user.person in shown and staff_officer.person in shown
    assert outsider_user.person not in shown


def test_person_admin_never_shows_the_nik_in_clear(as_user, admin_user, member_user):
    person_update(actor=None, person=member_user.person, nik=NIK)
    client = as_user(admin_user)
    html = client.get(reverse("admin:people_person_change", args=[member_user.person.pk])).content.decode()
    assert NIK not in html and "33**********0001" in html
    html = client.get(reverse("admin:people_person_changelist")).content.decode()
    assert NIK not in html


def test_site_admin_changes_a_person_through_the_service(as_user, admin_user, member_user):
    person = member_user.person
    url = reverse("admin:people_person_change", args=[person.pk])
    data = {
        "full_name": "Sri Wahyuni",
        "title_prefix": "",
        "title_suffix": "S.Hum.",
        "nip": "",
        "phone": "0812-3456-7890",
        "region": "",
        "birth_date": "",
        "gender": "",
    }
    response = as_user(admin_user).post(url, data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "+6281234567890" and person.title_suffix == "S.Hum."
    assert AuditEntry.objects.filter(action="person.update", actor=admin_user).exists()


def test_site_admin_adds_a_user_with_a_person(as_user, admin_user):
    response = as_user(admin_user).post(
        reverse("admin:people_user_add"), {"email": "baru@example.org", "full_name": "Pustakawan Baru"}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="user.create").exists()
    assert User.objects.get(email="baru@example.org").person.full_name == "Pustakawan Baru"


def test_staff_officer_grants_roles_in_scope_only(as_user, staff_officer, ipi, member_user):
    client = as_user(staff_officer)
    url = reverse("admin:organisations_roleassignment_add")
    outside = {
        "person": member_user.person.pk,
        "role": Role.ASSOCIATION_OFFICER,
        "organisation": ipi["ntb"].pk,
    }
    response = client.post(url, outside)
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(person=member_user.person).exists()
    inside = {**outside, "organisation": ipi["sukoharjo"].pk}
    assert client.post(url, inside).status_code == 302
    assert RoleAssignment.objects.get(person=member_user.person).organisation == ipi["sukoharjo"]


def test_revoking_in_the_admin_is_audited(as_user, admin_user, member_user, ipi):
    assignment = factories.grant(member_user.person, Role.ASSESSOR, organisation=ipi["ntb"])
    url = reverse("admin:organisations_roleassignment_delete", args=[assignment.pk])
    assert as_user(admin_user).post(url, {"post": "yes"}).status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEntry.objects.filter(action="role.revoke", object_id=str(assignment.pk)).exists()


def test_audit_entries_are_read_only_in_the_admin(as_user, ipi):
    superuser = factories.UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client = as_user(superuser)
    entry = AuditEntry.objects.first()
    assert client.get(reverse("admin:core_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditentry_add")).status_code == 403
    assert client.get(reverse("admin:core_auditentry_delete", args=[entry.pk])).status_code == 403
