"""What import_events and import_traits share: their options and their summary."""

from pathlib import Path

from django.core.management.base import CommandError


def add_import_arguments(parser) -> None:
    parser.add_argument(
        "--batch-size", type=int, default=1000, help="Rows written per transaction (default 1000)."
    )
    parser.add_argument(
        "--restart",
        action="store_true",
        help="Ignore the checkpoint of an interrupted run and start from the first line.",
    )


def print_report(command, report, stored: str) -> None:
    for line in report.shown:
        command.stderr.write(line)
    if report.errors > len(report.shown):
        command.stderr.write(f"... and {report.errors - len(report.shown)} more errors")
    resumed = f" (resumed after {report.skipped})" if report.skipped else ""
    command.stdout.write(
        f"{report.done} read{resumed}: {report.accepted} {stored}, {report.duplicates} duplicates, "
        f"{report.errors} errors in {report.seconds:.1f} s ({report.rate:,.0f}/s)"
    )


def existing(path: str) -> Path:
    if not Path(path).is_file():
        raise CommandError(f"{path}: no such file")
    return Path(path)
