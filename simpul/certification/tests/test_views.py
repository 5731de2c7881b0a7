import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from simpul.credentials.models import Credential
from simpul.organisations.models import Role
from simpul.testing import factories as base

from .. import services
from ..models import Application, Element, Status
from . import factories as f


@pytest.fixture
def setup(regions):
    return f.lsp_setup(regions)


def _text(response) -> str:
    return response.content.decode()


def test_an_applicant_goes_from_apl01_to_submission_in_the_browser_flow(setup, client):
    person = f.applicant(email="sri@example.org")
    client.force_login(person.user)
    page = client.get(reverse("certification:apply", args=[setup["scheme"].pk]))
    assert person.full_name.upper() in _text(page)  # APL-01 filled from the profile, in capitals
    response = client.post(
        reverse("certification:apply", args=[setup["scheme"].pk]),
        {
            "purpose": "certification",
            "name_on_diploma": "sri  wahyuni, a.md.",
            "education_level": "D3",
            "library_science": "on",
            "years_in_cluster": "3",
        },
    )
    application = Application.objects.get(person=person)
    assert response.url == reverse("certification:apl02", args=[application.pk])
    assert application.name_on_diploma == "SRI WAHYUNI, A.MD."
    elements = Element.objects.filter(unit__in=setup["units"])
    data = {f"e{e.pk}": "K" for e in elements} | {f"n{e.pk}": "Laporan kegiatan" for e in elements}
    client.post(reverse("certification:apl02", args=[application.pk]), data)
    assert application.self_assessments.count() == elements.count()
    bad = client.post(
        reverse("certification:document_upload", args=[application.pk]),
        {"kind": "diploma", "file": SimpleUploadedFile("ijazah.pdf", b"just text")},
        follow=True,
    )
    assert "is not a PDF, JPEG or PNG" in _text(bad) or "bukan berkas PDF" in _text(bad)
    refused = client.post(reverse("certification:submit", args=[application.pk]), follow=True)
    assert application.scheme.required_documents.first().get_kind_display() in _text(refused)
    for required in setup["scheme"].required_documents.filter(mandatory=True):
        upload = f.png_upload() if required.kind == "photo" else f.pdf_upload()
        client.post(
            reverse("certification:document_upload", args=[application.pk]),
            {"kind": required.kind, "file": upload},
        )
    client.post(reverse("certification:submit", args=[application.pk]))
    client.post(reverse("certification:submit", args=[application.pk]))  # a double click
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_an_ineligible_application_shows_why_on_its_page(setup, client):
    person = f.applicant(level="SMA", library_science=False)
    with pytest.raises(ValidationError):
        f.complete_application(setup, person, years_in_cluster=0)
    application = Application.objects.get(person=person)
    client.force_login(person.user)
    page = _text(client.get(reverse("certification:application", args=[application.pk])))
    assert application.eligibility_reason and application.eligibility_reason[:30] in page


def test_applicants_see_only_their_own_file(setup, client, outsider_user):
    application = f.complete_application(setup)
    client.force_login(outsider_user)
    assert client.get(reverse("certification:application", args=[application.pk])).status_code == 404
    assert client.get(reverse("certification:apl01_pdf", args=[application.pk])).status_code == 404


def test_the_lsp_returns_with_a_reason_the_applicant_reads(setup, client):
    application = f.complete_application(setup)
    client.force_login(setup["admin"])
    client.post(reverse("certification:return", args=[application.pk]), {"reason": "KTP tidak terbaca"})
    client.force_login(application.person.user)
    page = _text(client.get(reverse("certification:application", args=[application.pk])))
    assert "KTP tidak terbaca" in page


def test_an_assessor_sees_only_assessees_assigned_to_them(setup, client, regions):
    mine = f.assessed_application(setup)
    other_person = f.applicant()
    other_assessor = services.assessor_create(
        actor=None, lsp=setup["lsp"], person=other_person, met_number="MET-9", schemes=[setup["scheme"]]
    )
    base.grant(other_person, Role.ASSESSOR, organisation=setup["lsp"])
    client.force_login(other_person.user)
    assert client.get(reverse("certification:assess_application", args=[mine.pk])).status_code == 404
    assert mine.name_on_diploma not in _text(client.get(reverse("certification:assess_list")))
    client.force_login(setup["assessor_user"])
    assert mine.name_on_diploma in _text(client.get(reverse("certification:assess_list")))
    assert other_assessor.pk


def test_the_assessor_records_a_unit_result_by_form(setup, client):
    application = f.complete_application(setup)
    services.application_accept(actor=setup["admin"], application=application)
    services.session_add_applications(
        actor=setup["admin"], session=setup["session"], applications=[application]
    )
    services.assessor_assign(actor=setup["admin"], application=application, assessor=setup["assessor"])
    client.force_login(setup["assessor_user"])
    client.post(reverse("certification:consent", args=[application.pk]))
    unit = setup["units"][0]
    prefix = f"u{unit.pk}"
    client.post(
        reverse("certification:assess_unit", args=[application.pk, unit.pk]),
        {
            f"{prefix}-methods": ["written", "interview"],
            f"{prefix}-recommendation": "BK",
            f"{prefix}-feedback": "Ulangi",
        },
    )
    result = application.results.get()
    assert result.recommendation == "BK" and result.methods == ["written", "interview"]


def test_the_decision_issues_one_certificate_shown_in_the_register_and_api(
    setup, client, django_capture_on_commit_callbacks
):
    application = f.assessed_application(setup)
    client.force_login(setup["admin"])
    client.post(reverse("certification:decide", args=[application.pk]))
    client.post(reverse("certification:decide", args=[application.pk]))
    assert Credential.objects.count() == 1
    certificate = Application.objects.get(pk=application.pk).certificate
    client.logout()
    name = application.name_on_diploma.split()[0]
    page = _text(client.get(reverse("certification:register"), {"q": name}))
    assert certificate.number in page
    data = client.get(reverse("api:certification_register"), {"q": name}).json()
    assert data["items"][0]["number"] == certificate.number and data["items"][0]["status"] == "valid"
    detail = client.get(reverse("api:certification_certificate"), {"number": certificate.number}).json()
    assert detail["units"] == [u.code for u in setup["units"]] and detail["kkni_level"] == 6
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_revoke(actor=setup["admin"], certificate=certificate, reason="Dicabut")
    assert certificate.number not in _text(client.get(reverse("certification:register"), {"q": name}))
    assert (
        client.get(reverse("api:certification_certificate"), {"number": certificate.number}).json()["status"]
        == "revoked"
    )


def test_pdfs_are_real_and_carry_the_filled_forms(setup, client):
    application = f.assessed_application(setup)
    client.force_login(application.person.user)
    apl01 = PdfReader(
        io.BytesIO(client.get(reverse("certification:apl01_pdf", args=[application.pk])).content)
    )
    text = apl01.pages[0].extract_text()
    assert "FR.APL.01" in text and application.name_on_diploma in text
    apl02 = PdfReader(
        io.BytesIO(client.get(reverse("certification:apl02_pdf", args=[application.pk])).content)
    )
    assert "Elemen 1.1" in apl02.pages[0].extract_text()
    client.force_login(setup["admin"])
    attendance = client.get(reverse("certification:attendance_pdf", args=[setup["session"].pk]))
    assert application.name_on_diploma in PdfReader(io.BytesIO(attendance.content)).pages[0].extract_text()


def test_the_report_exports_an_xlsx_with_the_share_competent(setup, client):
    services.application_decide(actor=setup["admin"], application=f.assessed_application(setup))
    services.stats_refresh()
    client.force_login(setup["admin"])
    page = _text(client.get(reverse("certification:reports"), {"by": "scheme"}))
    assert "100.0%" in page or "100,0%" in page
    response = client.get(reverse("certification:report_xlsx"), {"by": "scheme"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == 1 and sheet["E2"].value == 100.0


def test_the_portfolio_gathers_certificates_and_memberships(setup, client):
    application = services.application_decide(actor=setup["admin"], application=f.assessed_application(setup))
    client.force_login(application.person.user)
    page = _text(client.get(reverse("certification:portfolio")))
    assert application.certificate.number in page


def test_reference_data_forms_add_a_tuk_and_report_bad_input(setup, client):
    client.force_login(setup["admin"])
    bad = client.post(
        reverse("certification:reference"), {"form": "tuk", "name": "TUK Baru", "region": "99.99"}
    )
    assert "99.99" in _text(bad)
    client.post(reverse("certification:reference"), {"form": "tuk", "name": "TUK Baru", "region": "33.11"})
    assert "TUK Baru" in _text(client.get(reverse("certification:reference")))


def test_other_roles_cannot_open_the_lsp_workspace(setup, client, officer_user):
    client.force_login(officer_user)
    assert client.get(reverse("certification:manage")).status_code == 403
    assert client.get(reverse("certification:session", args=[setup["session"].pk])).status_code == 404
