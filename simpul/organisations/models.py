"""Organisations (associations, chapters, agencies, the LSP, libraries...), employment and roles.

Roles live here rather than in people/ because a role is scoped to an organisation (and what is
under it) or to a region, and people/ sits below organisations/ in the layers.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.core.models import TimeStampedModel


class Kind(models.TextChoices):
    ASSOCIATION = "association", _("association")
    CHAPTER = "chapter", _("association chapter")
    NATIONAL_LIBRARY = "national_library", _("National Library")
    LIBRARY_OFFICE = "library_office", _("library office")
    CERTIFICATION_BODY = "certification_body", _("certification body")
    LIBRARY = "library", _("library")
    UNIVERSITY = "university", _("university")
    COMPANY = "company", _("company")
    COMMUNITY = "community", _("community")
    GOVERNMENT = "government", _("government agency")
    SCHOOL = "school", _("school")


class OrganisationQuerySet(models.QuerySet):
    def under(self, organisation: "Organisation"):
        """The organisation and everything below it (one indexed prefix match)."""
        return self.filter(path__startswith=organisation.path)

    def of_kind(self, *kinds: str):
        return self.filter(kind__in=kinds)

    def active(self):
        return self.filter(is_active=True)


class Organisation(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("e.g. IPI, FPPTI, LSP")
    )
    slug = models.SlugField(_("web address name"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of ids, "12/40/311/": descendants are one prefix match. Kept by the services.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["kind", "region"], name="org_kind_region_idx"),
            models.Index(fields=["parent", "name"], name="org_parent_name_idx"),
        ]
        constraints = [models.CheckConstraint(condition=~models.Q(name=""), name="org_name_required")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", kwargs={"slug": self.slug})


class Employment(models.Model):
    """A person's job: at an organisation known to Simpul, or one named in text."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="employment")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employment",
    )
    organisation_name = models.CharField(_("organisation (if not listed)"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=150)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(
        _("to"), null=True, blank=True, help_text=_("Leave empty if you still work here.")
    )

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employment history")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["organisation", "end_date"], name="employment_org_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="employment_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | ~models.Q(organisation_name=""),
                name="employment_names_an_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}, {self.employer_name}"

    @property
    def employer_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class Role(models.TextChoices):
    SITE_ADMIN = "site_admin", _("site administrator")
    ASSOCIATION_OFFICER = "association_officer", _("association officer")
    CERTIFICATION_ADMIN = "certification_admin", _("certification administrator")
    ASSESSOR = "assessor", _("assessor")
    PROGRAMME_MANAGER = "programme_manager", _("programme manager")
    FACILITATOR = "facilitator", _("programme facilitator")
    LIBRARY_MANAGER = "library_manager", _("library manager")
    LIBRARY_OFFICER = "library_officer", _("library office officer")
    EVENT_ORGANISER = "event_organiser", _("event organiser")
    EVENT_STAFF = "event_staff", _("event check-in staff")
    CURATOR = "curator", _("repository curator")


_ROLE_LABELS = dict(Role.choices)


class RoleAssignmentQuerySet(models.QuerySet):
    def current(self):
        today = timezone.localdate()
        return self.filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=today)).filter(
            models.Q(start_date__isnull=True) | models.Q(start_date__lte=today)
        )


class RoleAssignment(TimeStampedModel):
    """A role a person holds, over an organisation (and all under it) or over a region (and all in it).

    A site administrator's role has no scope: it covers everything.
    """

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("over organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("over region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["role", "id"]
        indexes = [models.Index(fields=["person", "role"], name="role_person_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="site_admin")
                | models.Q(organisation__isnull=False)
                | models.Q(region__isnull=False),
                name="role_has_scope",
            ),
            models.UniqueConstraint(
                fields=["person", "role", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="role_unique_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["person", "role", "region"],
                condition=models.Q(region__isnull=False),
                name="role_unique_per_region",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(role="site_admin"),
                name="role_site_admin_once",
            ),
        ]

    def __str__(self) -> str:
        # The label straight from Role's choices: get_role_display() hashes every lazy label of the
        # choices (a translation each) on each call, ~12 per role on a profile listing 60 roles.
        label = _ROLE_LABELS.get(self.role, self.role)
        scope = self.organisation or self.region
        return f"{label} — {scope}" if scope else str(label)
