from django.core.management.base import BaseCommand, CommandError

from cms.sitefmt.errors import PruneRefused, SiteFormatError
from cms.sitefmt.load import load_site


class Command(BaseCommand):
    help = (
        "Load personas, journey stages, segments and pages from site files (a file or a folder). "
        "--dry-run prints what would change and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a .yaml/.yml/.json file, or a folder of them")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="print what the load would create, update and delete; write nothing",
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="also delete personas, journey stages, segments and page variants (and other "
            "registered kinds) that the files no longer contain; refused while still used",
        )
        parser.add_argument(
            "--prune-pages",
            action="store_true",
            help="with --prune: also delete pages under the site root that the files do not contain",
        )

    def handle(self, path, verbosity=1, dry_run=False, prune=False, prune_pages=False, **options):
        if prune_pages and not prune:
            raise CommandError("--prune-pages only works together with --prune.")
        progress = (
            (lambda message: self.stdout.write(f"  {message}"))
            if verbosity >= 1
            else (lambda m: None)
        )
        try:
            report = load_site(
                path, progress=progress, dry_run=dry_run, prune=prune, prune_pages=prune_pages
            )
        except SiteFormatError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from None
        except PruneRefused as exc:
            raise CommandError(f"Nothing was {'checked' if dry_run else 'loaded'}. {exc}") from None
        for warning in report.warnings:  # shown even with -v 0: the rules are saved as they are
            self.stderr.write(self.style.WARNING(f"Warning: {warning}"))
        if dry_run:
            self.stdout.write(f"Dry run: nothing was written. Loading {path} would change:")
            for line in report.changes.lines():
                self.stdout.write(f"  {line}")
            if not report.changes.changed:
                self.stdout.write("  nothing (the database already matches the files)")
            return
        if verbosity >= 2:
            for line in report.changes.lines():
                self.stdout.write(f"  {line}")
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {report.personas} personas, {report.stages} journey stages, {report.segments} segments, "
                    f"{report.pages} pages ({report.pages_changed} changed) from {path}"
                )
            )
            summary = "; ".join(
                f"{kind.replace('_', ' ')}: {report.changes.summary(kind)}"
                for kind in report.changes.items
            )
            if summary:
                self.stdout.write(f"  {summary}")
