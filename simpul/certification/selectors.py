"""Reads of simpul.certification, always through the scopes in permissions.py."""

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection
from django.db.models import Q, Sum
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from simpul.associations.models import Membership
from simpul.credentials.models import Credential
from simpul.events.selectors import attended_events
from simpul.organisations.models import Kind, Organisation

from .models import (
    Application,
    AssessmentSession,
    Assessor,
    Certificate,
    EligibilityRule,
    Scheme,
    SchemeUnit,
    Standard,
    StatRow,
    Status,
    Tuk,
    Unit,
)
from .permissions import applications_q, lsp_scope


def lsps_managed_by(user):
    return lsp_scope(user).apply(Organisation.objects.filter(kind=Kind.CERTIFICATION_BODY), org_path="path")


def applications_visible_to(user):
    return Application.objects.filter(applications_q(user))


def application_for_user_or_404(user, pk: int) -> Application:
    return get_object_or_404(
        applications_visible_to(user).select_related(
            "scheme", "person", "session__event", "assessor__person", "lsp"
        ),
        pk=pk,
    )


def applications_manageable_by(user):
    return lsp_scope(user).apply(Application.objects.all(), org_path="lsp__path")


def application_manageable_or_404(user, pk: int) -> Application:
    return get_object_or_404(applications_manageable_by(user).select_related("scheme", "person"), pk=pk)


def applications_assigned_to(user):
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    return Application.objects.filter(assessor__person__user=user)


def application_assigned_or_404(user, pk: int) -> Application:
    return get_object_or_404(
        applications_assigned_to(user).select_related(
            "scheme", "person", "session__event", "assessor__person"
        ),
        pk=pk,
    )


def sessions_manageable_by(user):
    return (
        lsp_scope(user)
        .apply(AssessmentSession.objects.all(), org_path="lsp__path")
        .select_related("event", "tuk")
        .prefetch_related("schemes")
    )


def schemes_manageable_by(user):
    return lsp_scope(user).apply(Scheme.objects.all(), org_path="lsp__path")


def schemes_for_new_sessions(user):
    """Open schemes, and closed ones whose accepted applicants still wait for a session."""
    return (
        schemes_manageable_by(user)
        .filter(Q(is_active=True) | Q(applications__status=Status.ACCEPTED))
        .distinct()
        .order_by("title", "id")
    )


def tuks_manageable_by(user):
    return lsp_scope(user).apply(Tuk.objects.all(), org_path="lsp__path")


def rules_manageable_by(user):
    return (
        lsp_scope(user)
        .apply(EligibilityRule.objects.all(), org_path="scheme__lsp__path")
        .select_related("scheme")
    )


def _units_of_other_lsps(user):
    """Units that a scheme of an LSP outside the user's scope lists."""
    scope = lsp_scope(user)
    return SchemeUnit.objects.exclude(scope.q(org_path="scheme__lsp__path")).values("unit_id")


def units_manageable_by(user):
    """SKKNI units are national and shared between schemes: an LSP administrator edits a unit that no other
    LSP's scheme lists (one shared with another LSP is left to a site administrator)."""
    scope = lsp_scope(user)
    if scope.everything or scope.is_empty:
        return scope.apply(Unit.objects.all())
    return Unit.objects.exclude(pk__in=_units_of_other_lsps(user))


def standards_manageable_by(user):
    """Likewise a standard none of whose units another LSP's scheme lists."""
    scope = lsp_scope(user)
    if scope.everything or scope.is_empty:
        return scope.apply(Standard.objects.all())
    others = Unit.objects.filter(pk__in=_units_of_other_lsps(user)).values("standard_id")
    return Standard.objects.exclude(pk__in=others)


def assessors_manageable_by(user):
    return lsp_scope(user).apply(Assessor.objects.all(), org_path="lsp__path").select_related("person")


def certificates_manageable_by(user):
    return lsp_scope(user).apply(Certificate.objects.all(), org_path="application__lsp__path")


def open_schemes():
    return Scheme.objects.filter(is_active=True).select_related("lsp").order_by("title")


# The register counts at most this many matches ("page 1 of more than 40"; the API's `count_exact` is
# false past it): counting the whole register (15,000 valid certificates) read 10,001 index entries on
# every page, the largest part of its SQL, for a figure nobody pages through. A search narrows it.
REGISTER_COUNT_CAP = 1_000


def _register_where(q: str, scheme_id: int | None) -> tuple[str, list]:
    """The register's condition over certification_certificate's columns, and its parameters: valid (not
    revoked, not expired) and matching `q` and the scheme (see `register_search`). The names are compared
    as `UPPER(CAST(holder_name AS text))`, the expression of the trigram index (migration 0003)."""
    conditions, params = ["NOT revoked", "valid_until >= %s"], [timezone.localdate().isoformat()]
    q = " ".join((q or "").split())
    numbers = [q, q.upper()]
    if "/" in q:  # a certificate number ("LSP .../SKK/2026/000123"); no name has a slash
        conditions.append("number IN (%s, %s)")
        params += numbers
    elif q:
        text = connection.ops.prep_for_like_query(q)
        name = "UPPER(CAST(holder_name AS text)) LIKE UPPER(%s) ESCAPE '\\'"
        if len(q) < 3:
            conditions.append(f"({name} OR {name} OR number IN (%s, %s))")
            params += [f"{text}%", f"% {text}%", *numbers]
        else:
            conditions.append(f"({name} OR number IN (%s, %s))")
            params += [f"%{text}%", *numbers]
    if scheme_id:
        conditions.append("scheme_id = %s")
        params.append(scheme_id)
    return " AND ".join(conditions), params


class RegisterRow(NamedTuple):
    """What the register prints of a certificate."""

    number: str
    holder: str
    issued_on: datetime.date
    valid_until: datetime.date
    scheme: str
    scheme_code: str
    code: str  # the credential's verification code


@dataclass(frozen=True)
class RegisterPage:
    rows: list[RegisterRow]
    count: int  # exact up to REGISTER_COUNT_CAP
    capped: bool  # more than REGISTER_COUNT_CAP match


def register_page(
    q: str = "", scheme_id: int | None = None, *, offset: int = 0, limit: int = 25
) -> RegisterPage:
    """One page of the register (`register_search`'s rows, newest first) and the bounded count, in one
    statement: the matches' own columns are read once (at most the cap, or as far as the page reaches),
    counted, and only the page's rows are joined to their scheme and credential. Written out because
    the ORM's building and compiling of the count and the rows cost more than PostgreSQL's work."""
    where, params = _register_where(q, scheme_id)
    sql = f"""
        WITH matches AS (
            SELECT id, issued_on FROM certification_certificate WHERE {where}
            ORDER BY issued_on DESC, id DESC LIMIT %s
        )
        SELECT n.total, c.number, c.holder_name, c.issued_on, c.valid_until, s.title, s.code, cr.code
        FROM (SELECT COUNT(*) AS total FROM matches) n
        LEFT JOIN (SELECT * FROM matches ORDER BY issued_on DESC, id DESC LIMIT %s OFFSET %s) p ON 1 = 1
        LEFT JOIN certification_certificate c ON c.id = p.id
        LEFT JOIN certification_scheme s ON s.id = c.scheme_id
        LEFT JOIN credentials_credential cr ON cr.id = c.credential_id
        ORDER BY p.issued_on DESC, p.id DESC
    """  # noqa: S608  (the condition is ours; every value is a parameter)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, max(REGISTER_COUNT_CAP + 1, offset + limit), limit, offset])
        found = cursor.fetchall()
    count = found[0][0]
    rows = [
        RegisterRow(number, holder, _day(issued_on), _day(valid_until), scheme, scheme_code, code)
        for _total, number, holder, issued_on, valid_until, scheme, scheme_code, code in found
        if number is not None
    ]
    if count > REGISTER_COUNT_CAP:
        return RegisterPage(rows, REGISTER_COUNT_CAP, True)
    return RegisterPage(rows, count, False)


def _day(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)  # SQLite: text


def register_search(q: str = "", scheme_id: int | None = None):
    """Valid (not revoked, not expired) certificates, newest first; `q` matches part of a name or a whole
    number. One or two letters match the start of a word of the name ("Ni" finds "Ni Made ...", not
    every "Yuni"): as a substring they match a third of the register and no index serves them. On
    PostgreSQL a trigram index serves both (migration 0003); a number (it has slashes) is looked up
    exactly, on its own index only. The register's pages read them through `register_page`."""
    where, params = _register_where(q, scheme_id)
    ids = RawSQL(f"SELECT id FROM certification_certificate WHERE {where}", params)  # noqa: S608, S611
    return Certificate.objects.filter(pk__in=ids).order_by("-issued_on", "-id")


def register_schemes() -> list[tuple[int, str]]:
    """The register's scheme filter: (id, title) of the open schemes (written out, as `register_page`)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, title FROM certification_scheme WHERE is_active ORDER BY title, id")
        return cursor.fetchall()


def eligible_assessors(application: Application):
    return Assessor.objects.filter(
        lsp_id=application.lsp_id, is_active=True, schemes=application.scheme_id
    ).select_related("person")


def portfolio(person) -> dict:
    """Everything a person has earned in one place: credentials, events attended, memberships."""
    return {
        "credentials": Credential.objects.filter(holder=person).order_by("-issued_at")[:200],
        "events": attended_events(person)[:200],
        "memberships": Membership.objects.filter(person=person).select_related("chapter", "association")[:50],
        "applications": Application.objects.filter(person=person)
        .select_related("scheme")
        .order_by("-id")[:50],
    }


REPORT_DIMENSIONS = {
    "scheme": "scheme__title",
    "tuk": "tuk__name",
    "province": "province_code",
    "library_type": "library_type",
    "year": "year",
}


def report_rows(by: str = "scheme", year: int | None = None, lsp_ids=None) -> list[dict]:
    """Report rows from the pre-aggregated table: applicants, share competent, mean days to certificate."""
    field = REPORT_DIMENSIONS.get(by, "scheme__title")
    rows = StatRow.objects.all()
    if year:
        rows = rows.filter(year=year)
    if lsp_ids is not None:
        rows = rows.filter(scheme__lsp_id__in=lsp_ids)
    out = []
    for row in (
        rows.values(field)
        .annotate(
            applicants_sum=Sum("applicants"),
            decided_sum=Sum("decided"),
            competent_sum=Sum("competent"),
            certified_sum=Sum("certified"),
            days_sum=Sum("days_to_certificate"),
        )
        .order_by(field)
    ):
        decided = row["decided_sum"] or 0
        certified = row["certified_sum"] or 0
        out.append(
            {
                "label": row[field] if row[field] not in (None, "") else "—",
                "applicants": row["applicants_sum"] or 0,
                "decided": decided,
                "competent": row["competent_sum"] or 0,
                "share": round(100 * (row["competent_sum"] or 0) / decided, 1) if decided else None,
                "certified": certified,
                "mean_days": round((row["days_sum"] or 0) / certified) if certified else None,
            }
        )
    return out


def report_years() -> list[int]:
    return list(StatRow.objects.values_list("year", flat=True).distinct().order_by("-year"))


def queue_counts(user) -> dict:
    qs = applications_manageable_by(user)
    return {
        "submitted": qs.filter(status=Status.SUBMITTED).count(),
        "accepted": qs.filter(status=Status.ACCEPTED).count(),
        "assessed": qs.filter(status=Status.ASSESSED).count(),
    }


def lsp_or_404(user, lsp_id) -> Organisation:
    lsp = lsps_managed_by(user).filter(pk=lsp_id).first()
    if lsp is None:
        raise Http404
    return lsp
