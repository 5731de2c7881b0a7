"""Certification test data, built through the services (so the rules hold)."""

import datetime

from django.utils import timezone

from simpul.organisations.models import Kind, Role
from simpul.people.models import Education
from simpul.testing import factories

from .. import services
from ..models import DocumentKind, Element
from ..samples import PDF, pdf_upload, png_upload  # noqa: F401


def lsp_setup(regions, *, units=2, max_load=10, capacity=30) -> dict:
    """An LSP with its admin, a TUK, a standard with units, a scheme, an assessor and a session."""
    lsp = factories.OrganisationFactory(
        kind=Kind.CERTIFICATION_BODY, name="LSP Pustakawan", short_name="LSP-PUS", region=regions["31.71"]
    )
    admin = factories.PersonFactory(full_name="Nurul Hidayah", user__email="lsp@example.org")
    factories.grant(admin, Role.CERTIFICATION_ADMIN, organisation=lsp)
    assessor_person = factories.PersonFactory(
        full_name="Bambang Supriyanto", user__email="asesor@example.org"
    )
    factories.grant(assessor_person, Role.ASSESSOR, organisation=lsp)
    tuk = services.tuk_create(actor=None, lsp=lsp, name="TUK Perpustakaan UMS", region=regions["33.11"])
    standard = services.standard_create(
        actor=None, code="Kepmenaker 236/2019", title="SKKNI Perpustakaan", version=2019
    )
    made = [
        services.unit_create(
            actor=None,
            standard=standard,
            code=f"R.91PRP02.0{i:02d}.1",
            title=f"Unit {i}",
            elements=[(f"Elemen {i}.1", "KUK a\nKUK b"), (f"Elemen {i}.2", "KUK c")],
        )
        for i in range(1, units + 1)
    ]
    scheme = services.scheme_create(
        actor=None, lsp=lsp, code="KL-PK", title="Pengembangan Koleksi", units=made, kkni_level=6
    )
    assessor = services.assessor_create(
        actor=None,
        lsp=lsp,
        person=assessor_person,
        met_number="MET.000.001234.2019",
        schemes=[scheme],
        max_load=max_load,
    )
    start = timezone.make_aware(datetime.datetime(2023, 9, 25, 8, 0))
    session = services.session_create(
        actor=None,
        tuk=tuk,
        schemes=[scheme],
        title="Uji Kompetensi Sukoharjo 2023",
        starts_at=start,
        ends_at=start + datetime.timedelta(days=2, hours=8),
        capacity=capacity,
    )
    return {
        "lsp": lsp,
        "admin": admin.user,
        "assessor_user": assessor_person.user,
        "assessor": assessor,
        "tuk": tuk,
        "scheme": scheme,
        "units": made,
        "session": session,
        "standard": standard,
    }


def applicant(*, email=None, level="D3", library_science=True):
    person = factories.PersonFactory(**({"user__email": email} if email else {}))
    Education.objects.create(
        person=person,
        level=level,
        institution="Universitas Terbuka",
        major="Ilmu Perpustakaan",
        is_library_science=library_science,
        graduation_year=2010,
    )
    return person


def complete_application(setup, person=None, **fields):
    """A submitted application: APL-01 from the profile, every element K, every mandatory document."""
    person = person or applicant()
    application = services.application_start(
        actor=person.user, person=person, scheme=setup["scheme"], **fields
    )
    elements = Element.objects.filter(unit__in=setup["units"])
    services.self_assessment_save(
        actor=person.user,
        application=application,
        answers={e.pk: ("K", "SK kepala perpustakaan") for e in elements},
    )
    for required in setup["scheme"].required_documents.filter(mandatory=True):
        upload = png_upload() if required.kind == DocumentKind.PHOTO else pdf_upload()
        services.document_add(actor=person.user, application=application, kind=required.kind, upload=upload)
    return services.application_submit(actor=person.user, application=application)


def assessed_application(setup, person=None, answers=None, **fields):
    application = complete_application(setup, person, **fields)
    application = services.application_accept(actor=setup["admin"], application=application)
    services.session_add_applications(
        actor=setup["admin"], session=setup["session"], applications=[application]
    )
    application = services.assessor_assign(
        actor=setup["admin"], application=application, assessor=setup["assessor"]
    )
    services.consent_record(actor=application.person.user, application=application)
    for i, unit in enumerate(setup["units"]):
        recommendation = (answers or {}).get(i, "K")
        services.unit_result_save(
            actor=setup["assessor_user"],
            application=application,
            unit=unit,
            methods=["written", "interview"],
            recommendation=recommendation,
            feedback="Baik",
        )
    return services.assessment_complete(actor=setup["assessor_user"], application=application)
