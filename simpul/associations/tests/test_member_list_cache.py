"""The officers' member list is kept per scope until a write changes what it shows (`answers.MEMBERS`):
each kind of change shows on the next request, and an officer never reads an answer drawn for a
scope they do not hold."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.safestring import mark_safe

from simpul.associations import services
from simpul.associations.answers import MEMBERS
from simpul.organisations import services as organisation_services
from simpul.organisations.models import Role
from simpul.people import services as people_services
from simpul.testing.factories import PersonFactory, grant
from simpul.testing.publiccache import cached_answer_keys

from .factories import application, member

pytestmark = pytest.mark.django_db


def _list(client, **params) -> str:
    return client.get(reverse("associations:members"), params).content.decode()


def _keys() -> list[str]:
    return cached_answer_keys("associations.members")


def _row(page: str, membership) -> str:
    """The table row of `membership` (its cells), or "" when the page does not list it."""
    link = f'href="{reverse("associations:member", args=[membership.pk])}"'
    return page.split(link, 1)[1].split("</tr>", 1)[0] if link in page else ""


def _poison(marker: str) -> None:
    """Put `marker` into every kept answer: a page that shows it was served from the cache."""
    for key in _keys():
        cache.set(key, mark_safe(cache.get(key).replace("</h1>", f"</h1>{marker}", 1)))  # noqa: S308


def test_a_repeated_visit_is_served_from_the_kept_answer(as_user, officer_user, ipi, types):
    m = member(ipi["sukoharjo"], types["biasa"])
    client = as_user(officer_user)
    first = _list(client)
    assert m.person.display_name in first and len(_keys()) == 1
    _poison("<p>kept</p>")
    again = _list(client)
    assert "<p>kept</p>" in again and m.person.display_name in again


def _approve(ipi, types, m, pending):
    services.membership_approve(actor=None, membership=pending)


def _end(ipi, types, m, pending):
    services.membership_change_status(actor=None, membership=m, status="ended", reason="moved abroad")


def _transfer(ipi, types, m, pending):
    services.membership_transfer(actor=None, membership=m, to_chapter=ipi["jateng"], reason="moved")


def _renew(ipi, types, m, pending):
    services.membership_renew(actor=None, membership=m, until=datetime.date(2031, 12, 31))


def _confirm_dues(ipi, types, m, pending):
    payment = services.dues_submit(
        actor=None, membership=m, year=2032, amount=100000, paid_on=datetime.date(2026, 1, 5)
    )
    services.dues_confirm(actor=None, payment=payment)


def _rename_person(ipi, types, m, pending):
    people_services.person_update(actor=None, person=m.person, full_name="Ratna Kumalasari Baru")


def _rename_chapter(ipi, types, m, pending):
    organisation_services.organisation_update(
        actor=None, organisation=ipi["sukoharjo"], name="IPI Sukoharjo Raya"
    )


def _rename_type(ipi, types, m, pending):
    services.member_type_save(
        actor=None, association=ipi["central"], code="biasa", name="Anggota penuh", may_vote=True, order=1
    )


def _apply(ipi, types, m, pending):
    application(ipi["sukoharjo"], types["biasa"], PersonFactory(full_name="Pelamar Terbaru"))


def _reject(ipi, types, m, pending):
    services.membership_reject(actor=None, membership=pending, reason="incomplete documents")


# Each kind of write, and what the officer of IPI Jawa Tengah sees in the row of the member (or of the
# pending applicant) afterwards.
CHANGES = {
    "an application": (_apply, lambda page, m, pending: "Pelamar Terbaru" in page),
    "an approval": (
        _approve,
        lambda page, m, pending: bool(pending.number) and pending.number in _row(page, pending),
    ),
    "a rejection": (_reject, lambda page, m, pending: "rejected" in _row(page, pending)),
    "a status change": (_end, lambda page, m, pending: "<td>ended</td>" in _row(page, m)),
    "a transfer": (_transfer, lambda page, m, pending: "IPI Jawa Tengah" in _row(page, m)),
    "a renewal": (_renew, lambda page, m, pending: "2031-12-31" in _row(page, m)),
    "confirmed dues": (_confirm_dues, lambda page, m, pending: "2032-12-31" in _row(page, m)),
    "a person renamed": (_rename_person, lambda page, m, pending: "Ratna Kumalasari Baru" in _row(page, m)),
    "a chapter renamed": (_rename_chapter, lambda page, m, pending: "IPI Sukoharjo Raya" in _row(page, m)),
    "a member type renamed": (_rename_type, lambda page, m, pending: "Anggota penuh" in _row(page, m)),
}


@pytest.mark.parametrize("change", CHANGES)
def test_each_change_shows_on_the_next_request(
    change, as_user, officer_user, ipi, types, django_capture_on_commit_callbacks
):
    m = member(ipi["sukoharjo"], types["biasa"], PersonFactory(full_name="Ratna Kumala"))
    pending = application(ipi["sukoharjo"], types["biasa"], PersonFactory(full_name="Dewi Lestari"))
    client = as_user(officer_user)
    write, shows = CHANGES[change]
    before = _list(client)
    assert not shows(before, m, pending)
    with django_capture_on_commit_callbacks(execute=True):  # committed, as a request's write is
        write(ipi, types, m, pending)
    m.refresh_from_db()
    pending.refresh_from_db()
    assert shows(_list(client), m, pending)


def test_a_chapter_moved_out_of_the_officers_tree_leaves_their_list_at_once(
    as_user, officer_user, ipi, types, django_capture_on_commit_callbacks
):
    m = member(ipi["sukoharjo"], types["biasa"])
    client = as_user(officer_user)  # an officer of IPI Jawa Tengah, over Sukoharjo
    assert m.person.display_name in _list(client)
    with django_capture_on_commit_callbacks(execute=True):
        organisation_services.organisation_update(
            actor=None, organisation=ipi["sukoharjo"], parent=ipi["ntb"]
        )
    assert m.person.display_name not in _list(client)


def test_a_change_in_an_open_transaction_is_not_shown_before_it_commits_and_is_renewed_once(
    as_user, officer_user, ipi, types, django_capture_on_commit_callbacks, monkeypatch
):
    client = as_user(officer_user)
    _list(client)
    token, renewals, renew = MEMBERS.token(), [], MEMBERS._new_token
    monkeypatch.setattr(MEMBERS, "_new_token", lambda: renewals.append(1) or renew())
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("Anggota Satu", "Anggota Dua", "Anggota Tiga"):  # many rows in one transaction
            member(ipi["sukoharjo"], types["biasa"], PersonFactory(full_name=name))
        assert MEMBERS.token() == token and "Anggota Dua" not in _list(client)  # not before the commit
    assert MEMBERS.token() != token and len(renewals) == 1
    assert "Anggota Dua" in _list(client)


def test_an_officer_of_another_chapter_never_reads_an_answer_of_a_scope_they_do_not_hold(
    client, as_user, officer_user, ipi, types
):
    mine = member(ipi["sukoharjo"], types["biasa"])
    theirs = member(ipi["ntb"], types["biasa"])
    ntb_officer = PersonFactory(user__email="ntb@example.org")
    grant(ntb_officer, Role.ASSOCIATION_OFFICER, organisation=ipi["ntb"])
    page = _list(as_user(officer_user))
    assert mine.person.display_name in page and theirs.person.display_name not in page
    _poison("<p>drawn for IPI Jawa Tengah</p>")
    client.logout()
    other = _list(as_user(ntb_officer.user))
    assert "drawn for IPI Jawa Tengah" not in other
    assert theirs.person.display_name in other and mine.person.display_name not in other
    assert len(_keys()) == 2
    # the same query string, htmx or not, and the chapter filter: never the other scope's answer
    outside = client.get(
        reverse("associations:members"), {"chapter": ipi["sukoharjo"].pk}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert mine.person.display_name not in outside and "drawn for IPI Jawa Tengah" not in outside


def test_officers_of_the_same_chapter_share_one_answer(client, as_user, officer_user, ipi, types):
    member(ipi["sukoharjo"], types["biasa"])
    colleague = PersonFactory(user__email="colleague@example.org")
    grant(colleague, Role.ASSOCIATION_OFFICER, organisation=ipi["jateng"])
    _list(as_user(officer_user))
    _poison("<p>kept</p>")
    client.logout()
    assert "<p>kept</p>" in _list(as_user(colleague.user)) and len(_keys()) == 1


def test_the_page_and_its_htmx_rows_are_kept_apart(as_user, officer_user, ipi, types):
    m = member(ipi["sukoharjo"], types["biasa"])
    client = as_user(officer_user)
    for _ in range(2):
        rows = client.get(
            reverse("associations:members"), {"q": "a"}, HTTP_HX_REQUEST="true"
        ).content.decode()
        page = _list(client, q="a")
        assert "<html" not in rows and "<form" not in rows and m.person.display_name in rows
        assert "<html" in page and "<form" in page and m.person.display_name in page
    assert len(_keys()) == 2


def test_someone_who_is_no_officer_is_refused_even_when_answers_are_kept(
    client, as_user, officer_user, member_user, ipi, types
):
    member(ipi["sukoharjo"], types["biasa"])
    _list(as_user(officer_user))
    client.logout()
    assert as_user(member_user).get(reverse("associations:members")).status_code == 403


def test_the_cache_can_be_turned_off(as_user, officer_user, ipi, types, monkeypatch):
    monkeypatch.setenv("SIMPUL_PUBLIC_CACHE", "0")
    m = member(ipi["sukoharjo"], types["biasa"])
    assert m.person.display_name in _list(as_user(officer_user))
    assert _keys() == []
