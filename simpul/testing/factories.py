"""factory_boy factories for tests and generators. Writes that have rules go through the services."""

import factory

from simpul.organisations import services as org_services
from simpul.organisations.models import Kind, Organisation
from simpul.people.models import Person, User
from simpul.regions.models import Level, Region, TimeZone

# (code, name, kind, time zone, postal code): real Kemendagri codes.
REGION_SLICE = [
    ("31", "Daerah Khusus Ibukota Jakarta", "provinsi", TimeZone.WIB, ""),
    ("31.71", "Kota Administrasi Jakarta Pusat", "kota", TimeZone.WIB, ""),
    ("33", "Jawa Tengah", "provinsi", TimeZone.WIB, ""),
    ("33.11", "Kabupaten Sukoharjo", "kabupaten", TimeZone.WIB, ""),
    ("33.11.12", "Kartasura", "kecamatan", TimeZone.WIB, ""),
    ("33.11.12.2001", "Pucangan", "desa", TimeZone.WIB, "57168"),
    ("52", "Nusa Tenggara Barat", "provinsi", TimeZone.WITA, ""),
    ("52.71", "Kota Mataram", "kota", TimeZone.WITA, ""),
    ("52.71.01", "Ampenan", "kecamatan", TimeZone.WITA, ""),
    ("52.71.01.1004", "Ampenan Selatan", "kelurahan", TimeZone.WITA, "83114"),
]


def region_slice() -> dict[str, Region]:
    out: dict[str, Region] = {}
    for code, name, kind, tz, postal in REGION_SLICE:
        parent = out.get(code.rsplit(".", 1)[0]) if "." in code else None
        path = ", ".join(
            [name] + [out[".".join(code.split(".")[:i])].name for i in range(code.count("."), 0, -1)]
        )
        search = name.lower()
        for prefix in ("kota administrasi ", "kabupaten ", "kota "):
            search = search.removeprefix(prefix)
        out[code], _ = Region.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "level": Level(code.count(".") + 1),
                "parent": parent,
                "time_zone": tz,
                "postal_code": postal,
                "path": path,
                "search_name": search,
            },
        )
    return out


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.django.Password("correct horse battery")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Pustakawan {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    """Goes through `organisation_create`, so the tree path is right."""

    class Meta:
        model = Organisation

    kind = Kind.LIBRARY
    name = factory.Sequence(lambda n: f"Perpustakaan {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return org_services.organisation_create(actor=None, **kwargs)


def grant(person, role, **scope):
    return org_services.role_grant(actor=None, person=person, role=role, **scope)
