"""`simpul generate --scale demo|national`: deterministic synthetic data for benchmarks."""

from django.core.management.base import BaseCommand, CommandError

from simpul.demo import generator
from simpul.regions.models import Region

from ._common import ensure_regions


class Command(BaseCommand):
    help = "Generate synthetic people and organisations over the real regions (deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(generator.SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=20250626, help="Random seed (default %(default)s).")
        parser.add_argument("--reset", action="store_true", help="Remove earlier generated data first.")

    def handle(self, *args, **options):
        if not Region.objects.exists():
            ensure_regions(self.stdout)
        if options["reset"]:
            generator.remove_generated(log=self.stdout.write)
        try:
            generator.generate(scale=options["scale"], seed=options["seed"], log=self.stdout.write)
        except generator.GenerationError as e:
            raise CommandError(str(e)) from None
