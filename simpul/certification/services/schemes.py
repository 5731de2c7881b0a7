"""Certification schemes of an LSP: ordered units shared between schemes, required documents, eligibility rules."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from simpul.core.audit import audit_record, has_changes, snapshot
from simpul.organisations.models import Organisation

from ..answers import REGISTER
from ..models import (
    Application,
    DocumentKind,
    EligibilityRule,
    RequiredDocument,
    Scheme,
    SchemeUnit,
    Unit,
)
from ._common import check_lsp, in_progress, refuse_duplicate, switch_active

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


def _scheme_code_free(scheme: Scheme) -> None:
    refuse_duplicate(
        Scheme.objects.filter(lsp_id=scheme.lsp_id, code__iexact=scheme.code),
        scheme,
        "code",
        _("Another scheme of this LSP already has the code %(code)s.") % {"code": scheme.code},
    )


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
    check_lsp(lsp)
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
    _scheme_code_free(scheme)
    scheme.full_clean()
    scheme.save()
    _set_units(scheme, units)
    for rule in DEFAULT_RULES if rules is None else rules:
        EligibilityRule.objects.create(scheme=scheme, **rule)
    for doc_kind, mandatory in DEFAULT_DOCUMENTS if documents is None else documents:
        RequiredDocument.objects.create(scheme=scheme, kind=doc_kind, mandatory=mandatory)
    audit_record(actor=actor, action="certification.scheme.create", instance=scheme)
    REGISTER.changed()  # the register's scheme filter lists it
    return scheme


SCHEME_FIELDS = ("code", "title", "kind", "occupation", "kkni_level", "validity_years")


@transaction.atomic
def scheme_update(
    *,
    actor,
    scheme: Scheme,
    units: list[Unit] | None = None,
    documents: list[tuple[str, bool]] | None = None,
    **fields,
) -> Scheme:
    """Correct a scheme's details (`fields`: any of SCHEME_FIELDS) and, when given, its ordered units (through
    `scheme_set_units`) and required documents (through `scheme_set_documents`), all or nothing. A new
    validity period applies to certificates issued from now on; those issued keep their dates."""
    unknown = set(fields) - set(SCHEME_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    before = snapshot(scheme)
    for name, value in fields.items():
        setattr(scheme, name, value.strip() if isinstance(value, str) else value)
    _scheme_code_free(scheme)
    scheme.full_clean()
    if has_changes(before, scheme):
        scheme.save()
        audit_record(actor=actor, action="certification.scheme.update", instance=scheme, before=before)
        REGISTER.changed()  # the register shows its title and code
    if units is not None and [u.pk for u in units] != [u.pk for u in scheme.ordered_units()]:
        scheme_set_units(actor=actor, scheme=scheme, units=units)
    if documents is not None:
        scheme_set_documents(actor=actor, scheme=scheme, documents=documents)
    return scheme


@transaction.atomic
def scheme_set_active(*, actor, scheme: Scheme, is_active: bool) -> Scheme:
    """A closed scheme takes no new applications (`application_start` refuses them and says why); those in
    progress go on to their decision."""
    switch_active(
        actor=actor,
        instance=scheme,
        is_active=is_active,
        actions=("certification.scheme.close", "certification.scheme.open"),
    )
    REGISTER.changed()  # the register's scheme filter lists open schemes only
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
    """Replace the scheme's ordered units. Reordering is always allowed; adding or removing a unit is refused
    while applications of the scheme are in progress (draft to assessed), whose self-assessments and results
    follow the units they started with."""
    if not units:
        raise ValidationError({"units": _("A scheme needs at least one unit.")})
    current = scheme.ordered_units()
    if {u.pk for u in units} != {u.pk for u in current}:
        waiting = in_progress(Application.objects.filter(scheme=scheme))
        if waiting:
            raise ValidationError(
                {
                    "units": ngettext(
                        "%(n)s application of this scheme is in progress: its units can be reordered, not "
                        "added or removed, until it is decided or withdrawn. Close the scheme to new "
                        "applications meanwhile, or create a new scheme.",
                        "%(n)s applications of this scheme are in progress: its units can be reordered, not "
                        "added or removed, until they are decided or withdrawn. Close the scheme to new "
                        "applications meanwhile, or create a new scheme.",
                        waiting,
                    )
                    % {"n": waiting}
                }
            )
    _set_units(scheme, units)
    audit_record(
        actor=actor,
        action="certification.scheme.units",
        instance=scheme,
        before={"units": [u.code for u in current]},
        after={"units": [u.code for u in units]},
    )
    return scheme


def _documents_of(scheme: Scheme) -> dict[str, bool]:
    return dict(scheme.required_documents.values_list("kind", "mandatory"))


@transaction.atomic
def scheme_set_documents(*, actor, scheme: Scheme, documents: list[tuple[str, bool]]) -> Scheme:
    """The documents an applicant uploads, as (kind, mandatory) pairs. Applications already submitted are
    checked against the new list when the LSP accepts them; files already uploaded stay."""
    wanted = dict(documents)
    if len(wanted) != len(documents) or set(wanted) - set(DocumentKind.values):
        raise ValidationError({"documents": _("Name each kind of document once.")})
    before = _documents_of(scheme)
    if wanted == before:
        return scheme
    scheme.required_documents.exclude(kind__in=wanted).delete()
    for kind, mandatory in wanted.items():
        RequiredDocument.objects.update_or_create(scheme=scheme, kind=kind, defaults={"mandatory": mandatory})
    audit_record(
        actor=actor,
        action="certification.scheme.documents",
        instance=scheme,
        before={"documents": before},
        after={"documents": wanted},
    )
    return scheme


@transaction.atomic
def rule_save(*, actor, scheme: Scheme, rule: EligibilityRule | None = None, **fields) -> EligibilityRule:
    """Add a path to eligibility or edit one; applications are checked against the rules as they are when
    submitted and again when the LSP accepts them."""
    rule = rule or EligibilityRule(scheme=scheme)
    before = snapshot(rule) if rule.pk else None
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.full_clean()
    same = EligibilityRule.objects.filter(
        scheme_id=rule.scheme_id,
        min_education=rule.min_education,
        library_science_required=rule.library_science_required,
        training_certificate_required=rule.training_certificate_required,
        min_years_in_cluster=rule.min_years_in_cluster,
    ).exclude(pk=rule.pk)
    if same.exists():
        raise ValidationError(_("This scheme already has a rule with the same conditions."))
    rule.save()
    audit_record(actor=actor, action="certification.rule.save", instance=rule, before=before)
    return rule


@transaction.atomic
def rule_remove(*, actor, rule: EligibilityRule) -> None:
    """Remove a path to eligibility. A scheme keeps at least one (with none, nobody is eligible); the scheme's
    row is locked so two removals at once cannot leave it none."""
    Scheme.objects.select_for_update().get(pk=rule.scheme_id)
    if not EligibilityRule.objects.filter(scheme_id=rule.scheme_id).exclude(pk=rule.pk).exists():
        raise ValidationError(_("A scheme needs at least one eligibility rule: edit this one instead."))
    audit_record(
        actor=actor, action="certification.rule.remove", instance=rule, before=snapshot(rule), after={}
    )
    rule.delete()
