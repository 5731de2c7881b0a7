"""Reads for associations, each scoped to who asks: outside the scope an object is simply not found."""

import datetime
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from django.db import connection
from django.db.models import Prefetch, Q, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from simpul.organisations.models import Kind, Organisation
from simpul.organisations.permissions import Scope
from simpul.organisations.selectors import organisations_in_scope
from simpul.people.models import Person

from .models import (
    Announcement,
    ApplicationDocument,
    AssociationSettings,
    BoardPosition,
    BoardTerm,
    ChapterCount,
    DuesPayment,
    Membership,
    MembershipStatus,
    MemberType,
)
from .permissions import officer_scope

COUNT_FIELDS = ("pending", "active", "grace", "expired", "resigned", "ended")
# What the member list, its API and its export read: not the statement, reasons or the person's NIK.
MEMBER_LIST_FIELDS = (
    "id",
    "number",
    "status",
    "sort_name",
    "paid_until",
    "joined_on",
    "person__id",
    "person__full_name",
    "person__title_prefix",
    "person__title_suffix",
    "chapter__id",
    "chapter__name",
    "member_type__id",
    "member_type__name",
)


class MemberRow(NamedTuple):
    """What a row of the officers' member list prints."""

    id: int
    number: str
    status: str
    paid_until: datetime.date | None
    full_name: str
    title_prefix: str
    title_suffix: str
    chapter_name: str
    type_name: str


@cache
def _member_rows_sql() -> str:
    """The rows of the memberships whose ids a sub-select gives, in the list's order. Written out once:
    compiling the four-table join through the ORM cost more CPU than PostgreSQL's answer."""
    return (
        "SELECT m.id, m.number, m.status, m.paid_until, p.full_name, p.title_prefix, p.title_suffix,"  # noqa: S608 - names from the models
        " o.name, t.name"
        f" FROM {Membership._meta.db_table} m"
        f" JOIN {Person._meta.db_table} p ON p.id = m.person_id"
        f" JOIN {Organisation._meta.db_table} o ON o.id = m.chapter_id"
        f" JOIN {MemberType._meta.db_table} t ON t.id = m.member_type_id"
        " WHERE m.id IN ({ids}) ORDER BY m.sort_name, m.id"
    )


def associations():
    return Organisation.objects.filter(kind=Kind.ASSOCIATION, is_active=True).order_by("name")


def association_of(organisation: Organisation) -> Organisation:
    """The association at the root of a chapter's tree (the chapter itself for an association)."""
    if organisation.kind == Kind.ASSOCIATION:
        return organisation
    root_id = int(organisation.path.split("/", 1)[0])
    return Organisation.objects.get(pk=root_id)


def association_settings(association: Organisation) -> AssociationSettings:
    found, _ = AssociationSettings.objects.get_or_create(association=association)
    return found


def association_or_chapter_or_404(slug: str) -> Organisation:
    return get_object_or_404(
        Organisation.objects.filter(kind__in=[Kind.ASSOCIATION, Kind.CHAPTER], is_active=True).select_related(
            "region", "parent"
        ),
        slug=slug,
    )


def association_by_id_or_404(pk: int) -> Organisation:
    return get_object_or_404(associations(), pk=pk)


def chapters_under(organisation: Organisation):
    return (
        Organisation.objects.under(organisation)
        .filter(kind=Kind.CHAPTER, is_active=True)
        .select_related("region", "member_count")
        .order_by("depth", "name")
    )


def chapters_to_join(association: Organisation):
    """The association itself (central membership) and its active chapters."""
    return (
        Organisation.objects.under(association)
        .filter(kind__in=[Kind.ASSOCIATION, Kind.CHAPTER], is_active=True)
        .order_by("depth", "name")
    )


def sub_chapters(organisation: Organisation):
    return (
        Organisation.objects.filter(parent=organisation, kind=Kind.CHAPTER, is_active=True)
        .select_related("region", "member_count")
        .order_by("name")
    )


def member_counts(organisation: Organisation) -> dict[str, int]:
    """Members by status of the organisation and everything under it, from the kept counters."""
    totals = ChapterCount.objects.filter(organisation__path__startswith=organisation.path).aggregate(
        **{f: Sum(f) for f in COUNT_FIELDS}
    )
    counts = {f: totals[f] or 0 for f in COUNT_FIELDS}
    counts["members"] = counts["active"] + counts["grace"]
    return counts


def member_types(association: Organisation, *, applicable: bool = False):
    types = MemberType.objects.filter(association=association)
    return types.filter(by_decision_only=False) if applicable else types


def boards(organisation: Organisation):
    positions = BoardPosition.objects.select_related("person").order_by("order", "id")
    return BoardTerm.objects.filter(organisation=organisation).prefetch_related(
        Prefetch("positions", positions)
    )


def current_and_past_boards(organisation: Organisation) -> tuple[BoardTerm | None, list[BoardTerm]]:
    today = timezone.localdate()
    terms = list(boards(organisation))
    current = next((t for t in terms if t.starts_on <= today <= t.ends_on), None)
    return current, [t for t in terms if t is not current and t.starts_on <= today]


# --- what officers see ---------------------------------------------------------------------------


def chapters_manageable_by(user):
    scope = officer_scope(user)
    return organisations_in_scope(scope).filter(kind__in=[Kind.ASSOCIATION, Kind.CHAPTER])


def _chapter_ids(organisations) -> list[int]:
    return list(organisations.filter(kind__in=[Kind.ASSOCIATION, Kind.CHAPTER]).values_list("pk", flat=True))


def _memberships_in(scope: Scope) -> Q:
    """Memberships whose chapter the scope covers, as literal ids the planner can estimate.

    A scope path that is a tree root is a whole association: every membership's chapter lies under
    its association, so `association_id` says it with one indexed equality. Other paths and regions
    become the list of chapter ids (at most the chapters of an association, a few hundred): a
    sub-select here made PostgreSQL guess 6 chapters, join all 120,000 rows and sort them.
    """
    roots = [int(path.split("/", 1)[0]) for path in scope.org_paths if path.count("/") == 1]
    rest = Scope(
        org_paths=tuple(path for path in scope.org_paths if path.count("/") > 1),
        region_codes=scope.region_codes,
    )
    condition = Q(pk__in=[])
    if roots:
        condition |= Q(association_id__in=roots)
    if not rest.is_empty:
        condition |= Q(chapter_id__in=_chapter_ids(organisations_in_scope(rest)))
    return condition


def memberships_manageable_by(user):
    """Memberships in the chapters the user looks after (and all under them)."""
    scope = officer_scope(user)
    memberships = Membership.objects.all()
    if scope.everything:
        return memberships
    if scope.is_empty:
        return memberships.none()
    return memberships.filter(_memberships_in(scope))


def manageable_chapter(user, pk: int) -> Organisation | None:
    """The association or chapter `pk` when the user looks after it, with its id, name, path, kind and
    region only; else None. Written out (one indexed lookup, the scope checked here): the member
    list's chapter filter asks on every page, and the ORM's compiling of the scoped lookup cost more
    than the answer."""
    sql = (
        f"SELECT id, name, path, kind, region_id FROM {Organisation._meta.db_table}"  # noqa: S608 - names from the model
        " WHERE id = %s AND kind IN (%s, %s)"
    )
    found = _fetch(sql, [pk, Kind.ASSOCIATION.value, Kind.CHAPTER.value])
    if not found:
        return None
    chapter = Organisation(**dict(zip(("id", "name", "path", "kind", "region_id"), found[0], strict=True)))
    chapter._state.adding, chapter._state.db = False, connection.alias
    return chapter if officer_scope(user).covers_organisation(chapter) else None


def chapter_search(user, q: str, *, limit: int = 12):
    """Chapters in the user's scope whose name has every word of `q` (the member list's chapter finder)."""
    chapters = chapters_manageable_by(user)
    for word in q.split():
        chapters = chapters.filter(name__icontains=word)
    # With what the member list's chapter filter reads of the one it takes (path, kind): no second query.
    return chapters.only("pk", "name", "path", "kind", "region_id").order_by("depth", "name")[:limit]


def member_search(
    user, *, q: str = "", chapter: Organisation | None = None, status: str = "", member_type=None
):
    """The officers' member list: by name words or a member-number prefix, chapter (and all under it),
    status and type; ordered by name. Indexes on (association|chapter, [status,] sort_name, id),
    a trigram index on sort_name and a pattern index on number (PostgreSQL) serve it."""
    scope = officer_scope(user)
    if chapter is None:
        memberships = memberships_manageable_by(user)
    elif scope.is_empty:
        memberships = Membership.objects.none()
    elif scope.everything or any(chapter.path.startswith(path) for path in scope.org_paths):
        # A tree in the scope: everything under the chapter is in it too.
        memberships = Membership.objects.filter(_memberships_in(Scope(org_paths=(chapter.path,))))
    else:  # reached through a region: the chapters under it that the region covers
        under = set(_chapter_ids(Organisation.objects.under(chapter)))
        in_scope = set(_chapter_ids(organisations_in_scope(scope)))
        memberships = Membership.objects.filter(chapter_id__in=sorted(under & in_scope))
    memberships = memberships.select_related("person", "chapter", "member_type").only(*MEMBER_LIST_FIELDS)
    if status:
        memberships = memberships.filter(status=status)
    if member_type is not None:
        memberships = memberships.filter(member_type=member_type)
    q = q.strip()
    if q:
        memberships = _matching(memberships, q)
    return memberships.order_by("sort_name", "id")


def _matching(memberships, q: str):
    """A member-number prefix when `q` has a digit, else every word in the name."""
    if any(ch.isdigit() for ch in q):
        return memberships.filter(number__startswith=q)
    for word in q.lower().split():
        memberships = memberships.filter(sort_name__contains=word)
    return memberships


MEMBER_COUNT_CAP = 1000


class Where(NamedTuple):
    """A condition on memberships (alias `s`) written out as SQL, with its parameters; `sql` None: no row."""

    sql: str | None
    params: tuple = ()


def _id_list(column: str, ids) -> Where:
    ids = list(ids)
    if not ids:
        return Where(None)
    return Where(f"{column} IN ({', '.join(['%s'] * len(ids))})", tuple(ids))


def _like(column: str, lookup: str) -> str:
    """`column` LIKE a pattern the way the ORM writes `lookup` (startswith, contains) on this database."""
    return f"{connection.ops.lookup_cast(lookup, 'CharField') % column} {connection.operators[lookup]}"


def _member_where(scope: Where, *, status: str, member_type, q: str) -> Where:
    """The member list's filters (as `member_search` has them) as one written-out condition: the ORM's
    compiling of the count, the ranked ids and the page's ids cost more than PostgreSQL's answers."""
    if scope.sql is None:
        return scope
    parts, params = ([scope.sql] if scope.sql else []), list(scope.params)
    if status:
        parts.append("s.status = %s")
        params.append(status)
    if member_type is not None:
        parts.append("s.member_type_id = %s")
        params.append(getattr(member_type, "pk", member_type))
    if q and any(ch.isdigit() for ch in q):
        parts.append(_like("s.number", "startswith"))
        params.append(f"{connection.ops.prep_for_like_query(q)}%")
    elif q:
        for word in q.lower().split():
            parts.append(_like("s.sort_name", "contains"))
            params.append(f"%{connection.ops.prep_for_like_query(word)}%")
    return Where(" AND ".join(parts) or "1 = 1", tuple(params))


@cache
def _memberships_sql() -> str:
    return f"FROM {Membership._meta.db_table} s WHERE "


def _fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass
class MemberListing:
    """The officers' member list: how many match (exact, or "more than MEMBER_COUNT_CAP"), and
    pages of rows.

    A page is read in one statement: the ids of its rows in a sub-select, an index-only scan of
    (association|chapter, [status,] sort_name, id) with the name filter tested on the index entries
    (no table row is read for the rows skipped), then those rows; or, when a name, number or type
    filter matched few rows, those rows' ids sorted here.
    """

    where: Where
    total: int
    exact: bool
    ranked_ids: list[int] | None = None

    def rows(self, start: int, stop: int) -> list[MemberRow]:
        """The rows from `start` to `stop` (a page shows them all: building four model instances
        per row cost more than the query)."""
        if self.ranked_ids is not None:
            ids = self.ranked_ids[start:stop]
            subquery, params = ", ".join(["%s"] * len(ids)), list(ids)
        elif self.where.sql is not None:
            # One statement: the page's ids in a sub-select (the index-only scan), then their rows.
            subquery = f"SELECT s.id {_memberships_sql()}{self.where.sql} ORDER BY s.sort_name, s.id LIMIT %s OFFSET %s"  # noqa: S608
            params = [*self.where.params, stop - start, start]
        else:
            subquery = ""
        if not subquery:
            return []
        return [MemberRow(*row) for row in _fetch(_member_rows_sql().format(ids=subquery), params)]


COUNTER_FIELDS = (*COUNT_FIELDS, "rejected")


def _chapters_and_counts(paths, region_codes=()) -> tuple[list[int], dict[str, int]]:
    """The ids of the associations and chapters under `paths` (a tree each) or in the regions
    `region_codes` (a region and all in it, as `Scope` reads them), and their kept counters summed by
    status: one written-out query (the member list asks on every page of a chapter's officer, and the
    ORM's compiling cost more than the answer; a path is digits and slashes, a region code digits and
    dots: nothing LIKE would read as a wildcard)."""
    counters, organisations = ChapterCount._meta.db_table, Organisation._meta.db_table
    conditions = ["o.path LIKE %s"] * len(paths) + ["o.region_id = %s OR o.region_id LIKE %s"] * len(
        region_codes
    )
    params = [f"{path}%" for path in paths]
    for code in region_codes:
        params += [code, f"{code}.%"]
    sql = (
        f"SELECT o.id, {', '.join(f'c.{f}' for f in COUNTER_FIELDS)} FROM {organisations} o"  # noqa: S608 - names from the models
        f" LEFT JOIN {counters} c ON c.organisation_id = o.id"
        f" WHERE ({' OR '.join(conditions)}) AND o.kind IN (%s, %s)"
    )
    return _ids_and_totals(_fetch(sql, [*params, Kind.ASSOCIATION.value, Kind.CHAPTER.value]))


def _ids_and_totals(rows) -> tuple[list[int], dict[str, int]]:
    ids, totals = [], dict.fromkeys(COUNTER_FIELDS, 0)
    for pk, *counts in rows:
        ids.append(pk)
        for field, value in zip(COUNTER_FIELDS, counts, strict=True):
            totals[field] += value or 0
    return ids, totals


def _counter_totals(paths: list[str]) -> dict[str, int]:
    """The kept counters summed by status over the trees at `paths` (every counter without paths).
    Written out: the ORM's aggregate over a join cost more CPU than PostgreSQL's answer (a path is
    digits and slashes, nothing LIKE would read as a wildcard)."""
    counters, organisations = ChapterCount._meta.db_table, Organisation._meta.db_table
    sums = ", ".join(f"SUM(c.{f})" for f in COUNTER_FIELDS)
    sql = f"SELECT {sums} FROM {counters} c"  # noqa: S608 - names from the models, values as parameters
    if paths:
        sql += f" JOIN {organisations} o ON o.id = c.organisation_id WHERE "
        sql += " OR ".join("o.path LIKE %s" for _ in paths)
    totals = _fetch(sql, [f"{path}%" for path in paths])[0]
    return {f: value or 0 for f, value in zip(COUNTER_FIELDS, totals, strict=True)}


def _listing_scope(
    scope: Scope, chapter: Organisation | None, *, counted: bool
) -> tuple[Where, dict[str, int] | None]:
    """Which memberships the list holds and, when `counted` and the counters can say how many there
    are (whole subtrees), their totals by status; else None (a search counts its matches instead)."""

    def summed(paths: list[str]) -> dict[str, int] | None:
        return _counter_totals(paths) if counted else None

    if scope.is_empty:
        return Where(None), None
    if chapter is None and scope.everything:
        return Where(""), summed([])
    if chapter is None:
        roots = [path for path in scope.org_paths if path.count("/") == 1]
        if roots and not scope.region_codes and len(roots) == len(scope.org_paths):
            # Whole associations: one indexed equality; their counters summed over their trees.
            return _id_list("s.association_id", (int(r.split("/", 1)[0]) for r in roots)), summed(roots)
        ids, totals = _chapters_and_counts(scope.org_paths, scope.region_codes)
        return _id_list("s.chapter_id", ids), totals if counted else None
    if scope.everything or any(chapter.path.startswith(path) for path in scope.org_paths):
        # A tree in the scope: everything under the chapter is in it too.
        if chapter.path.count("/") == 1:
            return _id_list("s.association_id", [chapter.pk]), summed([chapter.path])
        ids, totals = _chapters_and_counts([chapter.path])
        return _id_list("s.chapter_id", ids), totals if counted else None
    # Reached through a region: the chapters under it that the region covers.
    under = set(_chapter_ids(Organisation.objects.under(chapter)))
    in_scope = set(_chapter_ids(organisations_in_scope(scope)))
    return _id_list("s.chapter_id", sorted(under & in_scope)), None


def member_list(
    user, *, q: str = "", chapter: Organisation | None = None, status: str = "", member_type=None
) -> MemberListing:
    """What `member_search` finds, with its number: without a name or type filter, the sum of the
    kept counters (no COUNT over memberships); with one, a count of at most MEMBER_COUNT_CAP + 1
    matches, and when they are that few, the matches themselves, ranked here."""
    q = q.strip()
    counted = not q and member_type is None
    scope, totals = _listing_scope(officer_scope(user), chapter, counted=counted)
    where = _member_where(scope, status=status, member_type=member_type, q=q)
    if totals is not None:
        total = totals[status] if status else sum(totals.values())
        return MemberListing(where, total, True)
    if where.sql is None:
        return MemberListing(where, 0, True, ranked_ids=[])
    # Counted in the database first: a common name matches thousands, and shipping 1,001 rows to
    # Python only to say "more than 1,000" cost more than the page itself.
    matching = f"{_memberships_sql()}{where.sql}"
    capped = f"SELECT COUNT(*) FROM (SELECT s.id {matching} LIMIT %s) capped"  # noqa: S608 - names from the models
    if _fetch(capped, [*where.params, MEMBER_COUNT_CAP + 1])[0][0] > MEMBER_COUNT_CAP:
        return MemberListing(where, MEMBER_COUNT_CAP, False)
    found = sorted(_fetch(f"SELECT s.sort_name, s.id {matching}", where.params))
    return MemberListing(where, len(found), True, ranked_ids=[pk for _name, pk in found])


def application_queue(user):
    return (
        memberships_manageable_by(user)
        .filter(status=MembershipStatus.PENDING)
        .select_related("person", "chapter", "member_type")
        .order_by("applied_at", "id")
    )


def membership_for_officer_or_404(user, pk: int) -> Membership:
    return get_object_or_404(
        memberships_manageable_by(user).select_related(
            "person", "chapter", "member_type", "association", "card"
        ),
        pk=pk,
    )


def dues_awaiting_confirmation(user):
    return (
        DuesPayment.objects.filter(
            status=DuesPayment.Status.SUBMITTED, membership__in=memberships_manageable_by(user).values("pk")
        )
        .select_related("membership__person", "membership__chapter")
        .order_by("created_at", "id")
    )


def members_owing(user, year: int):
    """Members whose dues are not paid through `year`."""
    return (
        memberships_manageable_by(user)
        .filter(status__in=[MembershipStatus.ACTIVE, MembershipStatus.GRACE], member_type__pays_dues=True)
        .filter(Q(paid_until__isnull=True) | Q(paid_until__lt=f"{year}-12-31"))
        .select_related("person", "chapter")
        .order_by("paid_until", "sort_name", "id")
    )


def dues_for_user_or_404(user, pk: int) -> DuesPayment:
    """A dues payment its member or an officer in scope may see; anyone else gets 404."""
    condition = Q(membership__person__user=user)
    scope = officer_scope(user)
    if not scope.is_empty:
        condition |= Q(membership__in=memberships_manageable_by(user).values("pk"))
    return get_object_or_404(DuesPayment.objects.filter(condition).select_related("membership"), pk=pk)


def document_for_user_or_404(user, pk: int) -> ApplicationDocument:
    condition = Q(membership__person__user=user)
    if not officer_scope(user).is_empty:
        condition |= Q(membership__in=memberships_manageable_by(user).values("pk"))
    return get_object_or_404(ApplicationDocument.objects.filter(condition), pk=pk)


def announcements_visible_to(user):
    return Announcement.objects.filter(
        organisation__in=chapters_manageable_by(user).values("pk")
    ).select_related("organisation")


def announcement_for_user_or_404(user, pk: int) -> Announcement:
    return get_object_or_404(announcements_visible_to(user), pk=pk)


# --- what a member sees --------------------------------------------------------------------------


def memberships_of(user):
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return (
        Membership.objects.filter(person__user=user)
        .select_related("association", "chapter", "member_type", "card")
        .prefetch_related("dues", "events")
        .order_by("-applied_at")
    )


def membership_of_user_or_404(user, pk: int) -> Membership:
    return get_object_or_404(memberships_of(user), pk=pk)
