import pytest

from simpul.organisations.models import Role

from .factories import make_event, organiser_of


@pytest.fixture
def organiser_user(ipi):
    """An event organiser of IPI NTB (the Rakerpus host)."""
    return organiser_of(ipi["ntb"], Role.EVENT_ORGANISER, name="Lalu Organiser")


@pytest.fixture
def staff_user(ipi):
    return organiser_of(ipi["ntb"], Role.EVENT_STAFF, name="Baiq Staf")


@pytest.fixture
def mataram_event(ipi, regions):
    """Published, in Mataram (WITA), 3 places, registration open now."""
    return make_event(ipi["ntb"], title="Rakerpus Uji", venue_region=regions["52.71"], capacity=3)
