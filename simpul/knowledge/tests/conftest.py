import pytest

from simpul.knowledge import services
from simpul.organisations.models import Kind, Role
from simpul.testing import factories


@pytest.fixture
def collection(db, ipi):
    return services.collection_create(
        actor=None, name="Prosiding Seminar IPI", slug="prosiding-ipi", organisation=ipi["central"]
    )


@pytest.fixture
def community(db, regions):
    return factories.OrganisationFactory(
        kind=Kind.COMMUNITY, name="Komunitas Betawi Condet", region=regions["31"]
    )


@pytest.fixture
def curator_user(db, ipi):
    person = factories.PersonFactory(full_name="Kurator IPI", user__email="curator@example.org")
    factories.grant(person, Role.CURATOR, organisation=ipi["central"])
    return person.user


@pytest.fixture
def depositor_user(db):
    return factories.PersonFactory(full_name="Penyetor", user__email="depositor@example.org").user
