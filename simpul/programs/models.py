"""Programme monitoring (TPBIS): programmes, beneficiary libraries, monthly reports checked level by
level, the aggregate tables the dashboards read, and forums (rembuk) with their roadmaps.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from simpul.core.models import TimeStampedModel

# A participant count above this in one activity is refused as absurd.
MAX_PARTICIPANTS = 10_000
MAX_VISITS = 1_000_000


def _report_in_hand(row):
    """The report a row belongs to, saved or not yet (a whole month is validated before it is written)."""
    if row.report_id or type(row).report.is_cached(row):
        return row.report
    return None


class Programme(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    slug = models.SlugField(_("address name"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    # Bumped in the same transaction as every change to the programme's aggregates (and targets,
    # categories): cached dashboard parts are keyed by it, so none outlives the figures it shows.
    figures_generation = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="programme_years_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class Level(models.TextChoices):
    PROVINCIAL = "provincial", _("provincial library")
    REGENCY = "regency", _("regency/city library")
    VILLAGE = "village", _("village library")


class Beneficiary(models.Model):
    """A library that takes part in a programme in a given year (it reports for that year)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="beneficiaries")
    library = models.ForeignKey(
        "libraries.Library", verbose_name=_("library"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    province_code = models.CharField(max_length=2, editable=False, default="")
    regency_code = models.CharField(max_length=5, editable=False, default="")

    class Meta:
        verbose_name = _("beneficiary library")
        verbose_name_plural = _("beneficiary libraries")
        ordering = ["programme", "year", "library__name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "library", "year"], name="beneficiary_once_a_year")
        ]
        indexes = [
            models.Index(fields=["programme", "year", "province_code"], name="benef_prog_year_prov_idx"),
            models.Index(fields=["programme", "year", "regency_code"], name="benef_prog_year_reg_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.library} ({self.year})"


class Measure(models.TextChoices):
    """What an indicator counts: one column of the aggregate table."""

    ACTIVITIES = "activities", _("community engagement activities")
    PARTICIPANTS = "participants", _("participants")
    FEMALE = "female", _("female participants")
    DISABLED = "disabled", _("participants with a disability")
    VISITS = "visits", _("library visits")
    ADVOCACY = "advocacy", _("advocacy activities")
    PARTNERSHIPS = "partnerships", _("partnerships (MoU)")
    REGULATIONS = "regulations", _("local regulations")
    REPORTS = "reports", _("monthly reports")


class Indicator(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    measure = models.CharField(_("measure"), max_length=14, choices=Measure.choices)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["programme", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="indicator_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IndicatorTarget(models.Model):
    """The target for one year in one region ('' = national)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    region_code = models.CharField(_("region code"), max_length=13, blank=True, default="")
    target = models.PositiveIntegerField(_("target"))

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["indicator", "year", "region_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "region_code"], name="target_once_per_region"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year} {self.region_code or 'ID'}: {self.target}"


class ActivityCategory(models.Model):
    """The editable list of community engagement categories (digital literacy, batik, ...)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("activity category")
        verbose_name_plural = _("activity categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    REGENCY_CHECKED = "regency_checked", _("checked by the regency/city")
    PROVINCE_CHECKED = "province_checked", _("checked by the province")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned for changes")


# Reports in these states count in the dashboards; drafts and returned reports do not.
COUNTED = (
    ReportStatus.SUBMITTED,
    ReportStatus.REGENCY_CHECKED,
    ReportStatus.PROVINCE_CHECKED,
    ReportStatus.ACCEPTED,
)
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class Report(TimeStampedModel):
    """One beneficiary library's report for one month."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reports")
    library = models.ForeignKey(
        "libraries.Library", verbose_name=_("library"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    province_code = models.CharField(max_length=2, editable=False, default="")
    regency_code = models.CharField(max_length=5, editable=False, default="")
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    visits = models.PositiveIntegerField(_("visits this month"), default=0)
    innovations = models.TextField(_("service innovations scheduled"), blank=True)
    problems = models.TextField(_("problems met"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-year", "-month", "library__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "library", "year", "month"], name="report_once_a_month"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="report_month_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "status", "regency_code"], name="report_prog_status_reg_idx"),
            models.Index(fields=["programme", "status", "province_code"], name="report_prog_status_prov_idx"),
            models.Index(fields=["library", "-year", "-month"], name="report_library_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.library} {self.year}-{self.month:02d}"

    @property
    def period(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class Activity(models.Model):
    """A community engagement activity, with who took part (by gender, age group and disability)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="activities")
    date = models.DateField(_("date"))
    category = models.ForeignKey(
        ActivityCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    male = models.PositiveIntegerField(_("men and boys"), default=0)
    female = models.PositiveIntegerField(_("women and girls"), default=0)
    children = models.PositiveIntegerField(_("children (under 13)"), default=0)
    youth = models.PositiveIntegerField(_("youth (13-24)"), default=0)
    adults = models.PositiveIntegerField(_("adults (25-59)"), default=0)
    elderly = models.PositiveIntegerField(_("elderly (60 and over)"), default=0)
    disabled = models.PositiveIntegerField(_("with a disability"), default=0)
    outcomes = models.TextField(_("outcomes"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="programs/photos/%Y/", blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def participants(self) -> int:
        return self.male + self.female

    def clean(self) -> None:
        errors = {}
        total = self.male + self.female
        if total == 0:
            errors["male"] = _("Count the participants: at least one man or woman.")
        elif total > MAX_PARTICIPANTS:
            errors["male"] = _("More than %(n)s participants in one activity is not plausible.") % {
                "n": f"{MAX_PARTICIPANTS:,}".replace(",", ".")
            }
        ages = self.children + self.youth + self.adults + self.elderly
        if total and ages != total:
            errors["children"] = _(
                "The age groups add up to %(ages)s but there are %(total)s participants (men + women)."
            ) % {"ages": ages, "total": total}
        if self.disabled > total:
            errors["disabled"] = _("Participants with a disability cannot be more than all participants.")
        report = _report_in_hand(self)
        if (
            report is not None
            and self.date
            and (self.date.year, self.date.month) != (report.year, report.month)
        ):
            errors["date"] = _("The date must fall in the report's month (%(period)s).") % {
                "period": report.period
            }
        if errors:
            raise ValidationError(errors)


class ItemKind(models.TextChoices):
    ADVOCACY = "advocacy", _("advocacy (audience with a regent, village head, council...)")
    PARTNERSHIP = "partnership", _("partnership (MoU)")
    REGULATION = "regulation", _("local regulation issued")
    AID_PHYSICAL = "aid_physical", _("aid received: physical")
    AID_OTHER = "aid_other", _("aid received: non-physical")


class ReportItem(models.Model):
    """The other things a monthly report tells: advocacy, partnerships, regulations, aid."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("what"), max_length=200)
    counterpart = models.CharField(
        pgettext_lazy("report item", "with whom / from whom"), max_length=200, blank=True
    )
    valid_until = models.DateField(_("valid until (MoU)"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    document = models.FileField(_("document"), upload_to="programs/documents/%Y/", blank=True)

    class Meta:
        verbose_name = _("report item")
        verbose_name_plural = _("report items")
        ordering = ["kind", "date", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.kind in (ItemKind.ADVOCACY, ItemKind.PARTNERSHIP) and not self.counterpart:
            errors["counterpart"] = _("Say with whom.")
        if self.valid_until and self.date and self.valid_until < self.date:
            errors["valid_until"] = _("An agreement cannot end before it starts.")
        report = _report_in_hand(self)
        if (
            report is not None
            and self.date
            and (self.date.year, self.date.month) != (report.year, report.month)
        ):
            errors["date"] = _("The date must fall in the report's month (%(period)s).") % {
                "period": report.period
            }
        if errors:
            raise ValidationError(errors)


class ReportEvent(models.Model):
    """The report's history: submitted, checked, returned with comments, accepted, reopened."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("submitted")
        CHECK = "check", _("checked")
        RETURN = "return", _("returned")
        ACCEPT = "accept", _("accepted")
        REOPEN = "reopen", _("reopened")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=8, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d}"


class StatRow(models.Model):
    """A row of figures under its key (the columns of the aggregates and of their pending changes).

    region_code: '' national, '33' province, '33.11' regency/city, 'L<library id>' one library.
    month 0 = the whole year; category 0 = all categories.
    """

    region_code = models.CharField(max_length=16)
    level = models.PositiveSmallIntegerField()  # 0 national, 1 province, 2 regency, 3 library
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    category = models.PositiveIntegerField(default=0)
    beneficiaries = models.IntegerField(default=0)
    reports = models.IntegerField(default=0)
    visits = models.BigIntegerField(default=0)
    activities = models.IntegerField(default=0)
    participants = models.BigIntegerField(default=0)
    male = models.BigIntegerField(default=0)
    female = models.BigIntegerField(default=0)
    children = models.BigIntegerField(default=0)
    youth = models.BigIntegerField(default=0)
    adults = models.BigIntegerField(default=0)
    elderly = models.BigIntegerField(default=0)
    disabled = models.BigIntegerField(default=0)
    advocacy = models.IntegerField(default=0)
    partnerships = models.IntegerField(default=0)
    regulations = models.IntegerField(default=0)
    aid = models.IntegerField(default=0)

    class Meta:
        abstract = True


class ProgrammeStat(StatRow):
    """Pre-aggregated figures: one row per (programme, region, year, month, category). Only counted
    reports (submitted and on) contribute; the reporting services keep these rows current, through
    ProgrammeStatDelta: a figure is this row plus its pending changes.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "region_code", "year", "month", "category"], name="programme_stat_key"
            )
        ]
        indexes = [
            models.Index(fields=["programme", "level", "year", "month", "category"], name="pstat_level_idx")
        ]

    def __str__(self) -> str:
        return f"{self.region_code or 'ID'} {self.year}-{self.month} c{self.category}"


class ProgrammeStatDelta(StatRow):
    """A change to the aggregates not yet folded into ProgrammeStat (append-only; several rows may
    share a key). A reporting write only inserts these, so concurrent submissions never wait for one
    another on the shared national and province rows; `stats_fold` moves them into ProgrammeStat in
    batches, and every read of the figures adds the ones still pending."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["programme", "region_code", "year", "month", "category"], name="pstat_delta_key_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_code or 'ID'} {self.year}-{self.month} c{self.category} (pending)"


STAT_FIELDS = (
    "beneficiaries", "reports", "visits", "activities", "participants", "male", "female", "children",
    "youth", "adults", "elderly", "disabled", "advocacy", "partnerships", "regulations", "aid",
)  # fmt: skip


class Job(models.Model):
    """A background upload (dry run, then apply) or export; its page shows progress."""

    class Kind(models.TextChoices):
        UPLOAD_CHECK = "upload_check", _("upload: dry run")
        UPLOAD_APPLY = "upload_apply", _("upload")
        EXPORT = "export", _("export")

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    params = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="programs/jobs/", blank=True)
    report = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="programs_job_user_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


# --- Forums (rembuk) and roadmaps ---------------------------------------------------------------
class Forum(TimeStampedModel):
    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="forum")
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="forums"
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.event.title


class ChallengeCategory(models.TextChoices):
    INSTITUTION = "institution", _("institution and governance")
    STAFF = "staff", _("staff and skills")
    COLLECTION = "collection", _("collections and local knowledge")
    SERVICE = "service", _("services and users")
    FUNDING = "funding", _("funding")
    TECHNOLOGY = "technology", _("technology")
    OTHER = "other", _("other")


class Challenge(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="challenges")
    category = models.CharField(_("category"), max_length=12, choices=ChallengeCategory.choices)
    description = models.TextField(_("challenge"))
    raised_by = models.CharField(_("raised by"), max_length=200)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["category", "id"]

    def __str__(self) -> str:
        return self.description[:80]


class Strategy(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="strategies")
    title = models.CharField(_("strategy"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class RoadmapStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class RoadmapItem(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="roadmap")
    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    title = models.CharField(_("roadmap item"), max_length=300)
    owner = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=12, choices=RoadmapStatus.choices, default=RoadmapStatus.PLANNED
    )

    class Meta:
        verbose_name = _("roadmap item")
        verbose_name_plural = _("roadmap items")
        ordering = ["target_date", "id"]

    def __str__(self) -> str:
        return self.title


class RoadmapUpdate(models.Model):
    item = models.ForeignKey(RoadmapItem, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=12, choices=RoadmapStatus.choices)
    note = models.TextField(_("progress note"))

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.note[:80]
