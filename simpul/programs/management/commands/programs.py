"""simpul programs check-stats [--programme ID] [--rebuild]"""

import sys

from django.core.management.base import BaseCommand

from simpul.programs.models import Programme
from simpul.programs.services.stats import stats_differences, stats_rebuild


class Command(BaseCommand):
    help = "Programme monitoring: prove the dashboard aggregates equal a recount of the reports."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser(
            "check-stats", help="Compare the aggregates with a recount (exit 1 if they differ)."
        )
        check.add_argument("--programme", type=int, help="Only this programme (id).")
        check.add_argument(
            "--rebuild", action="store_true", help="Replace the aggregates with the recount first."
        )

    def handle(self, *args, action, **options):
        programmes = Programme.objects.order_by("pk")
        if options.get("programme"):
            programmes = programmes.filter(pk=options["programme"])
        failed = False
        for programme in programmes:
            if options["rebuild"]:
                rows = stats_rebuild(programme.pk)
                self.stdout.write(f"{programme}: rebuilt the aggregates from a recount, {rows:,} rows.")
            differences = stats_differences(programme.pk)
            if differences:
                failed = True
                self.stdout.write(f"{programme}: {len(differences)} aggregate rows differ from a recount:")
                for (code, year, month, category), (stored, counted) in list(differences.items())[:50]:
                    self.stdout.write(
                        f"  {code or 'national'} {year}-{month} category {category}: stored {stored}, recount {counted}"
                    )
            else:
                self.stdout.write(self.style.SUCCESS(f"{programme}: the aggregates equal a recount."))
        if failed:
            self.stdout.write("Run `simpul programs check-stats --rebuild` to repair.")
            sys.exit(1)
