"""E-mail holders whose competency certificate expires soon (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from simpul.certification.services import expiry_reminders_send


class Command(BaseCommand):
    help = "Remind holders of competency certificates that end within --days (default 90); each is reminded once."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90)

    def handle(self, *args, days: int, **options):
        sent = expiry_reminders_send(days=days)
        self.stdout.write(f"{sent} reminders sent")
