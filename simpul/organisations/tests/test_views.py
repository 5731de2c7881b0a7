"""Organisation pages, employment on the profile, the roles page and the audit trail, per persona."""

import pytest
from django.urls import reverse

from simpul.core.models import AuditEntry
from simpul.organisations import services
from simpul.organisations.models import Employment, Kind, Role, RoleAssignment
from simpul.testing import factories


@pytest.fixture
def libraries(regions, ipi):
    return {
        "ums": factories.OrganisationFactory(
            name="Perpustakaan Universitas Muhammadiyah Surakarta",
            kind=Kind.UNIVERSITY,
            region=regions["33.11.12"],
        ),
        "mataram": factories.OrganisationFactory(name="Perpustakaan Kota Mataram", region=regions["52.71"]),
    }


# --- The directory -----------------------------------------------------------------------------
def test_anyone_sees_the_organisation_list(client, libraries):
    html = client.get(reverse("organisations:list")).content.decode()
    assert "Perpustakaan Kota Mataram" in html and "IPI Jawa Tengah" in html


def test_list_filters_by_kind(client, libraries):
    html = client.get(reverse("organisations:list"), {"kind": "chapter"}).content.decode()
    assert "IPI Jawa Tengah" in html and "Perpustakaan Kota Mataram" not in html


def test_list_filters_by_region_code_prefix(client, libraries):
    html = client.get(reverse("organisations:list"), {"region": "33"}).content.decode()
    assert "Universitas Muhammadiyah Surakarta" in html and "IPI Jawa Tengah" in html
    assert "Mataram" not in html and "Nusa Tenggara" not in html


def test_list_searches_by_name(client, libraries):
    html = client.get(reverse("organisations:list"), {"q": "muhammadiyah"}).content.decode()
    assert "Universitas Muhammadiyah Surakarta" in html and "IPI Jawa Tengah" not in html


def test_list_is_paginated(client, db):
    for n in range(30):
        factories.OrganisationFactory(name=f"Perpustakaan Desa {n:02d}")
    first = client.get(reverse("organisations:list")).content.decode()
    second = client.get(reverse("organisations:list"), {"page": 2}).content.decode()
    assert "Perpustakaan Desa 00" in first and "Perpustakaan Desa 29" not in first
    assert "Perpustakaan Desa 29" in second


def test_list_says_so_when_nothing_matches(client, db):
    response = client.get(reverse("organisations:list"), {"q": "tidak ada"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "No organisations match." in response.content.decode()


def test_detail_shows_kind_parent_children_and_region_path(client, ipi):
    response = client.get(reverse("organisations:detail", args=[ipi["jateng"].slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ikatan Pustakawan Indonesia" in html  # parent
    assert "IPI Kabupaten Sukoharjo" in html  # child
    assert "Jawa Tengah" in html


def test_detail_of_a_region_shows_its_whole_path(client, libraries):
    html = client.get(reverse("organisations:detail", args=[libraries["ums"].slug])).content.decode()
    assert "Jawa Tengah › Kabupaten Sukoharjo › Kartasura" in html


def test_unknown_or_inactive_organisation_is_not_found(client, ipi):
    closed = factories.OrganisationFactory(name="Perpustakaan Tutup", is_active=False)
    assert client.get(reverse("organisations:detail", args=["no-such"])).status_code == 404
    assert client.get(reverse("organisations:detail", args=[closed.slug])).status_code == 404


def test_suggestions_list_matching_organisations(client, libraries):
    response = client.get(
        reverse("organisations:search"), {"field": "organisation", "organisation": "mataram"}
    )
    assert response.status_code == 200
    assert f'value="Perpustakaan Kota Mataram [{libraries["mataram"].slug}]"' in response.content.decode()


# --- Employment on one's own profile -----------------------------------------------------------
def test_member_adds_employment_at_an_organisation_in_simpul(as_user, member_user, libraries):
    client = as_user(member_user)
    ums = libraries["ums"]
    response = client.post(
        reverse("organisations:employment_add"),
        {
            "organisation": f"{ums.name} [{ums.slug}]",
            "position": "Pustakawan Ahli Muda",
            "start_date": "2015-03-01",
        },
    )
    assert response.status_code == 302
    job = Employment.objects.get(person__user=member_user)
    assert job.organisation == ums
    assert ums.name in client.get(reverse("people:profile")).content.decode()


def test_member_adds_employment_by_exact_name_or_typed_name(as_user, member_user, libraries):
    client = as_user(member_user)
    client.post(
        reverse("organisations:employment_add"),
        {"organisation": "perpustakaan kota mataram", "position": "Pustakawan"},
    )
    client.post(
        reverse("organisations:employment_add"),
        {"organisation_name": "Perpustakaan SD Negeri 1 Kartasura", "position": "Guru pustakawan"},
    )
    jobs = {j.employer_name for j in Employment.objects.filter(person__user=member_user)}
    assert jobs == {"Perpustakaan Kota Mataram", "Perpustakaan SD Negeri 1 Kartasura"}


def test_employment_form_errors_are_at_their_fields(as_user, member_user, libraries):
    client = as_user(member_user)
    html = client.post(
        reverse("organisations:employment_add"),
        {
            "organisation": "Perpustakaan Tidak Dikenal",
            "position": "",
            "start_date": "2020-01-01",
            "end_date": "2019-01-01",
        },
    ).content.decode()
    for field in ("organisation", "position", "end_date"):
        assert f'id="id_{field}_error"' in html
    assert not Employment.objects.exists()


def test_member_edits_and_removes_employment(as_user, member_user, libraries):
    client = as_user(member_user)
    job = services.employment_add(
        actor=None, person=member_user.person, position="Pustakawan", organisation=libraries["ums"]
    )
    assert client.get(reverse("organisations:employment_edit", args=[job.pk])).status_code == 200
    client.post(
        reverse("organisations:employment_edit", args=[job.pk]),
        {"organisation": libraries["ums"].slug, "position": "Kepala Perpustakaan", "end_date": "2024-12-31"},
    )
    job.refresh_from_db()
    assert job.position == "Kepala Perpustakaan" and not job.is_current
    client.post(reverse("organisations:employment_remove", args=[job.pk]))
    assert not Employment.objects.exists()


def test_another_persons_employment_is_not_found(as_user, member_user, outsider_user):
    theirs = services.employment_add(
        actor=None, person=outsider_user.person, position="Pustakawan", organisation_name="Perpustakaan Lain"
    )
    client = as_user(member_user)
    assert client.get(reverse("organisations:employment_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("organisations:employment_remove", args=[theirs.pk])).status_code == 404
    assert Employment.objects.filter(pk=theirs.pk).exists()


def test_anonymous_visitor_cannot_add_employment(client, db):
    response = client.get(reverse("organisations:employment_add"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


# --- Roles -----------------------------------------------------------------------------------
def _grant(client, email, role, organisation="", region=""):
    return client.post(
        reverse("organisations:roles"),
        {"email": email, "role": role, "organisation": organisation, "region": region},
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("member_user", 403), ("outsider_user", 403), ("officer_user", 200), ("admin_user", 200)],
)
def test_roles_page_per_persona(request, as_user, ipi, persona, status):
    user = request.getfixturevalue(persona)
    assert as_user(user).get(reverse("organisations:roles")).status_code == status


def test_officer_sees_who_holds_roles_in_their_chapters_only(
    as_user, officer_user, ipi, member_user, outsider_user
):
    factories.grant(member_user.person, Role.ASSOCIATION_OFFICER, organisation=ipi["sukoharjo"])
    factories.grant(outsider_user.person, Role.ASSOCIATION_OFFICER, organisation=ipi["ntb"])
    html = as_user(officer_user).get(reverse("organisations:roles")).content.decode()
    assert "Sri Wahyuni" in html and "Orang Luar" not in html


def test_officer_grants_an_officer_role_on_a_chapter_under_theirs(as_user, officer_user, ipi, member_user):
    response = _grant(
        as_user(officer_user), "MEMBER@example.org", Role.ASSOCIATION_OFFICER, ipi["sukoharjo"].slug
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(person=member_user.person)
    assert assignment.organisation == ipi["sukoharjo"] and assignment.granted_by == officer_user


def test_officer_cannot_grant_on_another_chapter(as_user, officer_user, ipi, member_user):
    response = _grant(as_user(officer_user), member_user.email, Role.ASSOCIATION_OFFICER, ipi["ntb"].slug)
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(person=member_user.person).exists()


def test_officer_cannot_grant_other_roles(as_user, officer_user, ipi, member_user):
    response = _grant(as_user(officer_user), member_user.email, Role.SITE_ADMIN)
    assert 'id="id_role_error"' in response.content.decode()
    assert not RoleAssignment.objects.filter(person=member_user.person).exists()


def test_grant_to_an_unknown_address_is_refused_at_the_field(as_user, officer_user, ipi):
    response = _grant(
        as_user(officer_user), "nobody@example.org", Role.ASSOCIATION_OFFICER, ipi["sukoharjo"].slug
    )
    assert 'id="id_email_error"' in response.content.decode()


def test_grant_needs_an_organisation_or_region(as_user, admin_user, member_user, db):
    response = _grant(as_user(admin_user), member_user.email, Role.ASSESSOR)
    assert 'id="id_organisation_error"' in response.content.decode()


def test_site_admin_grants_a_region_scoped_role(as_user, admin_user, member_user, regions):
    _grant(as_user(admin_user), member_user.email, Role.LIBRARY_OFFICER, region="52")
    assert RoleAssignment.objects.get(person=member_user.person).region_id == "52"


def test_officer_revokes_a_role_in_scope_but_not_outside(
    as_user, officer_user, ipi, member_user, outsider_user
):
    here = factories.grant(member_user.person, Role.ASSOCIATION_OFFICER, organisation=ipi["sukoharjo"])
    there = factories.grant(outsider_user.person, Role.ASSOCIATION_OFFICER, organisation=ipi["ntb"])
    client = as_user(officer_user)
    assert client.post(reverse("organisations:role_revoke", args=[there.pk])).status_code == 404
    assert client.post(reverse("organisations:role_revoke", args=[here.pk])).status_code == 302
    assert set(RoleAssignment.objects.filter(pk__in=[here.pk, there.pk])) == {there}


def test_member_cannot_revoke_anything(as_user, member_user, officer_user):
    assignment = RoleAssignment.objects.get(person__user=officer_user)
    assert (
        as_user(member_user).post(reverse("organisations:role_revoke", args=[assignment.pk])).status_code
        == 404
    )


# --- Audit trail -------------------------------------------------------------------------------
@pytest.mark.parametrize("persona", ["member_user", "outsider_user", "officer_user"])
def test_audit_trail_does_not_exist_for_non_admins(request, as_user, ipi, persona):
    user = request.getfixturevalue(persona)
    assert as_user(user).get(reverse("organisations:audit")).status_code == 404


def test_audit_trail_is_not_found_by_anonymous_visitors(client, db):
    assert client.get(reverse("organisations:audit")).status_code == 404


def test_admin_sees_changes_with_before_and_after(as_user, admin_user, ipi):
    services.organisation_update(actor=admin_user, organisation=ipi["ntb"], phone="0370 123456")
    html = as_user(admin_user).get(reverse("organisations:audit")).content.decode()
    assert "organisation.update" in html and "0370 123456" in html and "admin@example.org" in html


def test_audit_trail_filters_by_action_type_and_actor(as_user, admin_user, officer_user, ipi):
    services.organisation_update(actor=admin_user, organisation=ipi["ntb"], phone="0370 111")
    services.organisation_update(actor=officer_user, organisation=ipi["sukoharjo"], phone="0271 222")
    client = as_user(admin_user)
    html = client.get(reverse("organisations:audit"), {"actor": "officer@example.org"}).content.decode()
    assert "0271 222" in html and "0370 111" not in html
    html = client.get(reverse("organisations:audit"), {"action": "role.grant"}).content.decode()
    assert "role.grant" in html and "0370 111" not in html
    html = client.get(
        reverse("organisations:audit"), {"object_type": "organisations.roleassignment"}
    ).content.decode()
    assert "<code>organisation.update</code>" not in html


def test_audit_trail_is_paginated(as_user, admin_user, db):
    for n in range(60):
        factories.OrganisationFactory(name=f"Perpustakaan {n}")
    assert AuditEntry.objects.count() > 50
    response = as_user(admin_user).get(reverse("organisations:audit"), {"page": 2})
    assert response.status_code == 200 and response.context["page_obj"].number == 2
