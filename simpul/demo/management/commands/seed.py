"""`simpul seed`: the demo data from the five seed stories (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from simpul.demo import seed as demo_seed


def print_logins(stdout, style, seed: demo_seed.Seed) -> None:
    stdout.write(style.MIGRATE_HEADING(f"Demo logins (password for all: {demo_seed.DEMO_PASSWORD})"))
    width = max(len(login.email) for login in seed.logins)
    for login in seed.logins:
        stdout.write(f"  {login.email.ljust(width)}  {login.role}: {login.name} ({login.scope})")


class Command(BaseCommand):
    help = "Create the demo data drawn from the five seed stories. Running it again adds nothing."

    def handle(self, *args, **options):
        try:
            seed = demo_seed.run()
        except demo_seed.SeedError as e:
            raise CommandError(str(e)) from None
        created = ", ".join(f"{n} {what}" for what, n in sorted(seed.created.items())) or "nothing new"
        self.stdout.write(f"Seeded: {created}.")
        if options["verbosity"] >= 1:
            print_logins(self.stdout, self.style, seed)
