import datetime

import pytest
from django.core.exceptions import ValidationError

from simpul.core.models import AuditEntry
from simpul.organisations import services
from simpul.organisations.models import Employment, Kind, Organisation, Role, RoleAssignment
from simpul.organisations.permissions import roles_of
from simpul.testing import factories


def test_organisation_create_places_it_in_its_parents_tree(ipi):
    sukoharjo, jateng, central = ipi["sukoharjo"], ipi["jateng"], ipi["central"]
    assert sukoharjo.path == f"{central.pk}/{jateng.pk}/{sukoharjo.pk}/"
    assert sukoharjo.depth == 2
    assert set(Organisation.objects.under(jateng)) == {jateng, sukoharjo}


def test_organisation_create_gives_a_unique_slug_and_avoids_reserved_ones(db):
    first = services.organisation_create(actor=None, kind=Kind.LIBRARY, name="Perpustakaan UMS")
    second = services.organisation_create(actor=None, kind=Kind.LIBRARY, name="Perpustakaan UMS")
    roles = services.organisation_create(actor=None, kind=Kind.COMMUNITY, name="Roles")
    assert first.slug == "perpustakaan-ums" and second.slug == "perpustakaan-ums-2"
    assert roles.slug == "roles-2"
    with pytest.raises(ValidationError):
        services.organisation_create(actor=None, kind=Kind.COMMUNITY, name="Audit", slug="audit")


def test_organisation_update_moving_a_subtree_keeps_paths_right(ipi, regions):
    jateng, sukoharjo, ntb = ipi["jateng"], ipi["sukoharjo"], ipi["ntb"]
    library = factories.OrganisationFactory(name="Perpustakaan Desa Pucangan", parent=sukoharjo)
    services.organisation_update(actor=None, organisation=jateng, parent=ntb)
    for org in (jateng, sukoharjo, library):
        org.refresh_from_db()
    assert jateng.path == f"{ntb.path}{jateng.pk}/"
    assert sukoharjo.path == f"{jateng.path}{sukoharjo.pk}/"
    assert library.path == f"{sukoharjo.path}{library.pk}/"
    assert library.depth == 4
    assert set(Organisation.objects.under(ntb)) == {ntb, jateng, sukoharjo, library}


def test_organisation_cannot_move_under_its_own_descendant(ipi):
    with pytest.raises(ValidationError):
        services.organisation_update(actor=None, organisation=ipi["jateng"], parent=ipi["sukoharjo"])
    with pytest.raises(ValidationError):
        services.organisation_update(actor=None, organisation=ipi["jateng"], parent=ipi["jateng"])


def test_organisation_update_records_before_and_after(ipi, admin_user):
    services.organisation_update(actor=admin_user, organisation=ipi["ntb"], phone="0370 123456")
    entry = AuditEntry.objects.filter(action="organisation.update").latest("id")
    assert entry.actor == admin_user
    assert entry.changes["fields"]["phone"] == ["", "0370 123456"]


def test_role_grant_is_idempotent(ipi, member_user):
    person = member_user.person
    first = services.role_grant(
        actor=None, person=person, role=Role.ASSOCIATION_OFFICER, organisation=ipi["ntb"]
    )
    again = services.role_grant(
        actor=None, person=person, role=Role.ASSOCIATION_OFFICER, organisation=ipi["ntb"]
    )
    assert first == again
    assert RoleAssignment.objects.filter(person=person).count() == 1
    assert AuditEntry.objects.filter(action="role.grant", object_id=str(first.pk)).count() == 1


def test_role_needs_a_scope_unless_site_admin(db, member_user):
    with pytest.raises(ValidationError):
        services.role_grant(actor=None, person=member_user.person, role=Role.ASSESSOR)
    assert services.role_grant(actor=None, person=member_user.person, role=Role.SITE_ADMIN).pk


def test_role_grant_is_seen_at_once_and_revoke_removes_it(ipi, member_user):
    assert roles_of(member_user) == set()
    assignment = services.role_grant(
        actor=None, person=member_user.person, role=Role.ASSESSOR, organisation=ipi["ntb"]
    )
    assert roles_of(member_user) == {Role.ASSESSOR}
    services.role_revoke(actor=None, assignment=assignment)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEntry.objects.filter(action="role.revoke").exists()


def test_employment_add_update_remove(ipi, member_user):
    person = member_user.person
    job = services.employment_add(
        actor=None, person=person, position="Pustakawan", organisation=ipi["sukoharjo"]
    )
    services.employment_update(actor=None, employment=job, position="Pustakawan Ahli Muda")
    job.refresh_from_db()
    assert str(job) == "Pustakawan Ahli Muda, IPI Kabupaten Sukoharjo"
    services.employment_remove(actor=None, employment=job)
    assert not Employment.objects.exists()


def test_employment_needs_an_organisation_or_its_name(db, member_user):
    with pytest.raises(ValidationError):
        services.employment_add(actor=None, person=member_user.person, position="Pustakawan")
    job = services.employment_add(
        actor=None,
        person=member_user.person,
        position="Pustakawan",
        organisation_name="Perpustakaan SD Negeri 1 Kartasura",
    )
    assert job.employer_name == "Perpustakaan SD Negeri 1 Kartasura"


def test_employment_dates_must_be_in_order(db, member_user):
    with pytest.raises(ValidationError):
        services.employment_add(
            actor=None,
            person=member_user.person,
            position="Pustakawan",
            organisation_name="X",
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2019, 1, 1),
        )
