"""Rebuild the pre-aggregated certification report rows (run nightly; the reports page reads them)."""

from django.core.management.base import BaseCommand

from simpul.certification.services import stats_refresh


class Command(BaseCommand):
    help = "Rebuild the certification report rows from the applications and certificates."

    def handle(self, *args, **options):
        self.stdout.write(f"{stats_refresh()} report rows")
