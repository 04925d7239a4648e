"""manage.py import_traits FILE.csv: trait values by user key (user_key, then one column per trait)."""

from django.core.management.base import BaseCommand, CommandError

from personalization.bulk_import import import_traits
from personalization.traits import TraitError

from ._report import add_import_arguments, existing, print_report


class Command(BaseCommand):
    help = (
        "Import trait values from a CSV file with a header row: user_key, then one column per declared "
        "trait (empty cell: unchanged; lists separated by |). Streamed in batches; resumable."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        add_import_arguments(parser)

    def handle(self, file, batch_size, restart, verbosity=1, **options):
        try:
            report = import_traits(
                existing(file),
                batch_size=batch_size,
                restart=restart,
                quiet=verbosity < 1,
                out=self.stderr,
            )
        except TraitError as exc:
            raise CommandError(f"Nothing was imported. {exc}") from None
        print_report(self, report, "users' traits written")
