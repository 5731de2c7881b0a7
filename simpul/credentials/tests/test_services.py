import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from simpul.core.models import AuditEntry
from simpul.credentials import services
from simpul.credentials.models import Credential, CredentialKind, Status
from simpul.testing import factories

from .factories import issue


def test_issue_gives_a_signed_credential_with_the_name_and_titles_exactly(card, holder):
    assert card.holder_name == "Dr. Ir. Hj. Sitti Rohmi Djalilah, M.Pd"
    assert card.status == Status.VALID
    assert len(card.code) >= 22
    assert services.signature_is_valid(card)
    assert AuditEntry.objects.filter(action="credential.issue", object_id=str(card.pk)).exists()


def test_numbers_follow_the_series_and_never_repeat(holder, ipi):
    first = issue(holder, ipi["jateng"])
    second = issue(holder, ipi["jateng"])
    year = first.issued_at.year
    assert first.number == f"{ipi['jateng'].pk}/KTA/{year}/000001"
    assert second.number.endswith("/000002")


def test_number_format_is_configurable_per_issuer_and_kind(holder, ipi):
    services.number_series_set(
        actor=None,
        issuer=ipi["ntb"],
        kind=CredentialKind.EVENT_CERTIFICATE,
        number_format="{prefix}-{seq:04d}/{year}",
        prefix="RKP",
    )
    credential = issue(holder, ipi["ntb"], kind=CredentialKind.EVENT_CERTIFICATE)
    assert credential.number == f"RKP-0001/{credential.issued_at.year}"


def test_a_bad_number_format_is_refused(ipi):
    with pytest.raises(ValidationError):
        services.number_series_set(
            actor=None, issuer=ipi["ntb"], kind=CredentialKind.EVENT_CERTIFICATE, number_format="{name}"
        )


def test_issuing_twice_for_one_source_returns_the_first(holder, ipi):
    first = issue(holder, ipi["jateng"], source="associations.membership:1")
    again = issue(holder, ipi["jateng"], source="associations.membership:1")
    assert again.pk == first.pk
    assert Credential.objects.count() == 1


def test_altered_claims_fail_the_signature_check(card):
    Credential.objects.filter(pk=card.pk).update(holder_name="Someone Else")
    card.refresh_from_db()
    assert not services.signature_is_valid(card)


def test_revoke_needs_a_reason_and_keeps_the_first(card, admin_user):
    with pytest.raises(ValidationError):
        services.credential_revoke(actor=admin_user, credential=card, reason=" ")
    revoked = services.credential_revoke(actor=admin_user, credential=card, reason="Membership ended")
    again = services.credential_revoke(actor=admin_user, credential=revoked, reason="Other")
    assert again.status == Status.REVOKED and again.revoke_reason == "Membership ended"
    assert again.revoked_by == admin_user


def test_reissue_revokes_the_old_one_and_points_to_the_new(card, admin_user):
    new = services.credential_reissue(actor=admin_user, credential=card, reason="Card lost")
    card.refresh_from_db()
    assert card.status == Status.REVOKED and card.replaced_by == new
    assert new.number != card.number and new.code != card.code and new.source == card.source
    assert services.signature_is_valid(new)


def test_expired_when_the_validity_has_passed(holder, ipi):
    credential = issue(
        holder, ipi["jateng"], valid_from=datetime.date(2020, 1, 1), valid_until=datetime.date(2021, 1, 1)
    )
    assert credential.status == Status.EXPIRED


def test_issue_many_numbers_each_once_and_is_idempotent_per_source(ipi):
    people = [factories.PersonFactory() for _ in range(5)]
    items = [
        {"holder": p, "source": f"events.registration:{p.pk}", "subject": {"fields": []}} for p in people
    ]
    first = services.credential_issue_many(
        actor=None, kind=CredentialKind.EVENT_CERTIFICATE, issuer=ipi["ntb"], title="Seminar", items=items
    )
    again = services.credential_issue_many(
        actor=None, kind=CredentialKind.EVENT_CERTIFICATE, issuer=ipi["ntb"], title="Seminar", items=items
    )
    assert len({c.number for c in first}) == 5
    assert [c.pk for c in again] == [c.pk for c in first]
    assert all(services.signature_is_valid(c) for c in Credential.objects.all())


def test_batch_renders_a_zip_of_pdfs(card, certificate, admin_user, ipi, django_capture_on_commit_callbacks):
    import zipfile

    with django_capture_on_commit_callbacks(execute=True):
        batch = services.credential_batch_create(
            actor=admin_user, issuer=ipi["central"], label="All", credentials=Credential.objects.all()
        )
    batch.refresh_from_db()
    assert batch.status == "done" and batch.done == 2
    with batch.archive.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        names = archive.namelist()
        assert len(names) == 2
        assert all(archive.read(n).startswith(b"%PDF") for n in names)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_never_duplicates_a_number(regions):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    issuer = factories.OrganisationFactory(name="Issuer")
    people = [factories.PersonFactory() for _ in range(16)]

    def one(person):
        try:
            return issue(person, issuer).number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(one, people))
    assert len(set(numbers)) == 16
