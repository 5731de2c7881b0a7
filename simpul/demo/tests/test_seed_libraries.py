"""The demo parts for libraries: the seed's libraries get register data; the generator fills types."""

from collections import Counter

from simpul.demo.gen_libraries import generate_libraries
from simpul.demo.seed_libraries import seed_libraries
from simpul.libraries.models import Application, Library, LibraryStat
from simpul.libraries.services.stats import stats_differences
from simpul.organisations.models import Kind
from simpul.regions.models import Region
from simpul.testing import factories


class FakeSeed:
    def __init__(self, orgs, people):
        self.orgs, self.people, self.actor, self.created = orgs, people, None, Counter()

    def region(self, code):
        return Region.objects.get(code=code)


def test_the_seed_gives_its_library_organisations_register_data(regions):
    ums = factories.OrganisationFactory(
        kind=Kind.LIBRARY, name="Perpustakaan UMS", region=regions["33.11"], slug="perpustakaan-ums"
    )
    sd = factories.OrganisationFactory(
        kind=Kind.LIBRARY,
        name="Perpustakaan SD Negeri 1 Kartasura",
        region=regions["33.11.12"],
        slug="perpustakaan-sdn-1-kartasura",
    )
    librarian = factories.PersonFactory(full_name="Sri Wahyuni")
    seed = FakeSeed(
        {"perpustakaan-ums": ums, "perpustakaan-sdn-1-kartasura": sd}, {"school-librarian": librarian}
    )
    seed_libraries(seed)
    seed_libraries(seed)  # again: nothing more
    assert Library.objects.get(pk=ums.pk).npp == "3311000C0000001"
    assert Library.objects.get(pk=sd.pk).status == "listed"
    assert Application.objects.count() == 2
    assert stats_differences() == {}


def test_the_generator_fills_each_type_and_rebuilds_the_counts(regions):
    factories.OrganisationFactory(
        kind=Kind.LIBRARY,
        name="Perpustakaan Provinsi Jawa Tengah",
        description="Perpustakaan umum provinsi.",
        region=regions["33"],
    )
    generate_libraries(scale="demo", seed=1, log=lambda m: None)
    counts = {
        t: Library.objects.filter(library_type=t).count()
        for t in ("school", "public", "special", "university", "community")
    }
    assert counts == {"school": 1135, "public": 425, "special": 66, "university": 21, "community": 40}
    assert Library.objects.filter(name="Perpustakaan Provinsi Jawa Tengah", subtype="provincial").exists()
    assert LibraryStat.objects.filter(region_code="").exists()
    assert stats_differences() == {}
    npps = list(Library.objects.exclude(npp=None).values_list("npp", flat=True))
    assert len(npps) == len(set(npps))
