"""After the event: registrations, attendance, breakdowns, feedback; SVG bar charts (no JavaScript)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from simpul.libraries.models import LibraryType
from simpul.regions.models import Region

from .models import Event, Feedback, Nomination, NominationStatus, Programme, Registration, RegistrationStatus


@dataclass
class Breakdown:
    title: str
    rows: list[tuple[str, int, int]] = field(default_factory=list)  # label, confirmed, attended


@dataclass
class EventReport:
    registrations: int
    by_status: dict[str, int]
    confirmed: int
    attended: int
    attendance_rate: float
    breakdowns: list[Breakdown]
    feedback_count: int
    feedback_avg: dict[str, float | None]


def _breakdown(title: str, confirmed, key: str, labels: dict) -> Breakdown:
    rows = confirmed.values(key).annotate(n=Count("id"), attended=Count("id", filter=Q(days_attended__gt=0)))
    out = Breakdown(title)
    for row in sorted(rows, key=lambda r: -r["n"]):
        value = row[key]
        out.rows.append((str(labels.get(value, value) or _("not given")), row["n"], row["attended"]))
    return out


def event_report(event: Event) -> EventReport:
    all_rows = Registration.objects.filter(event=event)
    by_status = dict(all_rows.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    confirmed = all_rows.filter(status=RegistrationStatus.CONFIRMED)
    n_confirmed = by_status.get(RegistrationStatus.CONFIRMED, 0)
    attended = confirmed.filter(days_attended__gt=0).count()
    categories = dict(event.categories.values_list("pk", "name"))
    codes = set(confirmed.values_list("province_code", flat=True).distinct())
    provinces = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    breakdowns = [
        _breakdown(_("By category"), confirmed, "category_id", categories),
        _breakdown(_("By province"), confirmed, "province_code", provinces),
        _breakdown(_("By library type"), confirmed, "library_type", dict(LibraryType.choices)),
        _breakdown(_("By gender"), confirmed, "gender", {"F": _("female"), "M": _("male")}),
    ]
    feedback = Feedback.objects.filter(registration__event=event)
    averages = feedback.aggregate(
        overall=Avg("rating"), content=Avg("content_rating"), organisation=Avg("organisation_rating")
    )
    return EventReport(
        registrations=sum(by_status.values()),
        by_status={label: by_status.get(value, 0) for value, label in RegistrationStatus.choices},
        confirmed=n_confirmed,
        attended=attended,
        attendance_rate=round(100 * attended / n_confirmed, 1) if n_confirmed else 0.0,
        breakdowns=breakdowns,
        feedback_count=feedback.count(),
        feedback_avg={k: round(v, 2) if v is not None else None for k, v in averages.items()},
    )


def bar_chart(breakdown: Breakdown, width: int = 560) -> str:
    """A horizontal bar chart of confirmed (light) and attended (dark) per row, as inline SVG."""
    rows = breakdown.rows[:15]
    bar_h, gap, label_w = 18, 10, 170
    height = max(1, len(rows)) * (bar_h + gap) + 10
    top = max([r[1] for r in rows] + [1])
    scale = (width - label_w - 60) / top
    parts = [
        f'<svg class="event-chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'aria-label="{escape(breakdown.title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, n, present) in enumerate(rows):
        y = 5 + i * (bar_h + gap)
        parts.append(
            f'<text x="0" y="{y + 13}" font-size="12">{escape(label[:28])}</text>'
            f'<rect x="{label_w}" y="{y}" width="{n * scale:.1f}" height="{bar_h}" fill="#9ec5e8"/>'
            f'<rect x="{label_w}" y="{y}" width="{present * scale:.1f}" height="{bar_h}" fill="#1d4f7c"/>'
            f'<text x="{label_w + n * scale + 4:.1f}" y="{y + 13}" font-size="12">{present}/{n}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (labels escaped above)


def charts(report: EventReport) -> list[tuple[Breakdown, str]]:
    return [(b, bar_chart(b)) for b in report.breakdowns]


# --- Training programmes: learning gain -------------------------------------------------------


@dataclass
class Gain:
    label: str
    scored: int
    pre: Decimal | None
    post: Decimal | None

    @property
    def gain(self) -> Decimal | None:
        return (
            None
            if self.pre is None or self.post is None
            else (self.post - self.pre).quantize(Decimal("0.01"))
        )

    @property
    def normalised(self) -> Decimal | None:
        """Hake's normalised gain: (post - pre) / (100 - pre)."""
        if self.pre is None or self.post is None or self.pre >= 100:
            return None
        return ((self.post - self.pre) / (100 - self.pre)).quantize(Decimal("0.01"))


def _avg(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def learning_gain(programme: Programme) -> tuple[Gain, list[Gain]]:
    scored = Nomination.objects.filter(
        programme=programme, status=NominationStatus.APPROVED, pre_test__isnull=False, post_test__isnull=False
    )
    whole = scored.aggregate(n=Count("id"), pre=Avg("pre_test"), post=Avg("post_test"))
    total = Gain(_("Whole programme"), whole["n"], _avg(whole["pre"]), _avg(whole["post"]))
    per_batch = []
    rows = (
        scored.filter(batch__isnull=False)
        .values("batch_id", "batch__title")
        .annotate(n=Count("id"), pre=Avg("pre_test"), post=Avg("post_test"))
        .order_by("batch__title")
    )
    for row in rows:
        per_batch.append(Gain(row["batch__title"], row["n"], _avg(row["pre"]), _avg(row["post"])))
    return total, per_batch
