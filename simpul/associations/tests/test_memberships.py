import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from simpul.associations import selectors, services
from simpul.associations.models import Membership, MembershipEvent, MembershipStatus
from simpul.testing import factories

from .factories import application, member, pdf_upload, png_upload


def test_application_is_pending_with_its_documents_and_counted(ipi, types):
    membership = application(ipi["sukoharjo"], types["biasa"])
    assert membership.status == MembershipStatus.PENDING and membership.number == ""
    assert membership.documents.count() == 1
    assert selectors.member_counts(ipi["jateng"])["pending"] == 1


def test_approval_gives_a_number_and_a_signed_card_through_credentials(ipi, types):
    membership = member(ipi["sukoharjo"], types["biasa"])
    assert membership.status == MembershipStatus.ACTIVE
    year = datetime.date.today().year
    assert membership.number == f"3311.{year}.000001"
    card = membership.card
    assert card.kind == "membership_card" and card.holder_id == membership.person_id
    assert card.issuer_id == ipi["sukoharjo"].pk and card.valid_until == datetime.date(year, 12, 31)
    assert {"label": "Member number", "value": membership.number} in card.subject["fields"]
    counts = selectors.member_counts(ipi["central"])
    assert counts["members"] == 1 and counts["pending"] == 0


def test_approving_twice_makes_one_number_and_one_card(ipi, types):
    membership = member(ipi["sukoharjo"], types["biasa"])
    again = services.membership_approve(actor=None, membership=membership)
    assert again.number == membership.number and again.card_id == membership.card_id
    assert selectors.member_counts(ipi["central"])["members"] == 1


def test_member_numbers_follow_the_format_and_never_repeat(ipi, types):
    services.association_settings_update(
        actor=None, association=ipi["central"], member_number_format="{assoc}-{province}-{seq:05d}"
    )
    numbers = [member(ipi["jateng"], types["biasa"]).number for _ in range(3)]
    assert numbers == ["IPI-33-00001", "IPI-33-00002", "IPI-33-00003"]


def test_bad_number_format_is_refused(ipi):
    with pytest.raises(ValidationError):
        services.association_settings_update(
            actor=None, association=ipi["central"], member_number_format="{nik}"
        )


def test_reject_needs_a_reason_and_is_recorded(ipi, types):
    membership = application(ipi["ntb"], types["biasa"])
    with pytest.raises(ValidationError):
        services.membership_reject(actor=None, membership=membership, reason="")
    rejected = services.membership_reject(actor=None, membership=membership, reason="Documents unreadable")
    assert rejected.status == MembershipStatus.REJECTED and rejected.status_reason == "Documents unreadable"
    assert rejected.events.filter(kind=MembershipEvent.Kind.REJECTED, reason="Documents unreadable").exists()


def test_one_live_membership_per_association(ipi, types):
    person = factories.PersonFactory()
    application(ipi["ntb"], types["biasa"], person)
    with pytest.raises(ValidationError):
        application(ipi["jateng"], types["biasa"], person)


def test_honorary_type_cannot_be_applied_for(ipi, types):
    with pytest.raises(ValidationError):
        application(ipi["ntb"], types["kehormatan"])


def test_an_upload_that_is_not_really_a_pdf_or_image_is_refused(ipi, types):
    fake = SimpleUploadedFile(
        "ijazah.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf"
    )
    with pytest.raises(ValidationError, match="is not a PDF, JPEG or PNG"):
        services.membership_apply(
            actor=None,
            person=factories.PersonFactory(),
            chapter=ipi["ntb"],
            member_type=types["biasa"],
            documents=[("other", fake)],
        )


def test_an_upload_over_the_limit_is_refused(ipi, types, settings):
    settings.SIMPUL_UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="the limit is"):
        services.membership_apply(
            actor=None,
            person=factories.PersonFactory(),
            chapter=ipi["ntb"],
            member_type=types["biasa"],
            documents=[("other", pdf_upload())],
        )


def test_a_broken_png_is_refused(ipi, types):
    broken = SimpleUploadedFile("p.png", png_upload().read()[:30], content_type="image/png")
    with pytest.raises(ValidationError, match="not a readable image"):
        services.membership_apply(
            actor=None,
            person=factories.PersonFactory(),
            chapter=ipi["ntb"],
            member_type=types["biasa"],
            documents=[("photo", broken)],
        )


def test_ending_a_membership_revokes_the_card_with_the_reason(ipi, types):
    membership = member(ipi["ntb"], types["biasa"])
    ended = services.membership_change_status(
        actor=None, membership=membership, status="resigned", reason="Moved abroad"
    )
    ended.card.refresh_from_db()
    assert ended.card.status == "revoked" and "Moved abroad" in ended.card.revoke_reason
    assert selectors.member_counts(ipi["ntb"])["resigned"] == 1


def test_a_status_change_that_makes_no_sense_is_refused(ipi, types):
    membership = application(ipi["ntb"], types["biasa"])
    with pytest.raises(ValidationError):
        services.membership_change_status(actor=None, membership=membership, status="grace", reason="x")


def test_transfer_keeps_the_number_records_history_and_reissues_the_card(ipi, types):
    membership = member(ipi["sukoharjo"], types["biasa"])
    old_card = membership.card
    moved = services.membership_transfer(
        actor=None, membership=membership, to_chapter=ipi["ntb"], reason="Moved to Mataram"
    )
    assert moved.chapter == ipi["ntb"] and moved.number == membership.number
    event = moved.events.get(kind=MembershipEvent.Kind.TRANSFERRED)
    assert event.from_chapter == ipi["sukoharjo"] and event.to_chapter == ipi["ntb"]
    old_card.refresh_from_db()
    assert old_card.status == "revoked" and moved.card.issuer_id == ipi["ntb"].pk
    assert (
        selectors.member_counts(ipi["jateng"])["members"] == 0
        and selectors.member_counts(ipi["ntb"])["members"] == 1
    )


def test_honorary_membership_by_decision_has_a_card_without_end(ipi, types):
    person = factories.PersonFactory(full_name="Sitti Rohmi Djalilah", title_prefix="Dr. Ir. Hj.")
    membership = services.membership_grant_honorary(
        actor=None,
        person=person,
        chapter=ipi["central"],
        member_type=types["kehormatan"],
        decision="SK PP IPI 12/2025",
    )
    assert membership.status == "active" and membership.card.valid_until is None
    assert membership.events.get().reason == "SK PP IPI 12/2025"
    with pytest.raises(ValidationError):
        services.membership_grant_honorary(
            actor=None,
            person=factories.PersonFactory(),
            chapter=ipi["central"],
            member_type=types["kehormatan"],
            decision="",
        )


def test_confirmed_dues_renew_and_reissue_the_card(ipi, types, officer_user):
    membership = member(ipi["jateng"], types["biasa"])
    next_year = membership.paid_until.year + 1
    payment = services.dues_submit(
        actor=None,
        membership=membership,
        year=next_year,
        amount=100000,
        paid_on=datetime.date.today(),
        proof=pdf_upload(),
    )
    assert payment.status == "submitted"
    services.dues_confirm(actor=officer_user, payment=payment)
    membership.refresh_from_db()
    payment.refresh_from_db()
    assert payment.confirmed_by == officer_user and membership.paid_until == datetime.date(next_year, 12, 31)
    assert membership.card.valid_until == datetime.date(next_year, 12, 31)


def test_dues_for_a_year_are_recorded_once(ipi, types):
    membership = member(ipi["jateng"], types["biasa"])
    services.dues_submit(
        actor=None, membership=membership, year=2030, amount=1, paid_on=datetime.date.today()
    )
    with pytest.raises(ValidationError, match="already recorded"):
        services.dues_submit(
            actor=None, membership=membership, year=2030, amount=1, paid_on=datetime.date.today()
        )


def test_lapsed_dues_go_to_grace_then_expire(ipi, types):
    membership = member(ipi["jateng"], types["biasa"])
    later = membership.paid_until + datetime.timedelta(days=1)
    assert services.memberships_lapse(today=later) == {"grace": 1, "expired": 0}
    assert services.memberships_lapse(today=later + datetime.timedelta(days=200)) == {
        "grace": 0,
        "expired": 1,
    }
    membership.refresh_from_db()
    assert membership.status == "expired" and membership.card.revoked_at is not None


def test_boards_have_terms_positions_and_one_chair(ipi):
    term = services.board_term_create(
        actor=None,
        organisation=ipi["jateng"],
        starts_on=datetime.date(2017, 3, 1),
        ends_on=datetime.date(2020, 3, 1),
        inaugurated_on=datetime.date(2017, 3, 10),
    )
    chair = factories.PersonFactory()
    services.board_position_add(actor=None, term=term, person=chair, position="chair")
    with pytest.raises(ValidationError):
        services.board_position_add(actor=None, term=term, person=factories.PersonFactory(), position="chair")
    current, past = selectors.current_and_past_boards(ipi["jateng"])
    assert current is None and past == [term] and term.label == "2017-2020"


def test_announcement_is_mailed_to_members_with_a_sent_log(
    ipi, types, mailoutbox, django_capture_on_commit_callbacks
):
    member(ipi["sukoharjo"], types["biasa"])
    member(ipi["ntb"], types["biasa"])
    with django_capture_on_commit_callbacks(execute=True):
        announcement = services.announcement_send(
            actor=None, organisation=ipi["jateng"], subject="Rapat", body="Datang ya"
        )
    announcement.refresh_from_db()
    assert announcement.status == "sent" and announcement.recipients == 1 and announcement.sent == 1
    assert len(mailoutbox) == 1 and mailoutbox[0].subject == "Rapat"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_duplicate_a_number(regions):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    from simpul.organisations.models import Kind

    from .factories import ipi_types

    central = factories.OrganisationFactory(kind=Kind.ASSOCIATION, name="IPI", short_name="IPI")
    chapter = factories.OrganisationFactory(
        kind=Kind.CHAPTER, name="IPI Jateng", parent=central, region=regions["33"]
    )
    types = ipi_types(central)
    pending = [application(chapter, types["biasa"]) for _ in range(12)]
    work = pending + pending[:6]  # six applications approved twice, at the same time

    def approve(membership):
        try:
            return services.membership_approve(actor=None, membership=membership).number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(approve, work))
    numbers = list(Membership.objects.values_list("number", flat=True))
    assert len(numbers) == 12 and len(set(numbers)) == 12
    assert selectors.member_counts(central)["members"] == 12
