"""manage.py send_webhooks: attempt the due webhook deliveries (run every minute, e.g. from cron)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from personalization.audiences.webhooks import send_due


class Command(BaseCommand):
    help = "Send due webhook deliveries: signed, retried with backoff, logged in the admin."

    def handle(self, **options):
        counts = send_due(timezone.now())
        self.stdout.write(", ".join(f"{n} {what}" for what, n in counts.items()))
