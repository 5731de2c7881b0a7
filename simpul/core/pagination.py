"""Pagination for server-rendered lists and the API, with bounded counts: a page never counts
millions of rows. The count reads at most COUNT_CAP + 1 rows (`SELECT COUNT(*) FROM (SELECT ...
LIMIT cap + 1)`); past the cap the paginator says so (`capped`), the pages stop at the cap and the
pager reads "Page n of more than N": narrowing the filter shows the rest.

The pager's markup is drawn here, once (`pager`): `components/pagination.html` calls it through
`{% pager %}` and the lists drawn in Python (the officers' member list) call it directly.
"""

from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from ninja import Schema
from ninja.pagination import LimitOffsetPagination

COUNT_CAP = 10_000


def bounded_count(object_list, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(count, capped): the exact count up to `cap`; (cap, True) when there are more rows."""
    if isinstance(object_list, QuerySet):
        count = object_list[: cap + 1].count()  # a LIMITed subquery: reads at most cap + 1 rows
    else:
        count = object_list.count() if hasattr(object_list, "count") else len(object_list)
    return (cap, True) if count > cap else (count, False)


class BoundedPaginator(Paginator):
    """`counted`: the (count, capped) pair when the caller has it already (read with its rows), so the
    paginator counts nothing; its pages then only say where they stand (their object_list is empty)."""

    def __init__(
        self,
        object_list,
        per_page,
        *,
        cap: int = COUNT_CAP,
        counted: tuple[int, bool] | None = None,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.counted = counted

    @cached_property
    def _bounded(self) -> tuple[int, bool]:
        return self.counted or bounded_count(self.object_list, self.cap)

    @cached_property
    def count(self) -> int:
        return self._bounded[0]

    @property
    def capped(self) -> bool:
        """More rows than `count` match; the pages stop at the cap."""
        return self._bounded[1]


def paginate(request, queryset, per_page: int = 25, *, cap: int = COUNT_CAP):
    return paginate_page(queryset, request.GET.get("page"), per_page, cap=cap)


def paginate_page(queryset, page: str | None, per_page: int = 25, *, cap: int = COUNT_CAP):
    """The page numbered `page` (as the query string gives it): the first when it is no number,
    the last when it is past the end."""
    paginator = BoundedPaginator(queryset, per_page, cap=cap)
    try:
        return paginator.page(page or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _page_link(query: str, number: int) -> str:
    return f"?{conditional_escape(query)}&amp;page={number}" if query else f"?page={number}"


def pager(
    number: int,
    *,
    has_previous: bool,
    has_next: bool,
    query: str = "",
    num_pages: int | None = None,
    capped: bool = False,
) -> SafeString:
    """The pager under a list (`<nav class="pagination">`: previous, "Page n of N" marked as the
    current page, next), or "" when there is neither a previous nor a next page. `query` is the query
    string without the page, kept in both links (escaped unless already safe); `num_pages` None says
    "Page n" alone (a count that is not exact), `capped` says "Page n of more than N". The labels are
    translated when drawn and escaped as `{% translate %}` escapes them; the "Page n" text, like
    `{% blocktranslate %}`'s, is the translation with the numbers put in."""
    if not (has_previous or has_next):
        return SafeString("")
    previous = following = ""
    if has_previous:
        label = conditional_escape(gettext("Previous"))
        previous = f'<a href="{_page_link(query, number - 1)}" rel="prev">‹ {label}</a>'
    if has_next:
        label = conditional_escape(gettext("Next"))
        following = f'<a href="{_page_link(query, number + 1)}" rel="next">{label} ›</a>'
    if num_pages is None:
        where = gettext("Page %(n)s") % {"n": int(number)}
    elif capped:
        where = gettext("Page %(n)s of more than %(total)s") % {"n": int(number), "total": int(num_pages)}
    else:
        where = gettext("Page %(n)s of %(total)s") % {"n": int(number), "total": int(num_pages)}
    return SafeString(
        f'\n<nav class="pagination" aria-label="{conditional_escape(gettext("Pages"))}">\n  {previous}\n'
        f'  <span aria-current="page">{where}</span>\n  {following}\n</nav>\n'
    )


def page_pager(page, query: str = "") -> SafeString:
    """`pager` for a paginator's page (Django's `Page`, or any object with its methods and a
    `paginator` with `num_pages` and, if it may be capped, `capped`): nothing when there is one page."""
    paginator = getattr(page, "paginator", None)
    if paginator is None or paginator.num_pages <= 1:
        return SafeString("")
    return pager(
        page.number,
        has_previous=page.has_previous(),
        has_next=page.has_next(),
        query=query,
        num_pages=paginator.num_pages,
        capped=bool(getattr(paginator, "capped", False)),
    )


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """django-ninja's limit/offset pagination with a bounded count: `count` is exact up to
    COUNT_CAP and `count_exact` is false past it (then `count` is COUNT_CAP)."""

    cap = COUNT_CAP

    class Output(Schema):
        items: list[Any]
        count: int
        count_exact: bool

    def paginate_queryset(self, queryset, pagination, request, **params):
        offset = pagination.offset
        limit: int = min(pagination.limit, self.max_limit)
        count, capped = bounded_count(queryset, self.cap)
        return {
            self.items_attribute: queryset[offset : offset + limit],
            "count": count,
            "count_exact": not capped,
        }
