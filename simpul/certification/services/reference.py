"""Reference data of an LSP: TUKs, standards and units, schemes with rules and documents, assessors."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record, snapshot
from simpul.organisations.models import Kind, Organisation

from ..models import (
    Assessor,
    DocumentKind,
    Element,
    EligibilityRule,
    RequiredDocument,
    Scheme,
    SchemeUnit,
    Standard,
    Tuk,
    Unit,
)

# The three current paths (DOMAIN.md), created with every new scheme and editable afterwards.
DEFAULT_RULES = [
    {"description": "D2 Ilmu Perpustakaan", "min_education": "D2", "library_science_required": True},
    {
        "description": "D2 bidang lain + sertifikat diklat perpustakaan berbasis kompetensi",
        "min_education": "D2",
        "training_certificate_required": True,
    },
    {
        "description": "SMA/sederajat + minimal 2 tahun bekerja terus-menerus di klaster yang dipilih",
        "min_education": "SMA",
        "min_years_in_cluster": 2,
    },
]
DEFAULT_DOCUMENTS = [
    (DocumentKind.PHOTO, True),
    (DocumentKind.IDENTITY, True),
    (DocumentKind.DIPLOMA, True),
    (DocumentKind.EMPLOYMENT, True),
    (DocumentKind.DECREE, False),
    (DocumentKind.RECOMMENDATION, True),
    (DocumentKind.CV, True),
]


def _check_lsp(lsp: Organisation) -> None:
    if lsp.kind != Kind.CERTIFICATION_BODY:
        raise ValidationError(_("Only a certification body (LSP) holds certification data."))


@transaction.atomic
def tuk_create(*, actor, lsp: Organisation, name: str, region, host=None, address: str = "") -> Tuk:
    _check_lsp(lsp)
    tuk = Tuk(lsp=lsp, name=name.strip(), region=region, host=host, address=address)
    tuk.full_clean()
    tuk.save()
    audit_record(actor=actor, action="certification.tuk.create", instance=tuk)
    return tuk


@transaction.atomic
def standard_create(*, actor, code: str, title: str, version: int) -> Standard:
    standard = Standard(code=code.strip(), title=title.strip(), version=version)
    standard.full_clean()
    standard.save()
    audit_record(actor=actor, action="certification.standard.create", instance=standard)
    return standard


@transaction.atomic
def unit_create(*, actor, standard: Standard, code: str, title: str, elements: list[tuple[str, str]]) -> Unit:
    """A unit with its elements: `elements` is [(title, criteria one per line), ...] in order."""
    unit = Unit(standard=standard, code=code.strip(), title=title.strip())
    unit.full_clean()
    unit.save()
    for order, (element_title, criteria) in enumerate(elements, start=1):
        Element.objects.create(unit=unit, order=order, title=element_title, criteria=criteria)
    audit_record(
        actor=actor, action="certification.unit.create", instance=unit, after={"elements": len(elements)}
    )
    return unit


@transaction.atomic
def scheme_create(
    *,
    actor,
    lsp: Organisation,
    code: str,
    title: str,
    units: list[Unit],
    kind: str = "cluster",
    occupation: str = "",
    kkni_level: int | None = None,
    validity_years: int = 3,
    rules: list[dict] | None = None,
    documents: list[tuple[str, bool]] | None = None,
) -> Scheme:
    """A scheme with its ordered units, eligibility rules (the three current paths unless given) and documents."""
    _check_lsp(lsp)
    if not units:
        raise ValidationError({"units": _("A scheme needs at least one unit.")})
    scheme = Scheme(
        lsp=lsp,
        code=code.strip(),
        title=title.strip(),
        kind=kind,
        occupation=occupation,
        kkni_level=kkni_level,
        validity_years=validity_years,
    )
    scheme.full_clean()
    scheme.save()
    _set_units(scheme, units)
    for rule in DEFAULT_RULES if rules is None else rules:
        EligibilityRule.objects.create(scheme=scheme, **rule)
    for doc_kind, mandatory in DEFAULT_DOCUMENTS if documents is None else documents:
        RequiredDocument.objects.create(scheme=scheme, kind=doc_kind, mandatory=mandatory)
    audit_record(actor=actor, action="certification.scheme.create", instance=scheme)
    return scheme


def _set_units(scheme: Scheme, units: list[Unit]) -> None:
    if len({u.pk for u in units}) != len(units):
        raise ValidationError({"units": _("A unit appears twice in the scheme.")})
    SchemeUnit.objects.filter(scheme=scheme).delete()
    SchemeUnit.objects.bulk_create(
        [SchemeUnit(scheme=scheme, unit=unit, order=order) for order, unit in enumerate(units, start=1)]
    )


@transaction.atomic
def scheme_set_units(*, actor, scheme: Scheme, units: list[Unit]) -> Scheme:
    """Replace the scheme's ordered units (applications already assessed keep their results)."""
    if not units:
        raise ValidationError({"units": _("A scheme needs at least one unit.")})
    before = {"units": [u.code for u in scheme.ordered_units()]}
    _set_units(scheme, units)
    audit_record(
        actor=actor,
        action="certification.scheme.units",
        instance=scheme,
        before=before,
        after={"units": [u.code for u in units]},
    )
    return scheme


@transaction.atomic
def rule_save(*, actor, scheme: Scheme, rule: EligibilityRule | None = None, **fields) -> EligibilityRule:
    rule = rule or EligibilityRule(scheme=scheme)
    before = snapshot(rule) if rule.pk else None
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save()
    audit_record(actor=actor, action="certification.rule.save", instance=rule, before=before)
    return rule


@transaction.atomic
def assessor_create(
    *, actor, lsp: Organisation, person, met_number: str, schemes: list[Scheme], max_load: int = 10
) -> Assessor:
    _check_lsp(lsp)
    if any(s.lsp_id != lsp.pk for s in schemes):
        raise ValidationError({"schemes": _("An assessor assesses only schemes of their own LSP.")})
    assessor = Assessor(lsp=lsp, person=person, met_number=met_number.strip(), max_load=max_load)
    assessor.full_clean()
    assessor.save()
    assessor.schemes.set(schemes)
    audit_record(actor=actor, action="certification.assessor.create", instance=assessor)
    return assessor


@transaction.atomic
def assessor_update(
    *,
    actor,
    assessor: Assessor,
    schemes: list[Scheme] | None = None,
    max_load: int | None = None,
    is_active: bool | None = None,
) -> Assessor:
    before = snapshot(assessor)
    if max_load is not None:
        assessor.max_load = max_load
    if is_active is not None:
        assessor.is_active = is_active
    assessor.full_clean()
    assessor.save()
    if schemes is not None:
        if any(s.lsp_id != assessor.lsp_id for s in schemes):
            raise ValidationError({"schemes": _("An assessor assesses only schemes of their own LSP.")})
        assessor.schemes.set(schemes)
    audit_record(actor=actor, action="certification.assessor.update", instance=assessor, before=before)
    return assessor
