"""`simpul demo`: one command from a fresh checkout to a running Simpul with demo data.

Migrates the database (SQLite under ./var by default), loads the regions, seeds the demo data,
prints the demo logins and serves on http://127.0.0.1:8000 through `simpul serve`.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from simpul.demo import seed as demo_seed

from ._common import ensure_regions
from .seed import print_holdings, print_logins


class Command(BaseCommand):
    help = "Set up Simpul with demo data and serve it (migrate, load regions, seed, serve)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_false", dest="serve", help="Set up only; do not serve."
        )
        parser.add_argument(
            "--bind", default="127.0.0.1:8000", help="Address to serve on (default %(default)s)."
        )
        parser.add_argument(
            "--workers", type=int, default=2, help="Web worker processes (default %(default)s)."
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        database = settings.DATABASES["default"]
        if database["ENGINE"].endswith("sqlite3"):
            Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        self.stdout.write(self.style.MIGRATE_HEADING("1/4 Database"))
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        self.stdout.write(self.style.MIGRATE_HEADING("2/4 Regions"))
        ensure_regions(self.stdout, verbosity=max(0, verbosity - 1))
        self.stdout.write(self.style.MIGRATE_HEADING("3/4 Demo data"))
        try:
            seed = demo_seed.run()
        except demo_seed.SeedError as e:
            raise CommandError(str(e)) from None
        created = ", ".join(f"{n} {what}" for what, n in sorted(seed.created.items())) or "nothing new"
        self.stdout.write(f"Seeded: {created}.")
        print_holdings(self.stdout)
        print_logins(self.stdout, self.style, seed)
        url = f"http://{options['bind']}/"
        if not options["serve"]:
            self.stdout.write(f"Ready. Start the server with `simpul serve` and open {url}")
            return
        self.stdout.write(self.style.MIGRATE_HEADING(f"4/4 Serving on {url} (Ctrl+C to stop)"))
        call_command("serve", bind=options["bind"], workers=options["workers"], threads=4)
