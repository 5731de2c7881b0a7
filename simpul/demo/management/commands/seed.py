"""`simpul seed`: the demo data from the five seed stories (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from simpul.associations.models import Membership
from simpul.certification.models import Application
from simpul.credentials.models import Credential
from simpul.demo import seed as demo_seed
from simpul.events.models import Event, Registration
from simpul.knowledge.models import Item
from simpul.libraries.models import Library
from simpul.programs.models import Forum, Report


def print_holdings(stdout) -> None:
    """What the database now holds, app by app: the seed summary counts only the base records."""
    rows = [
        ("perpustakaan", Library.objects.count()),
        ("keanggotaan asosiasi", Membership.objects.count()),
        ("kegiatan", Event.objects.count()),
        ("pendaftaran kegiatan", Registration.objects.count()),
        ("permohonan sertifikasi", Application.objects.count()),
        ("sertifikat dan kartu", Credential.objects.count()),
        ("laporan program", Report.objects.count()),
        ("forum", Forum.objects.count()),
        ("item repositori", Item.objects.count()),
    ]
    stdout.write("Isi basis data: " + ", ".join(f"{n:,} {what}".replace(",", ".") for what, n in rows) + ".")


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
        print_holdings(self.stdout)
        if options["verbosity"] >= 1:
            print_logins(self.stdout, self.style, seed)
