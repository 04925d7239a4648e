from django.core.management.base import BaseCommand, CommandError

from cms.sitefmt.errors import SiteFormatError
from cms.sitefmt.load import load_site


class Command(BaseCommand):
    help = "Load personas, journey stages, segments and pages from site files (a file or a folder)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a .yaml/.yml/.json file, or a folder of them")

    def handle(self, path, verbosity=1, **options):
        progress = (lambda message: self.stdout.write(f"  {message}")) if verbosity >= 1 else (lambda m: None)
        try:
            report = load_site(path, progress=progress)
        except SiteFormatError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from None
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(
                f"Loaded {report.personas} personas, {report.stages} journey stages, {report.segments} segments, "
                f"{report.pages} pages ({report.pages_changed} changed) from {path}"))
