import datetime
import io

import pytest
from openpyxl import load_workbook

from simpul.certification import selectors
from simpul.certification.exports import report_xlsx
from simpul.certification.models import Application, AssessmentSession, Certificate, StatRow, Status
from simpul.credentials.services import signature_is_valid
from simpul.demo import seed as demo_seed
from simpul.demo.gen_certification import generate_certification, remove_generated_certification

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-certification")]


def test_the_sukoharjo_session_has_61_applicants_at_every_stage(seeded):
    session = AssessmentSession.objects.get(event__title__startswith="Sertifikasi Kompetensi Pustakawan 2023")
    assert session.event.starts_at.date() == datetime.date(2023, 9, 25)
    assert session.tuk.name == "TUK Perpustakaan UMS"
    applications = Application.objects.filter(session=session)
    assert applications.count() == 61
    stages = set(applications.values_list("status", flat=True))
    assert {Status.COMPETENT, Status.NOT_COMPETENT, Status.ASSESSED, Status.SCHEDULED} <= stages
    assert {"31", "32", "33"} <= set(applications.values_list("province_code", flat=True))
    assert {"school", "university", "public"} <= set(applications.values_list("library_type", flat=True))
    early = set(Application.objects.filter(session__isnull=True).values_list("status", flat=True))
    assert {Status.DRAFT, Status.SUBMITTED, Status.ACCEPTED, Status.RETURNED} <= early
    certificate = Certificate.objects.filter(application__session=session).first()
    assert certificate.issued_on == datetime.date(2023, 10, 16)
    assert signature_is_valid(certificate.credential)
    renewed = Certificate.objects.filter(renews__isnull=False)
    assert renewed.count() == 8 and all(c.is_valid for c in renewed)
    assert StatRow.objects.exists()


def test_seeding_twice_adds_no_application(seeded):
    counts = (Application.objects.count(), Certificate.objects.count())
    demo_seed.run()
    assert (Application.objects.count(), Certificate.objects.count()) == counts


def test_the_demo_generator_makes_signed_certificates_and_removes_them(seeded):
    before = (Application.objects.count(), Certificate.objects.count())
    counts = generate_certification(scale="demo", seed=7, log=lambda *_: None)
    assert counts["applications"] > 0 and counts["certificates"] > 0
    assert Application.objects.count() == before[0] + counts["applications"]
    newest = Certificate.objects.order_by("-id").first()
    assert signature_is_valid(newest.credential)
    assert selectors.register_search(newest.holder_name[:5]).exists() or not newest.is_valid
    workbook = load_workbook(filename=io.BytesIO(report_xlsx(selectors.report_rows("province"), "Laporan")))
    sheet = workbook.active
    assert sheet["A1"].value == "Kelompok" and sheet.max_row > 1
    removed = remove_generated_certification(log=lambda *_: None)
    assert removed > 0
    assert (Application.objects.count(), Certificate.objects.count()) == before
