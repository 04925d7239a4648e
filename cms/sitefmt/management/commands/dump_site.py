from django.core.management.base import BaseCommand

from cms.sitefmt.dump import dump_site


class Command(BaseCommand):
    help = "Write the site's personas, journey stages, segments and pages out in the site format."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            help="folder to write personas.yaml, journey_stages.yaml, segments.yaml, pages.yaml and images/ into",
        )

    def handle(self, path, verbosity=1, **options):
        progress = (
            (lambda message: self.stdout.write(f"  {message}"))
            if verbosity >= 2
            else (lambda m: None)
        )
        counts = dump_site(path, progress=progress)
        summary = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Dumped {summary} to {path}"))
