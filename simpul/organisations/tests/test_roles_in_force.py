"""Which roles are in force on a page: the menu's per-request lookup follows the assignment's dates."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from simpul.organisations.models import RoleAssignment


def test_menu_follows_role_dates(as_user, officer_user):
    """The menu's role lookup checks the dates in Python: a role that ended yesterday or starts
    tomorrow is not in force, one that ends today still is."""
    today = timezone.localdate()
    assignments = RoleAssignment.objects.filter(person__user=officer_user)
    roles_link = f'href="{reverse("organisations:roles")}"'
    assert roles_link in as_user(officer_user).get(reverse("people:profile")).content.decode()
    assignments.update(end_date=today)
    assert roles_link in as_user(officer_user).get(reverse("people:profile")).content.decode()
    assignments.update(end_date=today - timedelta(days=1))
    assert roles_link not in as_user(officer_user).get(reverse("people:profile")).content.decode()
    assignments.update(end_date=None, start_date=today + timedelta(days=1))
    assert roles_link not in as_user(officer_user).get(reverse("people:profile")).content.decode()
