"""Reads of simpul.programs. Dashboards read only the aggregate table (ProgrammeStat, with its pending
changes), a few indexed rows per page, never the reports themselves."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from simpul.libraries.models import Library
from simpul.regions.models import Region

from .cache import lookup_key, lookups
from .models import (
    STAT_FIELDS,
    ActivityCategory,
    Beneficiary,
    Forum,
    IndicatorTarget,
    Programme,
    ProgrammeStatDelta,
    Report,
)
from .services.stats import figure_rows, level_of

NAMES_SECONDS = 600  # region and library names, per process: they change rarely; a rename shows within this


def programmes() -> QuerySet:
    return Programme.objects.select_related("owner")


_PROGRAMME_COLUMNS = ", ".join(f"p.{f.column}" for f in Programme._meta.concrete_fields)
_PROGRAMME_SQL = (
    f"SELECT {_PROGRAMME_COLUMNS}, (SELECT count(*) FROM {ProgrammeStatDelta._meta.db_table} d "  # noqa: S608 - names from the models
    f"WHERE d.programme_id = p.id) AS pending_figures FROM {Programme._meta.db_table} p WHERE p.id = %s"
)


def programme_with_figures_state(pk: int) -> Programme | None:
    """The programme with `pending_figures` (how many figure changes are not folded yet), read in the
    same statement as its figures generation: the two together name the state of the figures, which
    keys the cached dashboard parts (`cache.part_key`); with none pending, a dashboard reads only the
    aggregate rows. Written out: the ORM's building of the annotated query cost more than the answer."""
    return next(iter(Programme.objects.raw(_PROGRAMME_SQL, [int(pk)])), None)


def forums_public() -> QuerySet:
    return Forum.objects.select_related("event").order_by("-event__starts_at")


def categories() -> dict[int, str]:
    return dict(ActivityCategory.objects.values_list("pk", "name"))


def active_categories(programme: Programme) -> dict[str, int]:
    """The categories a report may name (lower-cased name: id), per process, renewed with the
    programme's figures generation (a category saved in the back office renews every programme's)."""

    def read():
        return {
            name.lower(): pk
            for pk, name in ActivityCategory.objects.filter(active=True).values_list("pk", "name")
        }

    return lookups.get_or_set(lookup_key("active-categories", programme), read)


@dataclass
class Place:
    code: str  # '', '33', '33.11', 'L12'
    name: str
    ancestors: list[tuple[str, str]] = field(default_factory=list)  # (code, name) from the top

    @property
    def level(self) -> int:
        return level_of(self.code)


def place_get(code: str) -> Place | None:
    """The region (or library 'L<id>') a dashboard shows; None when it does not exist. Found places
    are kept per process for NAMES_SECONDS."""
    if len(code) > 16:
        return None
    place = lookups.get(f"place|{code}")
    if place is None:
        place = _place_read(code)
        if place is not None:
            lookups.set(f"place|{code}", place, NAMES_SECONDS)
    return place


def _place_read(code: str) -> Place | None:
    if not code:
        return Place("", "Indonesia")
    if code.startswith("L"):
        try:
            library = Library.objects.only("name", "province_code", "regency_code").get(pk=int(code[1:]))
        except (ValueError, Library.DoesNotExist):
            return None
        names = dict(
            Region.objects.filter(code__in=[library.province_code, library.regency_code]).values_list(
                "code", "name"
            )
        )
        ancestors = [(c, names.get(c, c)) for c in (library.province_code, library.regency_code) if c]
        return Place(code, library.name, ancestors)
    if level_of(code) > 2:
        return None
    region = Region.objects.filter(code=code).only("name").first()
    if region is None:
        return None
    ancestors = []
    if level_of(code) == 2:
        parent = Region.objects.filter(code=code.split(".")[0]).only("name").first()
        if parent:
            ancestors = [(parent.code, parent.name)]
    return Place(code, region.name, ancestors)


def _pending(programme: Programme) -> bool:
    return getattr(programme, "pending_figures", 1) > 0


def _row(programme: Programme, code: str, year: int, month: int, category: int = 0) -> dict:
    rows = figure_rows(
        programme.pk,
        Q(region_code=code, year=year, month=month, category=category),
        pending=_pending(programme),
    )
    return rows[0] if rows else dict.fromkeys(STAT_FIELDS, 0)


@dataclass
class Dashboard:
    programme: Programme
    place: Place
    year: int
    month: int  # 0 = whole year
    totals: dict
    by_category: list[tuple[str, int, int]]  # (name, activities, participants)
    by_month: list[tuple[int, dict]]
    by_year: list[tuple[int, dict]]
    children: list[dict]  # code, name, figures, beneficiaries, reported
    targets: list[dict]
    completeness_month: int
    beneficiaries: int
    reported: int
    not_reported: list[dict] = field(default_factory=list)  # libraries (regency level only)


def _categories_for(programme: Programme) -> dict[int, str]:
    """Category names, per process, keyed by the figures generation (a change to a category bumps it)."""
    return lookups.get_or_set(lookup_key("categories", programme), categories)


def _targets_for(programme: Programme) -> dict[tuple[int, str], list[tuple[dict, int]]]:
    """All of the programme's targets by (year, region), per process, keyed by the figures generation."""

    def read():
        out: dict[tuple[int, str], list[tuple[dict, int]]] = {}
        for t in IndicatorTarget.objects.filter(indicator__programme=programme).select_related("indicator"):
            indicator = {"code": t.indicator.code, "name": t.indicator.name, "measure": t.indicator.measure}
            out.setdefault((t.year, t.region_code), []).append((indicator, t.target))
        return out

    return lookups.get_or_set(lookup_key("targets", programme), read)


def _region_names(**filters) -> dict[str, str]:
    key = "regions|" + "|".join(f"{k}={v}" for k, v in sorted(filters.items()))
    return lookups.get_or_set(
        key, lambda: dict(Region.objects.filter(**filters).values_list("code", "name")), NAMES_SECONDS
    )


def _beneficiary_names(programme: Programme, year: int, regency_code: str) -> dict[str, str]:
    """The beneficiary libraries of a regency/city in a year ('L<id>': name), per process, keyed by the
    figures generation (adding or removing a beneficiary bumps it)."""

    def read():
        rows = (
            Beneficiary.objects.filter(programme=programme, year=year, regency_code=regency_code)
            .order_by()  # not the model's order, which joins the programme
            .values_list("library_id", "library__name")
        )
        return {f"L{pk}": name for pk, name in rows}

    return lookups.get_or_set(lookup_key("beneficiaries", programme, regency_code, str(year)), read)


def dashboard(programme: Programme, place: Place, year: int, month: int) -> Dashboard:
    pid = programme.pk
    today = timezone.localdate()
    completeness_month = month or (today.month if year == today.year else 12)
    # One read of the aggregate rows the page shows: the place's own (the year's months and each
    # year's total for all categories, the period's per category: about 30 rows) and its children's
    # for the period, the year and the completeness month.
    own = Q(region_code=place.code) & (
        Q(year=year, category=0)
        | Q(year__in=programme.years, month=0, category=0)
        | Q(year=year, month=month)
    )
    children_rows, names = [], {}
    condition = own
    if place.level < 3:
        child = Q(level=place.level + 1, year=year, month__in={month, 0, completeness_month}, category=0)
        if place.level == 0:
            names = _region_names(level=1)
        elif place.level == 1:
            child &= Q(region_code__startswith=f"{place.code}.")
            names = _region_names(parent_id=place.code)
        else:
            names = _beneficiary_names(programme, year, place.code)
            child &= Q(region_code__in=list(names))
        condition |= child
    rows, per_category = {}, []
    for r in figure_rows(pid, condition, pending=_pending(programme)):
        if r["region_code"] != place.code:
            children_rows.append(r)
        elif r["category"]:
            per_category.append(r)
        else:
            rows[(r["year"], r["month"], 0)] = r
    empty = dict.fromkeys(STAT_FIELDS, 0)
    totals = rows.get((year, month, 0), empty)
    year_row = rows.get((year, 0, 0), empty)
    categories_named = _categories_for(programme) if per_category else {}
    by_category = [
        (categories_named.get(r["category"], "?"), r["activities"], r["participants"]) for r in per_category
    ]
    by_category.sort(key=lambda t: -t[1])
    by_month = [(m, rows.get((year, m, 0), empty)) for m in range(1, 13)]
    by_year = [(y, rows.get((y, 0, 0), empty)) for y in programme.years]
    children = _children(place, children_rows, names, month, completeness_month) if place.level < 3 else []

    targets = []
    for indicator, target in _targets_for(programme).get((year, place.code), []):
        achieved = year_row.get(indicator["measure"], 0)
        targets.append(
            {
                "indicator": indicator,
                "target": target,
                "achieved": achieved,
                "percent": min(100, round(achieved * 100 / target)) if target else 0,
            }
        )
    reported = rows.get((year, completeness_month, 0), empty)["reports"]
    beneficiaries = year_row["beneficiaries"]
    not_reported = []
    if place.level == 2:
        not_reported = [c for c in children if not c["reported"]]
    return Dashboard(
        programme=programme,
        place=place,
        year=year,
        month=month,
        totals=totals,
        by_category=by_category,
        by_month=by_month,
        by_year=by_year,
        children=children,
        targets=targets,
        completeness_month=completeness_month,
        beneficiaries=beneficiaries,
        reported=reported,
        not_reported=not_reported,
    )


def _children(
    place: Place, stats: list[dict], names: dict[str, str], month: int, completeness_month: int
) -> list[dict]:
    """The next level down with its figures, from its aggregate rows: provinces, regencies or libraries."""
    by_code: dict[str, dict] = {}
    for r in stats:
        entry = by_code.setdefault(r["region_code"], {"figures": None, "year": None, "done": None})
        if r["month"] == month:
            entry["figures"] = r
        if r["month"] == 0:
            entry["year"] = r
        if r["month"] == completeness_month:
            entry["done"] = r
    empty = dict.fromkeys(STAT_FIELDS, 0)
    out = []
    for code, entry in by_code.items():
        year_row = entry["year"] or empty
        if not year_row["beneficiaries"] and not (entry["figures"] or empty)["reports"]:
            continue
        out.append(
            {
                "code": code,
                "name": names.get(code, code),
                "figures": entry["figures"] or empty,
                "beneficiaries": year_row["beneficiaries"],
                "reported": (entry["done"] or empty)["reports"],
            }
        )
    if place.level == 2:  # beneficiaries without any row yet are still listed (they have not reported)
        for code, name in names.items():
            if code not in by_code:
                out.append({"code": code, "name": name, "figures": empty, "beneficiaries": 1, "reported": 0})
    out.sort(key=lambda c: c["name"])
    return out


def indicators(programme: Programme, region_code: str, year: int, month: int = 0) -> list[dict]:
    """Each indicator's target and achievement for a region and period (the API's answer)."""
    row = _row(programme, region_code, year, month)
    out = []
    targets = {
        t.indicator_id: t.target
        for t in IndicatorTarget.objects.filter(
            indicator__programme=programme, year=year, region_code=region_code
        )
    }
    for ind in programme.indicators.all():
        out.append(
            {
                "code": ind.code,
                "name": ind.name,
                "measure": ind.measure,
                "target": targets.get(ind.pk),
                "achieved": row.get(ind.measure, 0),
            }
        )
    return out


def reports_page_queryset(
    visible: QuerySet, *, status: str = "", programme: Programme | None = None
) -> QuerySet:
    qs = visible.select_related("library", "programme").order_by("-year", "-month", "library__name", "pk")
    if status:
        qs = qs.filter(status=status)
    if programme is not None:
        qs = qs.filter(programme=programme)
    return qs


def report_detail(report: Report) -> Report:
    return report
