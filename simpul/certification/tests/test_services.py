import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from simpul.core.models import AuditEntry
from simpul.credentials.models import Credential, CredentialKind
from simpul.credentials.services import signature_is_valid
from simpul.events.models import EventKind

from .. import selectors, services
from ..models import AppealDecision, Application, Certificate, StatRow, Status, UnitResult
from . import factories as f


@pytest.fixture
def setup(regions):
    return f.lsp_setup(regions)


def test_apl01_is_filled_from_the_profile_with_the_name_in_capitals(setup):
    person = f.applicant()
    person.title_suffix = "S.IP."
    person.save()
    application = services.application_start(actor=person.user, person=person, scheme=setup["scheme"])
    assert application.name_on_diploma == f"{person.full_name}, S.IP.".upper()
    assert application.education_level == "D3" and application.library_science


def test_a_person_has_one_open_application_per_scheme(setup):
    person = f.applicant()
    services.application_start(actor=person.user, person=person, scheme=setup["scheme"])
    with pytest.raises(ValidationError, match="already have an application"):
        services.application_start(actor=person.user, person=person, scheme=setup["scheme"])


def test_submit_lists_what_is_missing(setup):
    person = f.applicant()
    application = services.application_start(actor=person.user, person=person, scheme=setup["scheme"])
    with pytest.raises(ValidationError) as error:
        services.application_submit(actor=person.user, application=application)
    text = " ".join(error.value.messages)
    assert "FR.APL.02" in text and "Document missing" in text
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_an_ineligible_applicant_is_told_why_and_not_submitted(setup):
    person = f.applicant(level="SMA", library_science=False)
    with pytest.raises(ValidationError) as error:
        f.complete_application(setup, person, years_in_cluster=1)
    assert "Not eligible" in error.value.messages[0]
    assert "2 years" in error.value.messages[0]
    application = Application.objects.get(person=person)
    assert application.status == Status.DRAFT and application.eligible is False


def test_senior_high_school_with_two_years_in_the_cluster_is_eligible(setup):
    person = f.applicant(level="SMA", library_science=False)
    application = f.complete_application(setup, person, years_in_cluster=2)
    assert application.status == Status.SUBMITTED
    assert "2 tahun" in application.eligibility_reason


def test_uploads_are_checked_by_content_not_name(setup):
    person = f.applicant()
    application = services.application_start(actor=person.user, person=person, scheme=setup["scheme"])
    fake = SimpleUploadedFile("ijazah.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="not a PDF"):
        services.document_add(actor=person.user, application=application, kind="diploma", upload=fake)
    assert not application.documents.exists()


def test_returned_application_carries_the_reason_and_can_be_resubmitted(setup):
    application = f.complete_application(setup)
    with pytest.raises(ValidationError):
        services.application_return(actor=setup["admin"], application=application, reason="  ")
    services.application_return(actor=setup["admin"], application=application, reason="Foto buram")
    application.refresh_from_db()
    assert application.status == Status.RETURNED and application.return_reason == "Foto buram"
    services.application_submit(actor=application.person.user, application=application)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_a_session_is_a_certification_event_organised_by_the_lsp(setup):
    event = setup["session"].event
    assert event.kind == EventKind.CERTIFICATION_SESSION
    assert list(event.organisers.all()) == [setup["lsp"]]
    assert event.capacity == 30 and event.venue_region_id == "33.11"


def test_a_session_cannot_take_more_than_its_capacity(regions):
    setup = f.lsp_setup(regions, capacity=1)
    first, second = (
        services.application_accept(actor=setup["admin"], application=f.complete_application(setup))
        for _ in range(2)
    )
    with pytest.raises(ValidationError, match="1 free places"):
        services.session_add_applications(
            actor=setup["admin"], session=setup["session"], applications=[first, second]
        )
    assert (
        services.session_add_applications(
            actor=setup["admin"], session=setup["session"], applications=[first]
        )
        == 1
    )
    with pytest.raises(ValidationError, match="0 free"):
        services.session_add_applications(
            actor=setup["admin"], session=setup["session"], applications=[second]
        )


def test_only_an_assessor_of_the_scheme_is_assigned_within_their_load(regions):
    setup = f.lsp_setup(regions, max_load=1)
    a, b = (
        services.application_accept(actor=setup["admin"], application=f.complete_application(setup))
        for _ in range(2)
    )
    services.session_add_applications(actor=setup["admin"], session=setup["session"], applications=[a, b])
    services.assessor_assign(actor=setup["admin"], application=a, assessor=setup["assessor"])
    with pytest.raises(ValidationError, match="most allowed"):
        services.assessor_assign(actor=setup["admin"], application=b, assessor=setup["assessor"])
    other_scheme = services.scheme_create(
        actor=None, lsp=setup["lsp"], code="KL-X", title="Layanan", units=setup["units"][:1]
    )
    outsider = f.applicant()
    stranger = services.assessor_create(
        actor=None, lsp=setup["lsp"], person=outsider, met_number="MET-2", schemes=[other_scheme]
    )
    with pytest.raises(ValidationError, match="may not assess"):
        services.assessor_assign(actor=setup["admin"], application=b, assessor=stranger)


def test_results_need_consent_and_cannot_change_after_the_decision(setup):
    application = f.complete_application(setup)
    services.application_accept(actor=setup["admin"], application=application)
    services.session_add_applications(
        actor=setup["admin"], session=setup["session"], applications=[application]
    )
    services.assessor_assign(actor=setup["admin"], application=application, assessor=setup["assessor"])
    with pytest.raises(ValidationError, match="consent"):
        services.unit_result_save(
            actor=setup["assessor_user"],
            application=application,
            unit=setup["units"][0],
            methods=["written"],
            recommendation="K",
        )
    application = f.assessed_application(setup)
    services.application_decide(actor=setup["admin"], application=application)
    with pytest.raises(ValidationError, match="no longer change"):
        services.unit_result_save(
            actor=setup["assessor_user"],
            application=application,
            unit=setup["units"][0],
            methods=["written"],
            recommendation="BK",
        )
    services.result_correct(
        actor=setup["admin"],
        application=application,
        unit=setup["units"][0],
        recommendation="BK",
        reason="Salah input",
    )
    assert UnitResult.objects.get(application=application, unit=setup["units"][0]).recommendation == "BK"
    entry = AuditEntry.objects.filter(action="certification.result.correct").get()
    assert entry.changes["note"] == "Salah input"


def test_competent_decision_issues_a_signed_certificate_valid_for_the_scheme_years(setup):
    application = f.assessed_application(setup)
    decided = services.application_decide(actor=setup["admin"], application=application)
    assert decided.status == Status.COMPETENT
    certificate = Certificate.objects.get(application=application)
    credential = certificate.credential
    assert credential.kind == CredentialKind.COMPETENCY_CERTIFICATE
    assert credential.valid_until == certificate.valid_until
    assert credential.valid_until.year - credential.valid_from.year == 3
    assert credential.subject["units"] == [u.code for u in setup["units"]]
    assert credential.subject["kkni_level"] == 6
    assert signature_is_valid(credential)
    # a second click issues nothing more
    services.application_decide(actor=setup["admin"], application=application)
    assert Credential.objects.filter(kind=CredentialKind.COMPETENCY_CERTIFICATE).count() == 1
    assert list(selectors.register_search(application.name_on_diploma.split()[0])) == [certificate]


def test_one_bk_unit_means_not_yet_competent_and_no_certificate(setup):
    application = f.assessed_application(setup, answers={1: "BK"})
    services.application_decide(actor=setup["admin"], application=application)
    application.refresh_from_db()
    assert application.status == Status.NOT_COMPETENT
    assert not Certificate.objects.exists()


def test_an_upheld_appeal_sends_the_file_back_for_reassessment(setup):
    application = f.assessed_application(setup, answers={0: "BK"})
    services.application_decide(actor=setup["admin"], application=application)
    appeal = services.appeal_submit(
        actor=application.person.user, application=application, reason="Metode tidak adil"
    )
    with pytest.raises(ValidationError):
        services.appeal_submit(actor=application.person.user, application=application, reason="lagi")
    services.appeal_decide(
        actor=setup["admin"], appeal=appeal, decision=AppealDecision.UPHELD, note="Uji ulang"
    )
    application.refresh_from_db()
    assert application.status == Status.SCHEDULED
    services.unit_result_save(
        actor=setup["assessor_user"],
        application=application,
        unit=setup["units"][0],
        methods=["demonstration"],
        recommendation="K",
    )
    services.assessment_complete(actor=setup["assessor_user"], application=application)
    services.application_decide(actor=setup["admin"], application=application)
    application.refresh_from_db()
    assert application.status == Status.COMPETENT


def test_pending_appeal_blocks_the_decision(setup):
    application = f.assessed_application(setup)
    services.appeal_submit(actor=application.person.user, application=application, reason="Keberatan")
    with pytest.raises(ValidationError, match="appeal is pending"):
        services.application_decide(actor=setup["admin"], application=application)


def test_revocation_removes_the_certificate_from_the_register(setup):
    application = services.application_decide(actor=setup["admin"], application=f.assessed_application(setup))
    certificate = application.certificate
    services.certificate_revoke(actor=setup["admin"], certificate=certificate, reason="Dokumen palsu")
    certificate.refresh_from_db()
    certificate.credential.refresh_from_db()
    assert certificate.revoked and certificate.credential.revoked_at is not None
    assert not selectors.register_search("").exists()


def test_renewal_links_the_new_certificate_to_the_old_one(setup):
    first = services.application_decide(actor=setup["admin"], application=f.assessed_application(setup))
    person = first.person
    renewal = services.application_start(
        actor=person.user, person=person, scheme=setup["scheme"], previous_certificate=first.certificate
    )
    assert renewal.purpose == "rcc"
    renewal.delete()
    second = f.assessed_application(setup, person=person)
    Application.objects.filter(pk=second.pk).update(previous_certificate=first.certificate)
    second.refresh_from_db()
    services.application_decide(actor=setup["admin"], application=second)
    assert Certificate.objects.get(application=second).renews == first.certificate


def test_expiry_reminder_is_sent_once(setup, settings):
    application = services.application_decide(actor=setup["admin"], application=f.assessed_application(setup))
    until = application.certificate.valid_until
    assert services.expiry_reminders_send(days=30, today=until - datetime.timedelta(days=10)) == 1
    assert services.expiry_reminders_send(days=30, today=until - datetime.timedelta(days=9)) == 0
    assert len(mail.outbox) == 1 and application.certificate.number in mail.outbox[0].body


def test_stats_count_applicants_competent_and_days(setup):
    services.application_decide(actor=setup["admin"], application=f.assessed_application(setup))
    services.application_decide(
        actor=setup["admin"], application=f.assessed_application(setup, answers={0: "BK"})
    )
    services.stats_refresh()
    assert StatRow.objects.count() >= 1
    (row,) = selectors.report_rows("scheme")
    assert row["applicants"] == 2 and row["competent"] == 1 and row["share"] == 50.0 and row["certified"] == 1
    assert row["mean_days"] == 0


@pytest.mark.django_db(transaction=True)
def test_two_administrators_cannot_overload_an_assessor_at_once(regions):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    setup = f.lsp_setup(regions, max_load=1)
    apps = [
        services.application_accept(actor=setup["admin"], application=f.complete_application(setup))
        for _ in range(2)
    ]
    services.session_add_applications(actor=setup["admin"], session=setup["session"], applications=apps)
    barrier, errors = threading.Barrier(2), []

    def assign(application):
        try:
            barrier.wait()
            services.assessor_assign(
                actor=setup["admin"], application=application, assessor=setup["assessor"]
            )
        except ValidationError as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=assign, args=(a,)) for a in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 1
    assert Application.objects.filter(assessor=setup["assessor"]).count() == 1
