"""Reference data of an LSP: TUKs, SKKNI standards and units, assessors (schemes and rules: schemes.py)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from simpul.core.audit import audit_record, snapshot
from simpul.organisations.models import Organisation

from ..models import Application, Assessor, Element, Scheme, SelfAssessment, Standard, Status, Tuk, Unit
from ._common import check_lsp, in_progress, refuse_duplicate, switch_active


def _tuk_name_free(tuk: Tuk) -> None:
    refuse_duplicate(
        Tuk.objects.filter(lsp_id=tuk.lsp_id, name__iexact=tuk.name),
        tuk,
        "name",
        _("Another TUK of this LSP is already called %(name)s.") % {"name": tuk.name},
    )


@transaction.atomic
def tuk_create(*, actor, lsp: Organisation, name: str, region, host=None, address: str = "") -> Tuk:
    check_lsp(lsp)
    tuk = Tuk(lsp=lsp, name=name.strip(), region=region, host=host, address=address)
    _tuk_name_free(tuk)
    tuk.full_clean()
    tuk.save()
    audit_record(actor=actor, action="certification.tuk.create", instance=tuk)
    return tuk


@transaction.atomic
def tuk_update(*, actor, tuk: Tuk, name: str, region, address: str = "") -> Tuk:
    """Correct a TUK's name, region or address. Sessions already held there keep their event's venue."""
    before = snapshot(tuk)
    tuk.name, tuk.region, tuk.address = name.strip(), region, address.strip()
    _tuk_name_free(tuk)
    tuk.full_clean()
    tuk.save()
    audit_record(actor=actor, action="certification.tuk.update", instance=tuk, before=before)
    return tuk


@transaction.atomic
def tuk_set_active(*, actor, tuk: Tuk, is_active: bool) -> Tuk:
    """A retired TUK is not offered for new sessions (`session_create` refuses it); sessions already planned
    there keep it."""
    switch_active(
        actor=actor,
        instance=tuk,
        is_active=is_active,
        actions=("certification.tuk.retire", "certification.tuk.reactivate"),
    )
    return tuk


def _standard_free(standard: Standard) -> None:
    refuse_duplicate(
        Standard.objects.filter(code__iexact=standard.code, version=standard.version),
        standard,
        "code",
        _("%(standard)s is already recorded.") % {"standard": standard},
    )


@transaction.atomic
def standard_create(*, actor, code: str, title: str, version: int) -> Standard:
    standard = Standard(code=code.strip(), title=title.strip(), version=version)
    _standard_free(standard)
    standard.full_clean()
    standard.save()
    audit_record(actor=actor, action="certification.standard.create", instance=standard)
    return standard


@transaction.atomic
def standard_update(*, actor, standard: Standard, code: str, title: str, version: int) -> Standard:
    before = snapshot(standard)
    standard.code, standard.title, standard.version = code.strip(), title.strip(), version
    _standard_free(standard)
    standard.full_clean()
    standard.save()
    audit_record(actor=actor, action="certification.standard.update", instance=standard, before=before)
    return standard


def _unit_code_free(unit: Unit) -> None:
    refuse_duplicate(
        Unit.objects.filter(code__iexact=unit.code),
        unit,
        "code",
        _("Another unit already has the code %(code)s.") % {"code": unit.code},
    )


@transaction.atomic
def unit_create(*, actor, standard: Standard, code: str, title: str, elements: list[tuple[str, str]]) -> Unit:
    """A unit with its elements: `elements` is [(title, criteria one per line), ...] in order."""
    unit = Unit(standard=standard, code=code.strip(), title=title.strip())
    _unit_code_free(unit)
    unit.full_clean()
    unit.save()
    for order, (element_title, criteria) in enumerate(elements, start=1):
        Element.objects.create(unit=unit, order=order, title=element_title, criteria=criteria)
    audit_record(
        actor=actor, action="certification.unit.create", instance=unit, after={"elements": len(elements)}
    )
    return unit


def _element_lines(elements) -> list[str]:
    return [f"{e.title}: {'; '.join(e.criteria_list)}" for e in elements]


@transaction.atomic
def unit_update(
    *, actor, unit: Unit, standard: Standard, code: str, title: str, elements: list[tuple[str, str]]
) -> Unit:
    """Correct a unit and its elements, matched by position: the n-th element given edits the n-th element, so
    the answers and results recorded against it stay. Adding or removing elements is refused while a scheme
    using the unit has applications in progress (their self-assessment would no longer cover it), and an
    element answered in any application is never removed."""
    if not elements:
        raise ValidationError({"elements": _("Give at least one element.")})
    current = list(unit.elements.order_by("order", "id"))
    if len(elements) != len(current):
        waiting = in_progress(Application.objects.filter(scheme__scheme_units__unit=unit))
        if waiting:
            raise ValidationError(
                {
                    "elements": ngettext(
                        "%(n)s application in progress uses this unit: its elements cannot be added or "
                        "removed until it is decided or withdrawn; their wording can be corrected.",
                        "%(n)s applications in progress use this unit: its elements cannot be added or "
                        "removed until they are decided or withdrawn; their wording can be corrected.",
                        waiting,
                    )
                    % {"n": waiting}
                }
            )
    surplus = current[len(elements) :]
    answered = [e for e in surplus if SelfAssessment.objects.filter(element=e).exists()]
    if answered:
        raise ValidationError(
            {
                "elements": _("The element “%(element)s” is answered in earlier applications and stays.")
                % {"element": answered[0].title}
            }
        )
    before = snapshot(unit) | {"elements": _element_lines(current)}
    unit.standard, unit.code, unit.title = standard, code.strip(), title.strip()
    _unit_code_free(unit)
    unit.full_clean()
    unit.save()
    for order, (element_title, criteria) in enumerate(elements, start=1):
        element = current[order - 1] if order <= len(current) else Element(unit=unit)
        element.order, element.title, element.criteria = order, element_title, criteria
        element.full_clean()
        element.save()
    Element.objects.filter(pk__in=[e.pk for e in surplus]).delete()
    after = snapshot(unit) | {"elements": _element_lines(unit.elements.order_by("order", "id"))}
    audit_record(actor=actor, action="certification.unit.update", instance=unit, before=before, after=after)
    return unit


def _met_number_free(assessor: Assessor) -> None:
    refuse_duplicate(
        Assessor.objects.filter(met_number__iexact=assessor.met_number),
        assessor,
        "met_number",
        _("Another assessor already has the MET number %(met)s.") % {"met": assessor.met_number},
    )


def _refuse_other_lsps_schemes(lsp_id: int, schemes: list[Scheme]) -> None:
    if any(s.lsp_id != lsp_id for s in schemes):
        raise ValidationError({"schemes": _("An assessor assesses only schemes of their own LSP.")})


@transaction.atomic
def assessor_create(
    *, actor, lsp: Organisation, person, met_number: str, schemes: list[Scheme], max_load: int = 10
) -> Assessor:
    check_lsp(lsp)
    _refuse_other_lsps_schemes(lsp.pk, schemes)
    assessor = Assessor(lsp=lsp, person=person, met_number=met_number.strip(), max_load=max_load)
    _met_number_free(assessor)
    assessor.full_clean()
    assessor.save()
    assessor.schemes.set(schemes)
    audit_record(actor=actor, action="certification.assessor.create", instance=assessor)
    return assessor


def _waiting_for(assessor: Assessor, scheme_ids=None) -> dict[str, int]:
    """Assessees scheduled with this assessor and not yet assessed, counted by scheme title."""
    rows = Application.objects.filter(assessor=assessor, status=Status.SCHEDULED)
    if scheme_ids is not None:
        rows = rows.filter(scheme_id__in=scheme_ids)
    counts: dict[str, int] = {}
    for title in rows.values_list("scheme__title", flat=True):
        counts[title] = counts.get(title, 0) + 1
    return counts


def _refuse_leaving_assessees(assessor: Assessor, *, retiring: bool, dropped: set[int]) -> None:
    name = assessor.person.display_name
    if retiring and (waiting := sum(_waiting_for(assessor).values())):
        raise ValidationError(
            ngettext(
                "%(name)s still has %(n)s assessee to assess: assign them to another assessor first.",
                "%(name)s still has %(n)s assessees to assess: assign them to another assessor first.",
                waiting,
            )
            % {"name": name, "n": waiting}
        )
    left = sorted(_waiting_for(assessor, dropped).items()) if dropped else []
    if left:
        scheme, waiting = left[0]
        raise ValidationError(
            {
                "schemes": ngettext(
                    "%(name)s still has %(n)s assessee to assess in %(scheme)s: assign them to another "
                    "assessor before removing the scheme.",
                    "%(name)s still has %(n)s assessees to assess in %(scheme)s: assign them to another "
                    "assessor before removing the scheme.",
                    waiting,
                )
                % {"name": name, "n": waiting, "scheme": scheme}
            }
        )


@transaction.atomic
def assessor_update(
    *,
    actor,
    assessor: Assessor,
    met_number: str | None = None,
    schemes: list[Scheme] | None = None,
    max_load: int | None = None,
    is_active: bool | None = None,
) -> Assessor:
    """Change what is given. Refused: a MET number another assessor holds, a scheme of another LSP, and
    retiring the assessor or removing a scheme while assessees of it wait for this assessor (reassign them
    first). The row is locked as `assessor_assign` locks it, so no assignment slips in meanwhile. A lower
    maximum load applies to new assignments."""
    assessor = Assessor.objects.select_for_update().select_related("person").get(pk=assessor.pk)
    before = snapshot(assessor)
    dropped: set[int] = set()
    if schemes is not None:
        _refuse_other_lsps_schemes(assessor.lsp_id, schemes)
        dropped = set(assessor.schemes.values_list("pk", flat=True)) - {s.pk for s in schemes}
    _refuse_leaving_assessees(assessor, retiring=is_active is False and assessor.is_active, dropped=dropped)
    if met_number is not None:
        assessor.met_number = met_number.strip()
        _met_number_free(assessor)
    if max_load is not None:
        assessor.max_load = max_load
    if is_active is not None:
        assessor.is_active = is_active
    assessor.full_clean()
    assessor.save()
    if schemes is not None:
        assessor.schemes.set(schemes)
    audit_record(actor=actor, action="certification.assessor.update", instance=assessor, before=before)
    return assessor


@transaction.atomic
def assessor_set_active(*, actor, assessor: Assessor, is_active: bool) -> Assessor:
    """A retired assessor is offered for no new assignment (`assessor_assign` refuses them); one with assessees
    still to assess cannot retire until they are reassigned."""
    assessor = Assessor.objects.select_for_update().select_related("person").get(pk=assessor.pk)
    _refuse_leaving_assessees(assessor, retiring=not is_active and assessor.is_active, dropped=set())
    switch_active(
        actor=actor,
        instance=assessor,
        is_active=is_active,
        actions=("certification.assessor.retire", "certification.assessor.reactivate"),
    )
    return assessor
