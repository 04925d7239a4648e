"""manage.py import_events FILE.jsonl: one event per line, as trackEvents takes them."""

from django.core.management.base import BaseCommand

from personalization.bulk_import import import_events

from ._report import add_import_arguments, existing, print_report


class Command(BaseCommand):
    help = (
        "Import events from a JSON Lines file (one EventInput object per line: visitorId or userKey, "
        "type, eventId, at, value, properties, ...). Streamed in batches; resumable; idempotent by eventId."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        add_import_arguments(parser)

    def handle(self, file, batch_size, restart, verbosity=1, **options):
        report = import_events(
            existing(file),
            batch_size=batch_size,
            restart=restart,
            quiet=verbosity < 1,
            out=self.stderr,
        )
        print_report(self, report, "events stored")
