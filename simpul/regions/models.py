"""The Kemendagri region hierarchy: province > regency/city > district > village.

The primary key is the official dotted code ("52", "52.71", "52.71.01", "52.71.01.1004"), so every
region-scoped query is a prefix match on an indexed column and foreign keys read as codes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.IntegerChoices):
    PROVINCE = 1, _("province")
    REGENCY = 2, _("regency/city")
    DISTRICT = 3, _("district")
    VILLAGE = 4, _("village")


LEVEL_SLUGS = {
    "province": Level.PROVINCE,
    "regency": Level.REGENCY,
    "district": Level.DISTRICT,
    "village": Level.VILLAGE,
}


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", "WIB (UTC+7)"
    WITA = "Asia/Makassar", "WITA (UTC+8)"
    WIT = "Asia/Jayapura", "WIT (UTC+9)"


# Kemendagri's kinds, as people read them. "distrik" is the Papuan name of a district.
KIND_LABELS = {
    "provinsi": _("province"),
    "kabupaten": _("regency"),
    "kota": _("city"),
    "kecamatan": _("district"),
    "distrik": _("district (distrik)"),
    "kelurahan": _("urban village (kelurahan)"),
    "desa": _("village (desa)"),
    "desa_adat": _("customary village (desa adat)"),
}


class RegionQuerySet(models.QuerySet):
    def provinces(self):
        return self.filter(level=Level.PROVINCE)

    def within(self, code: str):
        """The region with `code` and everything under it."""
        return self.filter(models.Q(code=code) | models.Q(code__startswith=f"{code}."))


class Region(models.Model):
    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.PositiveSmallIntegerField(pgettext_lazy("region", "level"), choices=Level.choices)
    # Kemendagri's own kind: provinsi, kabupaten, kota, kecamatan, distrik, kelurahan, desa, desa_adat.
    kind = models.CharField(_("kind"), max_length=12)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    time_zone = models.CharField(_("time zone"), max_length=16, choices=TimeZone.choices)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    # "Kota Mataram, Nusa Tenggara Barat": the region with its parents, for pickers and lists.
    path = models.CharField(_("full name"), max_length=255)
    # Lower-case name for search-as-you-type (prefix and contains), without "kota"/"kabupaten".
    search_name = models.CharField(max_length=120, db_index=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["level", "parent", "name"], name="region_children_idx"),
            models.Index(fields=["level", "search_name"], name="region_level_search_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=4), name="region_level_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def parents_path(self) -> str:
        """'Kota Mataram, Nusa Tenggara Barat' for Ampenan: the path without the region's own name."""
        return self.path[len(self.name) + 2 :] if self.path.startswith(f"{self.name}, ") else ""

    @property
    def province_code(self) -> str:
        return self.code[:2]

    def ancestors(self) -> list["Region"]:
        """Province first, up to the parent; one query."""
        parts = self.code.split(".")
        codes = [".".join(parts[:i]) for i in range(1, len(parts))]
        by_code = Region.objects.in_bulk(codes)
        return [by_code[c] for c in codes if c in by_code]


class RegionCodeChange(models.Model):
    """An official code that was replaced (e.g. the 2022 Papua split), so old data can be mapped."""

    old_code = models.CharField(_("old code"), max_length=13, unique=True)
    new_code = models.ForeignKey(
        Region, verbose_name=_("new region"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("region code change")
        verbose_name_plural = _("region code changes")
        ordering = ["old_code"]

    def __str__(self) -> str:
        return f"{self.old_code} → {self.new_code_id}"
