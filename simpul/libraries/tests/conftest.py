import pytest

from simpul.organisations.models import Role
from simpul.testing import factories

from .factories import LibraryFactory


@pytest.fixture
def library(regions):
    """A registered village library in Kartasura (Sukoharjo, Central Java)."""
    return LibraryFactory(
        name="Perpustakaan Desa Pucangan", subtype="village", region=regions["33.11.12.2001"]
    )


@pytest.fixture
def mataram_library(regions):
    return LibraryFactory(
        name="Perpustakaan Kota Mataram", subtype="regency", region=regions["52.71.01.1004"]
    )


@pytest.fixture
def manager_user(library):
    person = factories.PersonFactory(full_name="Pengelola Pucangan", user__email="manager@example.org")
    factories.grant(person, Role.LIBRARY_MANAGER, organisation=library.organisation)
    return person.user


@pytest.fixture
def office_user(regions):
    """An officer of the Sukoharjo library office (regency 33.11)."""
    person = factories.PersonFactory(full_name="Petugas Dispusip Sukoharjo", user__email="office@example.org")
    factories.grant(person, Role.LIBRARY_OFFICER, region=regions["33.11"])
    return person.user


@pytest.fixture
def mataram_office_user(regions):
    person = factories.PersonFactory(
        full_name="Petugas Dispusip Mataram", user__email="office.mataram@example.org"
    )
    factories.grant(person, Role.LIBRARY_OFFICER, region=regions["52.71"])
    return person.user


@pytest.fixture(autouse=True)
def english(client, settings):
    """Pages in English: the tests read the English source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
