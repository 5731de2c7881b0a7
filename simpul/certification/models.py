"""Competency certification with the LSP Pustakawan (BNSP system).

Reference data (TUK, assessors, SKKNI standards, units, schemes, eligibility rules, required
documents) belongs to one LSP: an Organisation of kind certification_body. An application follows
FR.APL.01/02, is checked by the LSP, scheduled into an assessment session (an events.Event), assessed
unit by unit by one assessor (FR.AK.01-04) and decided; a competent decision issues a
credentials.Credential, mirrored here by a `Certificate` row that the public register searches.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from simpul.core.models import TimeStampedModel


class Tuk(TimeStampedModel):
    """Tempat Uji Kompetensi: an assessment site of the LSP (often a library)."""

    lsp = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    host = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("host organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("assessment site (TUK)")
        verbose_name_plural = _("assessment sites (TUK)")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["lsp", "name"], name="cert_tuk_unique_name")]

    def __str__(self) -> str:
        return self.name


class Standard(TimeStampedModel):
    """An SKKNI (e.g. Kepmenaker 236/2019) in one version."""

    code = models.CharField(_("decree"), max_length=80)
    title = models.CharField(_("title"), max_length=250)
    version = models.PositiveSmallIntegerField(_("year of version"))

    class Meta:
        verbose_name = _("SKKNI standard")
        verbose_name_plural = _("SKKNI standards")
        ordering = ["-version", "code"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="cert_standard_unique")]

    def __str__(self) -> str:
        return f"{self.code} ({self.version})"


class Unit(TimeStampedModel):
    """A competency unit of a standard, shared by every scheme that lists it."""

    standard = models.ForeignKey(
        Standard, verbose_name=_("standard"), on_delete=models.PROTECT, related_name="units"
    )
    code = models.CharField(_("unit code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=250)

    class Meta:
        verbose_name = _("competency unit")
        verbose_name_plural = _("competency units")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Element(models.Model):
    """An element of a unit with its performance criteria (KUK), one per line."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="elements")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("element"), max_length=250)
    criteria = models.TextField(_("performance criteria"), blank=True, help_text=_("One per line."))

    class Meta:
        verbose_name = _("element")
        verbose_name_plural = _("elements")
        ordering = ["unit", "order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def criteria_list(self) -> list[str]:
        return [line.strip() for line in self.criteria.splitlines() if line.strip()]


class SchemeKind(models.TextChoices):
    CLUSTER = "cluster", _("cluster (klaster)")
    OCCUPATION = "occupation", _("occupation")
    KKNI = "kkni", _("KKNI level")
    UNIT = "unit", _("single unit")


class Scheme(TimeStampedModel):
    lsp = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=SchemeKind.choices, default=SchemeKind.CLUSTER)
    occupation = models.CharField(_("occupation"), max_length=150, blank=True)
    kkni_level = models.PositiveSmallIntegerField(_("KKNI level"), null=True, blank=True)
    validity_years = models.PositiveSmallIntegerField(_("validity (years)"), default=3)
    is_active = models.BooleanField(_("open for applications"), default=True)
    units = models.ManyToManyField(Unit, through="SchemeUnit", related_name="schemes")

    class Meta:
        verbose_name = _("certification scheme")
        verbose_name_plural = _("certification schemes")
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["lsp", "code"], name="cert_scheme_unique_code"),
            models.CheckConstraint(
                condition=models.Q(kkni_level__isnull=True) | models.Q(kkni_level__gte=1, kkni_level__lte=9),
                name="cert_scheme_kkni_1_9",
            ),
            models.CheckConstraint(
                condition=models.Q(validity_years__gte=1, validity_years__lte=10), name="cert_scheme_validity"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def ordered_units(self):
        return [su.unit for su in self.scheme_units.select_related("unit").order_by("order", "id")]


class SchemeUnit(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="scheme_units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        ordering = ["scheme", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "unit"], name="cert_scheme_unit_once")]

    def __str__(self) -> str:
        return f"{self.scheme_id}:{self.order}"


EDUCATION_RANK = {"SD": 1, "SMP": 2, "SMA": 3, "D1": 4, "D2": 5, "D3": 6, "D4": 7, "S1": 7, "S2": 8, "S3": 9}


class EligibilityRule(models.Model):
    """One path to eligibility; an applicant who meets any rule of the scheme is eligible."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="rules")
    description = models.CharField(_("description"), max_length=250)
    min_education = models.CharField(
        _("lowest education"),
        max_length=3,
        choices=[(k, k) for k in EDUCATION_RANK],
        default="D2",
    )
    library_science_required = models.BooleanField(_("library science education required"), default=False)
    training_certificate_required = models.BooleanField(
        _("competency-based library training certificate required"), default=False
    )
    min_years_in_cluster = models.PositiveSmallIntegerField(
        _("years of continuous work in the cluster"), default=0
    )

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["scheme", "id"]

    def __str__(self) -> str:
        return self.description


class DocumentKind(models.TextChoices):
    PHOTO = "photo", _("photo")
    IDENTITY = "identity", _("identity card (KTP)")
    DIPLOMA = "diploma", _("diploma")
    EMPLOYMENT = "employment", _("employment letter")
    DECREE = "decree", _("functional-position decree")
    RECOMMENDATION = "recommendation", _("supervisor's recommendation")
    CV = "cv", _("curriculum vitae")
    TRAINING = "training", _("training certificate")
    EVIDENCE = "evidence", pgettext_lazy("certification", "evidence")


class RequiredDocument(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="required_documents")
    kind = models.CharField(_("document"), max_length=16, choices=DocumentKind.choices)
    mandatory = models.BooleanField(_("mandatory"), default=True)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["scheme", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "kind"], name="cert_required_doc_once")]

    def __str__(self) -> str:
        return self.get_kind_display()


class Assessor(TimeStampedModel):
    lsp = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    met_number = models.CharField(_("MET number"), max_length=40, unique=True)
    schemes = models.ManyToManyField(
        Scheme, verbose_name=_("schemes assessed"), related_name="assessors", blank=True
    )
    max_load = models.PositiveSmallIntegerField(_("most assessees per session"), default=10)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("assessor")
        verbose_name_plural = _("assessors")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["lsp", "person"], name="cert_assessor_once"),
            models.CheckConstraint(condition=models.Q(max_load__gte=1), name="cert_assessor_load_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.person.display_name} ({self.met_number})"


class AssessmentSession(TimeStampedModel):
    """A session at a TUK; its dates, venue and capacity live on the Event."""

    event = models.OneToOneField(
        "events.Event", on_delete=models.PROTECT, related_name="certification_session"
    )
    lsp = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    tuk = models.ForeignKey(Tuk, verbose_name=_("TUK"), on_delete=models.PROTECT, related_name="sessions")
    schemes = models.ManyToManyField(Scheme, verbose_name=_("schemes"), related_name="sessions")
    capacity = models.PositiveIntegerField(_("capacity"))

    class Meta:
        verbose_name = _("assessment session")
        verbose_name_plural = _("assessment sessions")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.event.title


class Purpose(models.TextChoices):
    CERTIFICATION = "certification", _("certification")
    RPL = "rpl", _("recognition of prior learning (RPL)")
    RCC = "rcc", _("re-certification (RCC)")
    OTHER = "other", _("other")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for changes")
    ACCEPTED = "accepted", _("accepted")
    SCHEDULED = "scheduled", _("scheduled")
    ASSESSED = "assessed", _("assessed")
    COMPETENT = "competent", _("competent")
    NOT_COMPETENT = "not_competent", _("not yet competent")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_STATUSES = [
    Status.DRAFT,
    Status.SUBMITTED,
    Status.RETURNED,
    Status.ACCEPTED,
    Status.SCHEDULED,
    Status.ASSESSED,
]
DECIDED_STATUSES = [Status.COMPETENT, Status.NOT_COMPETENT]


class Application(TimeStampedModel):
    """FR.APL.01: one person's application for one scheme, and its way to a decision."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="certification_applications"
    )
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="applications"
    )
    lsp = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(
        _("purpose"), max_length=16, choices=Purpose.choices, default=Purpose.CERTIFICATION
    )
    purpose_other = models.CharField(_("other purpose"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # FR.APL.01 as filled (copied from the profile, then corrected by the applicant).
    name_on_diploma = models.CharField(_("name as on the diploma (capitals)"), max_length=200)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    education_level = models.CharField(
        _("highest education"), max_length=3, choices=[(k, k) for k in EDUCATION_RANK]
    )
    education_major = models.CharField(_("field of study"), max_length=150, blank=True)
    education_institution = models.CharField(_("institution"), max_length=150, blank=True)
    library_science = models.BooleanField(_("my degree is in library science"), default=False)
    has_training_certificate = models.BooleanField(
        _("I hold a competency-based library training certificate"), default=False
    )
    job_title = models.CharField(_("current position"), max_length=150, blank=True)
    job_organisation = models.CharField(_("institution where I work"), max_length=200, blank=True)
    library_type = models.CharField(_("type of library"), max_length=12, blank=True)
    years_in_cluster = models.PositiveSmallIntegerField(
        _("years of continuous work in this field"), default=0
    )
    province_code = models.CharField(max_length=2, blank=True, db_index=True)
    eligible = models.BooleanField(null=True, blank=True)
    eligibility_reason = models.CharField(max_length=300, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    previous_certificate = models.ForeignKey(
        "Certificate",
        verbose_name=_("certificate being renewed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    session = models.ForeignKey(
        AssessmentSession, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    assessor = models.ForeignKey(
        Assessor, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    consent_at = models.DateTimeField(_("consent (FR.AK.01)"), null=True, blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("certification application")
        verbose_name_plural = _("certification applications")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "scheme"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="cert_one_open_application",
            ),
        ]
        indexes = [
            models.Index(fields=["lsp", "status"], name="cert_app_lsp_status_idx"),
            models.Index(fields=["session", "assessor"], name="cert_app_session_idx"),
            models.Index(fields=["scheme", "status"], name="cert_app_scheme_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name_on_diploma} — {self.scheme_id}"

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED_STATUSES

    @property
    def is_editable_by_applicant(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)


class Answer(models.TextChoices):
    K = "K", _("K (competent)")
    BK = "BK", _("BK (not yet competent)")


class SelfAssessment(models.Model):
    """FR.APL.02: the applicant's own answer per element."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="self_assessments")
    element = models.ForeignKey(Element, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=2, choices=Answer.choices)
    evidence_note = models.CharField(_("evidence"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "element"], name="cert_self_once")]

    def __str__(self) -> str:
        return self.answer


def private_upload_to(instance, filename: str) -> str:
    """Random names under a private folder: never guessable, never served as public media."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"private/certification/{timezone.now():%Y/%m}/{secrets.token_urlsafe(18)}.{extension}"


class Document(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=16, choices=DocumentKind.choices)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=private_upload_to)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Method(models.TextChoices):
    WRITTEN = "written", _("written test")
    DEMONSTRATION = "demonstration", _("demonstration")
    PORTFOLIO = "portfolio", _("portfolio")
    INTERVIEW = "interview", _("interview")
    OBSERVATION = "observation", _("observation")


class UnitResult(models.Model):
    """FR.AK.02: the assessor's methods and recommendation for one unit, with feedback (FR.AK.03)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    methods = models.JSONField(_("methods"), default=list)
    recommendation = models.CharField(_("recommendation"), max_length=2, choices=Answer.choices)
    notes = models.TextField(_("notes"), blank=True)
    feedback = models.TextField(_("feedback to the assessee"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "unit"], name="cert_result_once")]

    def __str__(self) -> str:
        return self.recommendation


class AppealDecision(models.TextChoices):
    PENDING = "pending", _("pending")
    UPHELD = "upheld", _("upheld: to be reassessed")
    REJECTED = "rejected", _("rejected: the decision stands")


class Appeal(TimeStampedModel):
    """FR.AK.04."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="appeal")
    reason = models.TextField(_("reason for appeal"))
    decision = models.CharField(
        _("decision"), max_length=10, choices=AppealDecision.choices, default=AppealDecision.PENDING
    )
    decision_note = models.TextField(_("note on the decision"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)


class Certificate(models.Model):
    """The register row of one competency certificate; the Credential holds the signed record."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="certificate")
    credential = models.OneToOneField("credentials.Credential", on_delete=models.PROTECT, related_name="+")
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="certificates")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=80)
    holder_name = models.CharField(max_length=250)
    issued_on = models.DateField()
    valid_until = models.DateField()
    revoked = models.BooleanField(default=False)
    province_code = models.CharField(max_length=2, blank=True)
    renews = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(Lower("holder_name"), name="cert_register_name_idx"),
            models.Index(fields=["number"], name="cert_register_number_idx"),
            models.Index(fields=["revoked", "valid_until"], name="cert_register_valid_idx"),
            # The register's order (newest first) walked from an index, valid rows only.
            models.Index(
                fields=["-issued_on", "-id"],
                name="cert_register_order_idx",
                condition=models.Q(revoked=False),
            ),
            models.Index(fields=["scheme", "revoked", "valid_until"], name="cert_register_scheme_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return not self.revoked and self.valid_until >= timezone.localdate()


class StatRow(models.Model):
    """Pre-aggregated report rows, rebuilt by `stats_refresh`: one per year, scheme, TUK, province, library type."""

    year = models.PositiveSmallIntegerField()
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="+")
    tuk = models.ForeignKey(Tuk, null=True, on_delete=models.CASCADE, related_name="+")
    province_code = models.CharField(max_length=2, blank=True)
    library_type = models.CharField(max_length=12, blank=True)
    applicants = models.PositiveIntegerField(default=0)
    decided = models.PositiveIntegerField(default=0)
    competent = models.PositiveIntegerField(default=0)
    certified = models.PositiveIntegerField(default=0)
    days_to_certificate = models.PositiveBigIntegerField(default=0)  # sum, divide by certified

    class Meta:
        indexes = [models.Index(fields=["year"], name="cert_stat_year_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.scheme_id}"
