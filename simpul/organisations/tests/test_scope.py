"""What each persona's roles cover: the filters every page, API and export share."""

from simpul.organisations import selectors
from simpul.organisations.models import Kind, Role
from simpul.organisations.permissions import can_grant, grantable_roles, scope_for
from simpul.organisations.services import employment_add
from simpul.testing import factories


def test_officer_of_jawa_tengah_covers_sukoharjo_but_not_ntb(officer_user, ipi):
    scope = scope_for(officer_user, [Role.ASSOCIATION_OFFICER])
    assert scope.covers_organisation(ipi["sukoharjo"])
    assert scope.covers_organisation(ipi["jateng"])
    assert not scope.covers_organisation(ipi["ntb"])
    assert not scope.covers_organisation(ipi["central"])


def test_organisations_manageable_by_officer(officer_user, ipi):
    manageable = set(selectors.organisations_manageable_by(officer_user, Role.ASSOCIATION_OFFICER))
    assert manageable == {ipi["jateng"], ipi["sukoharjo"]}
    assert not selectors.organisations_manageable_by(officer_user, Role.ASSESSOR).exists()


def test_region_scoped_role_covers_organisations_in_the_region(db, regions, member_user):
    library = factories.OrganisationFactory(name="Perpustakaan Kota Mataram", region=regions["52.71"])
    elsewhere = factories.OrganisationFactory(name="Perpustakaan Sukoharjo", region=regions["33.11"])
    factories.grant(member_user.person, Role.LIBRARY_OFFICER, region=regions["52"])
    manageable = set(selectors.organisations_manageable_by(member_user, Role.LIBRARY_OFFICER))
    assert library in manageable and elsewhere not in manageable


def test_site_admin_manages_everything(admin_user, ipi):
    assert selectors.organisations_manageable_by(admin_user, Role.ASSOCIATION_OFFICER).count() == 4


def test_inactive_organisations_are_hidden_from_outsiders_but_not_from_their_officers(
    ipi, officer_user, outsider_user
):
    closed = factories.OrganisationFactory(
        kind=Kind.CHAPTER, name="IPI Klaten", parent=ipi["jateng"], is_active=False
    )
    assert closed not in selectors.organisations_visible_to(outsider_user)
    assert closed in selectors.organisations_visible_to(officer_user)


def test_officer_may_grant_officer_roles_only_under_their_chapter(officer_user, ipi):
    assert grantable_roles(officer_user) == [
        Role.ASSOCIATION_OFFICER,
        Role.EVENT_ORGANISER,
        Role.EVENT_STAFF,
        Role.CURATOR,
    ]
    assert can_grant(officer_user, Role.ASSOCIATION_OFFICER, organisation=ipi["sukoharjo"])
    assert not can_grant(officer_user, Role.ASSOCIATION_OFFICER, organisation=ipi["ntb"])
    assert not can_grant(officer_user, Role.ASSESSOR, organisation=ipi["sukoharjo"])
    assert not can_grant(officer_user, Role.SITE_ADMIN)


def test_member_may_grant_nothing(member_user, ipi):
    assert grantable_roles(member_user) == []
    assert not can_grant(member_user, Role.ASSOCIATION_OFFICER, organisation=ipi["sukoharjo"])


def test_officer_sees_roles_in_their_scope_only(officer_user, ipi, member_user, outsider_user):
    here = factories.grant(member_user.person, Role.ASSOCIATION_OFFICER, organisation=ipi["sukoharjo"])
    there = factories.grant(outsider_user.person, Role.ASSOCIATION_OFFICER, organisation=ipi["ntb"])
    visible = set(selectors.role_assignments_manageable_by(officer_user))
    assert here in visible and there not in visible


def test_people_in_scope_are_those_employed_or_holding_roles_there(
    officer_user, ipi, member_user, outsider_user
):
    employment_add(
        actor=None, person=member_user.person, position="Pustakawan", organisation=ipi["sukoharjo"]
    )
    employment_add(actor=None, person=outsider_user.person, position="Pustakawan", organisation=ipi["ntb"])
    people = set(selectors.people_in_scope(selectors.staff_scope(officer_user)))
    assert member_user.person in people
    assert officer_user.person in people
    assert outsider_user.person not in people


def test_everything_scope_survives_being_ored_with_another_condition(ipi):
    from django.db.models import Q

    from simpul.organisations.models import Organisation
    from simpul.organisations.permissions import Scope

    condition = Q(name="no such organisation") | Scope(everything=True).q(org_path="path")
    assert Organisation.objects.filter(condition).count() == Organisation.objects.count() == 4
