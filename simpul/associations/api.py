"""GET /api/v1/associations, /associations/{id}/chapters (public, with member counts) and
/associations/memberships (signed-in officers, scoped like the pages). Cards verify at /api/v1/credentials/{code}."""

from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from simpul.core.pagination import BoundedLimitOffsetPagination

from . import selectors

router = Router(tags=["associations"])


class CountsOut(Schema):
    members: int
    active: int
    grace: int
    pending: int


class AssociationOut(Schema):
    id: int
    name: str
    short_name: str
    slug: str
    url: str
    counts: CountsOut

    @staticmethod
    def resolve_url(obj) -> str:
        return f"/associations/{obj.slug}/"

    @staticmethod
    def resolve_counts(obj) -> dict:
        return selectors.member_counts(obj)


class ChapterOut(Schema):
    id: int
    name: str
    slug: str
    parent_id: int | None
    depth: int
    region: str | None
    members: int

    @staticmethod
    def resolve_region(obj) -> str | None:
        return obj.region_id

    @staticmethod
    def resolve_members(obj) -> int:
        count = getattr(obj, "member_count", None)
        return count.members if count else 0


class MembershipOut(Schema):
    id: int
    number: str
    name: str
    chapter: str
    member_type: str
    status: str
    paid_until: str | None

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.display_name

    @staticmethod
    def resolve_chapter(obj) -> str:
        return obj.chapter.name

    @staticmethod
    def resolve_member_type(obj) -> str:
        return obj.member_type.name

    @staticmethod
    def resolve_paid_until(obj) -> str | None:
        return obj.paid_until.isoformat() if obj.paid_until else None


@router.get(
    "",
    response=list[AssociationOut],
    summary="List associations with member counts",
    url_name="associations_list",
)
def association_list(request):
    return list(selectors.associations())


@router.get(
    "/{association_id}/chapters",
    response=list[ChapterOut],
    summary="Chapters of an association (each with its own member count)",
    url_name="association_chapters",
)
@paginate(LimitOffsetPagination)
def association_chapters(request, association_id: int):
    association = selectors.association_by_id_or_404(association_id)
    return selectors.chapters_under(association)


@router.get(
    "/memberships",
    response=list[MembershipOut],
    auth=django_auth,
    summary="Members the signed-in officer looks after (search with q, filter by status)",
    url_name="memberships_list",
)
@paginate(BoundedLimitOffsetPagination)
def membership_list(request, q: str = "", status: str = ""):
    return selectors.member_search(request.user, q=q, status=status)
