"""An officer's scope is read from the session's cached user (`simpul.people.usercache`): a chapter
moved under another parent, with its subtree, stays in its officer's scope on the next request."""

from django.urls import reverse

from simpul.organisations import services


def test_an_officer_keeps_their_chapters_after_it_is_moved(as_user, officer_user, ipi):
    client = as_user(officer_user)  # an officer of IPI Jawa Tengah; Sukoharjo is under it
    boards = reverse("associations:boards", args=[ipi["sukoharjo"].slug])
    assert client.get(boards).status_code == 200
    services.organisation_update(actor=None, organisation=ipi["jateng"], parent=ipi["ntb"])
    assert client.get(boards).status_code == 200
    # and the chapter the move left outside stays outside
    assert client.get(reverse("associations:boards", args=[ipi["ntb"].slug])).status_code == 404
