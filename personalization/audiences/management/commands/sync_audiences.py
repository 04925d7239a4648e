"""manage.py sync_audiences: who entered or left which audience since the last run; queues webhooks."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from personalization.audiences.sync import sync_all


class Command(BaseCommand):
    help = "Re-evaluate every identified, consented profile's segments and persona; queue webhook deliveries."

    def handle(self, **options):
        queued = sync_all(timezone.now())
        self.stdout.write(f"{queued} webhook deliveries queued")
