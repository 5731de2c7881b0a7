"""Who may see and do what in the repository. THE one access rule is `items_visible_to(user)`.

Every page, file download, search result, snippet, citation export, OAI-PMH answer and API answer
reads items through it (or through `files_visible_to`, which is built on it), so an item a user
may not see is simply not found (404), never shown and then refused.

- public: anyone, once published (and its tombstone once withdrawn);
- members: people who belong to the item's organisation or one under it (an IPI chapter member
  belongs to IPI), through a membership, current employment or a role there;
- community: people who belong to the item's community organisation (same ways);
- restricted: nobody beyond those who look after it;
- always: the depositor (their own items, in any state), the curators of the collection's owning
  organisation (role CURATOR over it or above it) and site administrators.
"""

from django.db.models import Q, QuerySet

from simpul.associations.models import MEMBER_STATUSES, Membership
from simpul.organisations.models import Employment, Organisation, Role, RoleAssignment
from simpul.organisations.permissions import Scope, is_site_admin, scope_for

from .models import Access, Collection, Item, ItemFile, Status
from .search import ANONYMOUS, Reader

SEEN_STATUSES = (Status.PUBLISHED, Status.WITHDRAWN)


def curator_scope(user) -> Scope:
    return scope_for(user, [Role.CURATOR])


def organisation_ids_of(user) -> frozenset[int]:
    """Ids of the organisations `user` belongs to, and of every organisation above them.

    Read once per request (cached on the user object).
    """
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_simpul_knowledge_orgs", None)
    if cached is not None:
        return cached
    direct: set[int] = set()
    direct.update(
        Membership.objects.filter(person__user=user, status__in=MEMBER_STATUSES).values_list(
            "chapter_id", flat=True
        )
    )
    direct.update(
        Employment.objects.filter(
            person__user=user, end_date__isnull=True, organisation__isnull=False
        ).values_list("organisation_id", flat=True)
    )
    direct.update(
        RoleAssignment.objects.current()
        .filter(person__user=user, organisation__isnull=False)
        .values_list("organisation_id", flat=True)
    )
    ids: set[int] = set()
    for path in Organisation.objects.filter(pk__in=direct).values_list("path", flat=True):
        ids.update(int(part) for part in path.split("/") if part)
    ids.update(direct)
    result = frozenset(ids)
    user._simpul_knowledge_orgs = result
    return result


def _manage_q(user) -> Q | None:
    """Items the user looks after: None means everything (site admin)."""
    if is_site_admin(user):
        return None
    return curator_scope(user).q(org_path="collection__organisation__path")


def items_visible_to(user) -> QuerySet:
    """Every item `user` may see, in any state they may see it in. The repository's one access rule."""
    seen = Q(status__in=SEEN_STATUSES)
    if not getattr(user, "is_authenticated", False):
        return Item.objects.filter(seen, access=Access.PUBLIC)
    manage = _manage_q(user)
    if manage is None:
        return Item.objects.all()
    orgs = organisation_ids_of(user)
    by_access = Q(access=Access.PUBLIC)
    if orgs:
        by_access |= Q(access=Access.MEMBERS, organisation_id__in=orgs)
        by_access |= Q(access=Access.COMMUNITY, community_id__in=orgs)
    return Item.objects.filter((seen & by_access) | Q(depositor=user) | manage)


def search_reader(user) -> Reader:
    """`items_visible_to(user)` for published items, as the search index checks it (see `search.Reader`):
    public items; members' and community items of the organisations the user belongs to; their own
    items; the items of the collections they curate; everything for a site administrator. Tests compare
    the two rules item by item for every kind of reader."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    if is_site_admin(user):
        return Reader(everything=True)
    scope = curator_scope(user)
    if scope.everything:
        return Reader(everything=True)
    collections = ()
    if scope.org_paths:
        collections = tuple(
            Collection.objects.filter(scope.q(org_path="organisation__path"))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return Reader(
        organisations=tuple(sorted(organisation_ids_of(user))),
        depositor=user.pk,
        collections=collections,
    )


def items_managed_by(user) -> QuerySet:
    """Items the user reviews and withdraws: those in collections of organisations they curate."""
    manage = _manage_q(user)
    return Item.objects.all() if manage is None else Item.objects.filter(manage)


def files_visible_to(user) -> QuerySet:
    """Files of visible items; a withdrawn item's files only for those who look after it."""
    visible = items_visible_to(user)
    managed = items_managed_by(user)
    return ItemFile.objects.filter(
        Q(item__in=visible.exclude(status=Status.WITHDRAWN))
        | Q(item__in=managed)
        | Q(item__depositor=user.pk)
        if getattr(user, "is_authenticated", False)
        else Q(item__in=visible.exclude(status=Status.WITHDRAWN))
    )


def collections_visible_to(user) -> QuerySet:
    return Collection.objects.all()


def collections_open_to(user) -> QuerySet:
    """Collections a signed-in person may deposit in."""
    if not getattr(user, "is_authenticated", False):
        return Collection.objects.none()
    return Collection.objects.filter(is_active=True)


def can_deposit(user) -> bool:
    return getattr(user, "is_authenticated", False) and hasattr(user, "person")


def can_curate(user, item: Item) -> bool:
    return is_site_admin(user) or curator_scope(user).covers_organisation(item.collection.organisation)


def is_curator(user) -> bool:
    return is_site_admin(user) or not curator_scope(user).is_empty


def can_edit(user, item: Item) -> bool:
    """The depositor edits a draft or an item sent back; curators edit anything in their collections."""
    if can_curate(user, item):
        return item.status != Status.WITHDRAWN
    return item.depositor_id == user.pk and item.status in (Status.DRAFT, Status.CHANGES_REQUESTED)
