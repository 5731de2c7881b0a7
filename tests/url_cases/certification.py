"""Every-URL table for simpul.certification: see tests/url_cases/__init__.py.

The member is the applicant (a competent application with its certificate); the site admin manages the LSP;
the officer (an association officer) and the outsider hold no certification role."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import quote

from django.urls import reverse

from simpul.certification import services
from simpul.certification.tests import factories as f
from tests.url_cases import LOGIN, Case, Redirect, case, owner_only, post_only, public, signed_in  # noqa: F401

LSP_ONLY = case(403, anonymous=LOGIN, admin=200)


def _app(s):
    return {"pk": s.cert_application.pk}


def _mine_or_lsp(**options):
    """An object of the member's, which the LSP's administrators (here the site admin) also open."""
    return case(404, anonymous=LOGIN, member=200, admin=200, **options)


def _lsp_object(kwargs):
    """An object of the LSP, which its administrators (here the site admin) open."""
    return case(404, anonymous=LOGIN, admin=200, kwargs=kwargs)


CASES: dict = {
    "certification:index": public(),
    "certification:register": [public(), public(query="q=sri&scheme=1"), public(query="scheme=x&page=9")],
    "certification:scheme": public(kwargs=lambda s: {"pk": s.cert_scheme.pk}),
    "certification:mine": signed_in(),
    "certification:portfolio": signed_in(),
    "certification:person_portfolio": _mine_or_lsp(
        kwargs=lambda s: {"person_pk": s.cert_application.person_id}
    ),
    "certification:apply": signed_in(kwargs=lambda s: {"scheme_pk": s.cert_scheme.pk}),
    "certification:renew": case(
        404,
        anonymous=LOGIN,
        member=Redirect("certification:index"),
        kwargs=lambda s: {"pk": s.cert_certificate.pk},
        why="the holder is sent on to a new RCC application",
    ),
    "certification:application": _mine_or_lsp(kwargs=_app),
    "certification:application_edit": owner_only(kwargs=_app),
    "certification:apl02": owner_only(kwargs=_app),
    "certification:document_upload": post_only(kwargs=_app),
    "certification:document": _mine_or_lsp(kwargs=lambda s: {"pk": s.cert_document.pk}),
    "certification:submit": post_only(kwargs=_app),
    "certification:withdraw": post_only(kwargs=_app),
    "certification:consent": post_only(kwargs=_app),
    "certification:appeal": owner_only(kwargs=_app),
    "certification:apl01_pdf": _mine_or_lsp(kwargs=_app),
    "certification:apl02_pdf": _mine_or_lsp(kwargs=_app),
    "certification:manage": LSP_ONLY,
    "certification:manage_applications": [
        LSP_ONLY,
        case(403, anonymous=LOGIN, admin=200, query="status=competent&q=a"),
    ],
    "certification:accept": post_only(kwargs=_app),
    "certification:return": post_only(kwargs=_app),
    "certification:assign": post_only(kwargs=_app),
    "certification:decide": post_only(kwargs=_app),
    "certification:correct": post_only(kwargs=_app),
    "certification:appeal_decide": post_only(kwargs=lambda s: {"pk": s.cert_appeal.pk}),
    "certification:certificate_revoke": post_only(kwargs=lambda s: {"pk": s.cert_certificate.pk}),
    "certification:sessions": LSP_ONLY,
    "certification:session": _lsp_object(lambda s: {"pk": s.cert_session.pk}),
    "certification:schedule": post_only(kwargs=lambda s: {"pk": s.cert_session.pk}),
    "certification:attendance_pdf": _lsp_object(lambda s: {"pk": s.cert_session.pk}),
    "certification:reference": LSP_ONLY,
    "certification:rule_add": post_only(kwargs=lambda s: {"pk": s.cert_scheme.pk}),
    # reference data edit pages: found through the LSP's scope, anyone else is told they do not exist
    "certification:tuk_edit": _lsp_object(lambda s: {"pk": s.cert_tuk.pk}),
    "certification:tuk_active": post_only(kwargs=lambda s: {"pk": s.cert_tuk.pk}),
    "certification:assessor_edit": _lsp_object(lambda s: {"pk": s.cert_assessor.pk}),
    "certification:assessor_active": post_only(kwargs=lambda s: {"pk": s.cert_assessor.pk}),
    "certification:scheme_edit": _lsp_object(lambda s: {"pk": s.cert_scheme.pk}),
    "certification:scheme_active": post_only(kwargs=lambda s: {"pk": s.cert_scheme.pk}),
    "certification:rule_edit": _lsp_object(lambda s: {"pk": s.cert_rule.pk}),
    "certification:rule_remove": post_only(kwargs=lambda s: {"pk": s.cert_rule.pk}),
    "certification:standard_edit": _lsp_object(lambda s: {"pk": s.cert_standard.pk}),
    "certification:unit_edit": _lsp_object(lambda s: {"pk": s.cert_unit.pk}),
    "certification:reports": [LSP_ONLY, case(403, anonymous=LOGIN, admin=200, query="by=province&year=2023")],
    "certification:report_xlsx": LSP_ONLY,
    "certification:assess_list": case(403, anonymous=LOGIN, admin=200),
    "certification:assess_application": case(
        404,
        anonymous=LOGIN,
        kwargs=_app,
        why="only the assigned assessor opens an assessee, not even a site admin",
    ),
    "certification:assess_unit": post_only(
        kwargs=lambda s: {"pk": s.cert_application.pk, "unit_pk": s.cert_unit.pk}
    ),
    "certification:assess_complete": post_only(kwargs=_app),
    "api:certification_register": [public(), public(query="q=pustakawan&limit=5")],
    "api:certification_certificate": [
        public(
            path=lambda s: (
                f"{reverse('api:certification_certificate')}?number={quote(s.cert_certificate.number)}"
            )
        ),
        case(404, query="number=NOPE"),
    ],
}


def samples(s: SimpleNamespace) -> dict:
    """Sample objects the URLs above need, made with the app's services; s holds regions, ipi, users."""
    setup = f.lsp_setup(s.regions)
    member = s.users["member"].person
    application = f.assessed_application(setup, person=member, library_science=True)
    application = services.application_decide(actor=setup["admin"], application=application)
    other = f.assessed_application(setup, answers={0: "BK"})
    appeal = services.appeal_submit(actor=other.person.user, application=other, reason="Keberatan")
    return {
        "cert_scheme": setup["scheme"],
        "cert_tuk": setup["tuk"],
        "cert_assessor": setup["assessor"],
        "cert_rule": setup["scheme"].rules.first(),
        "cert_standard": setup["standard"],
        "cert_unit": setup["units"][0],
        "cert_session": setup["session"],
        "cert_application": application,
        "cert_certificate": application.certificate,
        "cert_document": application.documents.first(),
        "cert_appeal": appeal,
    }
