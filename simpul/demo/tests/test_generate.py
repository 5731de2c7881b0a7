import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from simpul.demo import generator
from simpul.demo import seed as demo_seed
from simpul.demo.generator import GENERATED_EMAIL_DOMAIN, SCALES, remove_generated
from simpul.organisations.models import Employment, Kind, Organisation, Role, RoleAssignment
from simpul.people.models import Person, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def base_only(monkeypatch):
    """`generate` makes only the base world (people, organisations, roles, memberships), which is what
    these tests compare: the apps' generators (events, certification, programmes, repository) cost most
    of a generation and have tests of their own in this folder; three tests below run them all together."""
    for name in ("generate_events", "generate_certification", "generate_programs", "generate_knowledge"):
        monkeypatch.setattr(generator, name, lambda **kwargs: {})


def _snapshot():
    return {
        "organisations": Organisation.objects.count(),
        "people": Person.objects.count(),
        "accounts": User.objects.count(),
        "employment": Employment.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "first names": list(Person.objects.order_by("id").values_list("full_name", flat=True)[:50]),
        "chapters": sorted(Organisation.objects.filter(kind=Kind.CHAPTER).values_list("name", flat=True)),
    }


def test_generate_demo_scale_is_deterministic(province_regions, base_only):
    call_command("generate", "--scale", "demo")
    first = _snapshot()
    call_command("generate", "--scale", "demo", "--reset")
    assert _snapshot() == first
    assert first["people"] == SCALES["demo"].people


def test_a_different_seed_gives_different_people(province_regions, base_only):
    call_command("generate", "--scale", "demo")
    first = _snapshot()["first names"]
    call_command("generate", "--scale", "demo", "--seed", "7", "--reset")
    assert _snapshot()["first names"] != first


def test_generate_twice_without_reset_is_refused(province_regions, base_only):
    call_command("generate", "--scale", "demo")
    people = Person.objects.count()
    with pytest.raises(CommandError, match="--reset"):
        call_command("generate", "--scale", "demo")
    assert Person.objects.count() == people


def test_generated_world_has_chapters_offices_and_every_kind_of_role(province_regions):
    call_command("generate", "--scale", "demo")
    bengkulu_chapter = Organisation.objects.get(name="IPI Provinsi Bengkulu")
    assert bengkulu_chapter.parent.short_name == "IPI"
    regency_chapters = Organisation.objects.filter(kind=Kind.CHAPTER, parent=bengkulu_chapter)
    assert regency_chapters.count() == 10  # every regency/city of Bengkulu
    assert all(c.path.startswith(bengkulu_chapter.path) for c in regency_chapters)
    assert Organisation.objects.filter(kind=Kind.LIBRARY_OFFICE, region_id="17.71").exists()
    held = set(RoleAssignment.objects.values_list("role", flat=True))
    assert held >= set(Role.values) - {Role.SITE_ADMIN}
    assert Person.objects.filter(employment__isnull=True).count() == 0
    assert Person.objects.exclude(nik_masked="").exists()
    assert User.objects.filter(email__endswith=GENERATED_EMAIL_DOMAIN).exists()
    assert Person.objects.filter(phone__startswith="+628").count() > SCALES["demo"].people // 2


def test_generate_reuses_the_seeded_bodies_and_reset_keeps_the_seed(province_regions):
    demo_seed.run()
    seeded = Organisation.objects.count()
    call_command("generate", "--scale", "demo")
    assert Organisation.objects.filter(slug="ipi").count() == 1
    assert Organisation.objects.filter(name="IPI Kabupaten Sukoharjo").count() == 1
    assert Organisation.objects.filter(kind=Kind.LIBRARY_OFFICE, region_id="17").count() == 1
    call_command("generate", "--scale", "demo", "--reset")
    call_command("generate", "--scale", "demo", "--reset")
    remove_generated(log=lambda _: None)
    assert Organisation.objects.count() == seeded
    assert Person.objects.filter(full_name="Tunardi").exists()


def test_generated_organisations_can_be_created_after(province_regions):
    """Sequences (PostgreSQL) move past the generated ids, so the services keep working."""
    call_command("generate", "--scale", "demo")
    demo_seed.run()
    assert Organisation.objects.filter(slug="ums").exists()
