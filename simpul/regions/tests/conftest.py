import pytest
from django.utils import translation

from simpul.regions.codes import level_of, parent_code, search_name_for
from simpul.regions.models import Region
from simpul.regions.timezones import time_zone_for


@pytest.fixture(autouse=True)
def english(settings):
    """Tests read the English source strings, whatever translations the .po file holds."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def add_region(db):
    """`add_region(code, name, kind)` adds a region under an existing parent (the `regions` slice)."""

    def _add(code: str, name: str, kind: str = "desa", postal_code: str = "") -> Region:
        parent = Region.objects.get(code=parent_code(code)) if parent_code(code) else None
        return Region.objects.create(
            code=code,
            name=name,
            level=level_of(code),
            kind=kind,
            parent=parent,
            time_zone=time_zone_for(code),
            postal_code=postal_code,
            path=", ".join([name, parent.path]) if parent else name,
            search_name=search_name_for(name),
        )

    return _add
