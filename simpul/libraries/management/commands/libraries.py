"""simpul libraries check-stats [--rebuild] | send-reminders [--base-url URL] | rebuild-counters"""

import sys

from django.core.management.base import BaseCommand

from simpul.libraries.reminders import send_update_reminders
from simpul.libraries.services.imports import counters_rebuild
from simpul.libraries.services.stats import stats_differences, stats_rebuild


class Command(BaseCommand):
    help = "The library register: check or rebuild the statistics, send yearly update reminders."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser(
            "check-stats", help="Prove the aggregate counts equal a recount (exit 1 if not)."
        )
        check.add_argument("--rebuild", action="store_true", help="Replace the aggregates with the recount.")
        remind = sub.add_parser(
            "send-reminders", help="E-mail managers whose library data are over a year old."
        )
        remind.add_argument("--base-url", default="", help="e.g. https://simpul.example.org")
        sub.add_parser("rebuild-counters", help="Set each NPP counter to the highest number issued.")

    def handle(self, *args, action, **options):
        if action == "check-stats":
            if options["rebuild"]:
                rows = stats_rebuild()
                self.stdout.write(f"Rebuilt the aggregates from a recount: {rows:,} rows.")
            differences = stats_differences()
            if differences:
                self.stdout.write(f"{len(differences)} aggregate counts differ from a recount:")
                for (code, kind, status), (stored, counted) in list(differences.items())[:50]:
                    self.stdout.write(
                        f"  {code or 'national'} {kind} {status}: stored {stored}, recount {counted}"
                    )
                self.stdout.write("Run `simpul libraries check-stats --rebuild` to repair.")
                sys.exit(1)
            self.stdout.write(self.style.SUCCESS("The aggregate counts equal a recount."))
        elif action == "send-reminders":
            sent = send_update_reminders(base_url=options["base_url"].rstrip("/"))
            self.stdout.write(f"Sent {sent} reminder e-mail(s).")
        elif action == "rebuild-counters":
            self.stdout.write(f"{counters_rebuild():,} NPP counters set.")
