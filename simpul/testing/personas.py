"""The personas and the IPI organisations of the root conftest.py, as plain functions, so that a fixture
of any scope can make them (the function-scoped fixtures there call these; the every-URL test makes them
once for its module)."""

from simpul.organisations.models import Kind, Role

from . import factories


def ipi_organisations(regions) -> dict:
    """IPI with its Jawa Tengah, Sukoharjo and NTB chapters, over `factories.region_slice()`."""
    central = factories.OrganisationFactory(
        kind=Kind.ASSOCIATION, name="Ikatan Pustakawan Indonesia", short_name="IPI"
    )
    jateng = factories.OrganisationFactory(
        kind=Kind.CHAPTER, name="IPI Jawa Tengah", parent=central, region=regions["33"]
    )
    sukoharjo = factories.OrganisationFactory(
        kind=Kind.CHAPTER, name="IPI Kabupaten Sukoharjo", parent=jateng, region=regions["33.11"]
    )
    ntb = factories.OrganisationFactory(
        kind=Kind.CHAPTER, name="IPI Nusa Tenggara Barat", parent=central, region=regions["52"]
    )
    return {"central": central, "jateng": jateng, "sukoharjo": sukoharjo, "ntb": ntb}


def admin_user():
    """A site administrator (role `site_admin`, `is_staff`)."""
    person = factories.PersonFactory(full_name="Admin Simpul", user__email="admin@example.org")
    factories.grant(person, Role.SITE_ADMIN)
    person.user.is_staff = True
    person.user.save(update_fields=["is_staff"])
    return person.user


def officer_user(ipi):
    """Tunardi, SE., association officer of IPI Jawa Tengah (and so of the chapters under it)."""
    person = factories.PersonFactory(
        full_name="Tunardi", title_suffix="SE.", user__email="officer@example.org"
    )
    factories.grant(person, Role.ASSOCIATION_OFFICER, organisation=ipi["jateng"])
    return person.user


def member_user():
    """Sri Wahyuni, a librarian with an account and no role."""
    return factories.PersonFactory(full_name="Sri Wahyuni", user__email="member@example.org").user


def outsider_user():
    """Signed in, belongs to nothing."""
    return factories.PersonFactory(full_name="Orang Luar", user__email="outsider@example.org").user
