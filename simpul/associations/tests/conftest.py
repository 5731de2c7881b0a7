import pytest

from .factories import ipi_types


@pytest.fixture
def types(ipi):
    return ipi_types(ipi["central"])
