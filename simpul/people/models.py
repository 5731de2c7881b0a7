"""Users (accounts) and persons (one record per human across everything they do)."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from simpul.core import crypto
from simpul.core.models import TimeStampedModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email=self.normalize_email(email).lower())


class User(AbstractBaseUser, PermissionsMixin):
    """An account: signs in with an e-mail address. The human behind it is `person`."""

    # Stored lower-case (the manager and clean() normalise), so a plain unique index serves logins;
    # the functional constraint below also refuses case variants written around the manager.
    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False, help_text=_("May open the back office."))
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]

    def __str__(self) -> str:
        return self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()


class PersonQuerySet(models.QuerySet):
    def with_nik_digest(self, nik: str):
        return self.filter(nik_digest=crypto.digest(nik, "nik"))


def name_with_titles(prefix: str, full_name: str, suffix: str) -> str:
    """`Person.display_name` for lists that read the three columns without the model."""
    name = f"{prefix} {full_name}".strip()
    return f"{name}, {suffix}" if suffix else name


class Person(TimeStampedModel):
    """A human being: librarian, member, participant, assessee, speaker. May exist without an account."""

    user = models.OneToOneField(
        User,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    full_name = models.CharField(
        _("full name"), max_length=150, help_text=_("Exactly as on your diploma; a single name is fine.")
    )
    title_prefix = models.CharField(
        _("titles before the name"), max_length=60, blank=True, help_text=_("e.g. Dr. Ir. Hj.")
    )
    title_suffix = models.CharField(
        _("titles after the name"), max_length=80, blank=True, help_text=_("e.g. S.IP., M.Hum.")
    )
    # NIK is personal data (UU PDP 27/2022): encrypted at rest, a keyed digest for uniqueness, shown masked.
    nik_encrypted = models.TextField(blank=True)
    nik_digest = models.CharField(max_length=64, null=True, blank=True, editable=False)
    nik_masked = models.CharField(_("NIK"), max_length=16, blank=True, editable=False)
    nip = models.CharField(_("NIP"), max_length=18, blank=True, help_text=_("18 digits, for civil servants."))
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text=_("Mobile or WhatsApp number."))
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region of residence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(
        _("gender"), max_length=1, blank=True, choices=[("F", _("female")), ("M", _("male"))]
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["nik_digest"], name="person_nik_unique"),
            models.CheckConstraint(condition=~models.Q(full_name=""), name="person_full_name_required"),
        ]
        indexes = [
            models.Index(Lower("full_name"), name="person_name_lower_idx"),
            models.Index(fields=["region"], name="person_region_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name with its titles, as printed on certificates: 'Dr. Ir. Hj. Sitti Rohmi Djalilah, M.Pd'."""
        return name_with_titles(self.title_prefix, self.full_name, self.title_suffix)

    @property
    def has_nik(self) -> bool:
        return bool(self.nik_encrypted)

    def nik_clear(self) -> str | None:
        """The clear NIK, for the few flows that need it (certification forms). Never for display."""
        return crypto.decrypt(self.nik_encrypted) if self.nik_encrypted else None


class EducationLevel(models.TextChoices):
    SD = "SD", "SD"
    SMP = "SMP", "SMP"
    SMA = "SMA", _("SMA/SMK/MA")
    D1 = "D1", "D1"
    D2 = "D2", "D2"
    D3 = "D3", "D3"
    D4 = "D4", _("D4/Sarjana Terapan")
    S1 = "S1", "S1"
    S2 = "S2", "S2"
    S3 = "S3", "S3"


class Education(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="education")
    level = models.CharField(
        pgettext_lazy("education", "level"), max_length=3, choices=EducationLevel.choices
    )
    institution = models.CharField(_("institution"), max_length=150)
    major = models.CharField(_("field of study"), max_length=150, blank=True)
    is_library_science = models.BooleanField(_("library and information science"), default=False)
    graduation_year = models.PositiveSmallIntegerField(_("year of graduation"), null=True, blank=True)

    class Meta:
        verbose_name = _("education")
        verbose_name_plural = _("education history")
        ordering = ["-graduation_year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(graduation_year__isnull=True)
                | models.Q(graduation_year__gte=1940, graduation_year__lte=2100),
                name="education_year_plausible",
            )
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.institution}"
