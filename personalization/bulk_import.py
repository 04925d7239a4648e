"""`manage.py import_events FILE.jsonl` and `manage.py import_traits FILE.csv`: streamed, batched,
resumable imports with a progress bar.

- Constant memory: the file is read line by line and written in batches of `batch_size`
  (1,000 by default); nothing holds more than one batch.
- Resumable: after each batch is committed the number of lines (events) or rows (traits) done
  is written to a checkpoint file next to the input (`FILE.progress`); a second run skips that
  many and carries on; `restart=True` starts over. Events are idempotent by `eventId`, so a batch
  replayed after a crash between its commit and its checkpoint is stored once (events without an
  eventId would be stored again: give them one).
- The same checks as the API: events go through api/bulk_events.ingest (one line, one event in
  the JSON of EventInput), trait values through personalization/traits.clean_traits.
"""

from __future__ import annotations

import csv
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from django.utils import timezone
from tqdm import tqdm

from personalization.api.bulk_events import ingest
from personalization.profiles import store

from .traits import TraitError, clean_traits, declared_traits

MAX_ERRORS_SHOWN = 20


@dataclass
class ImportReport:
    done: int = 0  # lines / rows read in this run (after those skipped)
    skipped: int = 0  # done by an earlier run (checkpoint)
    accepted: int = 0  # events stored / users whose traits were written
    duplicates: int = 0
    errors: int = 0
    seconds: float = 0.0
    shown: list[str] = field(default_factory=list)

    def error(self, where: int, code: str, message: str) -> None:
        self.errors += 1
        if len(self.shown) < MAX_ERRORS_SHOWN:
            self.shown.append(f"line {where}: {code} {message}")

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0


class Checkpoint:
    """How far an import got, in a small JSON file next to the input."""

    def __init__(self, source: Path):
        self.path = source.with_name(source.name + ".progress")
        self.size = source.stat().st_size

    def load(self) -> int:
        try:
            data = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return 0
        # A different file under the same name starts over.
        return int(data.get("done", 0)) if data.get("size") == self.size else 0

    def save(self, done: int) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({"done": done, "size": self.size}))
        os.replace(tmp, self.path)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def _lines(handle, bar: tqdm) -> Iterator[str]:
    """Decoded lines of a binary file, advancing the progress bar by their bytes."""
    for raw in handle:
        bar.update(len(raw))
        yield raw.decode("utf-8-sig" if bar.n == len(raw) else "utf-8")


def _bar(path: Path, quiet: bool, out: TextIO | None) -> tqdm:
    return tqdm(
        total=path.stat().st_size,
        unit="B",
        unit_scale=True,
        disable=quiet,
        file=out,
        desc=path.name,
        mininterval=0.5,
    )


def import_events(
    path: str | Path,
    *,
    batch_size: int = 1000,
    restart: bool = False,
    quiet: bool = False,
    out: TextIO | None = None,
    now: Callable[[], datetime] = timezone.now,
) -> ImportReport:
    """Import one event per line (JSON objects with the fields of EventInput)."""
    source = Path(path)
    checkpoint = Checkpoint(source)
    if restart:
        checkpoint.clear()
    report = ImportReport(skipped=checkpoint.load())
    started = time.monotonic()
    with source.open("rb") as handle, _bar(source, quiet, out) as bar:
        batch: list[Any] = []
        first_line = report.skipped + 1
        line_no = 0
        for line_no, text in enumerate(_lines(handle, bar), 1):
            if line_no <= report.skipped:
                continue
            text = text.strip()
            try:
                batch.append(json.loads(text) if text else None)
            except (ValueError, RecursionError):  # RecursionError: a line nested too deeply
                batch.append({"__invalid__": True})
            if len(batch) >= batch_size:
                _events_batch(batch, first_line, report, ingest, now())
                checkpoint.save(line_no)
                batch, first_line = [], line_no + 1
        if batch:
            _events_batch(batch, first_line, report, ingest, now())
            checkpoint.save(line_no)
    checkpoint.clear()
    report.seconds = time.monotonic() - started
    return report


def _events_batch(
    batch: list[Any], first_line: int, report: ImportReport, ingest, now: datetime
) -> None:
    items, lines = [], []
    for offset, item in enumerate(batch):
        line = first_line + offset
        if item is None:  # a blank line
            continue
        if isinstance(item, dict) and item.get("__invalid__"):
            report.error(line, "BAD_USER_INPUT", "not valid JSON")
            continue
        items.append(item)
        lines.append(line)
    report.done += len(batch)
    result = ingest(items, now)
    report.accepted += result["accepted"]
    report.duplicates += result["duplicates"]
    for error in result["errors"]:
        report.error(lines[error["index"]], error["code"], error["message"])


def import_traits(
    path: str | Path,
    *,
    batch_size: int = 1000,
    restart: bool = False,
    quiet: bool = False,
    out: TextIO | None = None,
    now: Callable[[], datetime] = timezone.now,
) -> ImportReport:
    """Import trait values by user key from a CSV file with a header row: `user_key`, then one
    column per declared trait. An empty cell leaves that trait as it is; list values are
    separated by `|`. A row with a bad value is reported and skipped whole."""
    source = Path(path)
    declared = declared_traits()
    checkpoint = Checkpoint(source)
    if restart:
        checkpoint.clear()
    report = ImportReport(skipped=checkpoint.load())
    started = time.monotonic()
    with source.open("rb") as handle, _bar(source, quiet, out) as bar:
        reader = csv.reader(_lines(handle, bar))
        header = [name.strip() for name in next(reader, [])]
        if not header or header[0] != "user_key":
            raise TraitError(
                "The first column must be user_key (then one column per declared trait)."
            )
        unknown = [name for name in header[1:] if name not in declared]
        if unknown:
            raise TraitError(
                f"Unknown trait column {unknown[0]!r}; declared: {', '.join(sorted(declared))}.",
                unknown[0],
            )
        batch: dict[str, dict[str, Any]] = {}
        row_no = 0
        for row_no, row in enumerate(reader, 1):
            if row_no <= report.skipped:
                continue
            report.done += 1
            _trait_row(row_no + 1, row, header, declared, batch, report)
            if report.done % batch_size == 0:
                report.accepted += store.set_user_traits(batch, now=now())
                checkpoint.save(row_no)
                batch = {}
        if batch:
            report.accepted += store.set_user_traits(batch, now=now())
        checkpoint.save(row_no)
    checkpoint.clear()
    report.seconds = time.monotonic() - started
    return report


def _trait_row(
    line: int,
    row: list[str],
    header: list[str],
    declared: dict[str, str],
    batch: dict[str, dict[str, Any]],
    report: ImportReport,
) -> None:
    if not any(cell.strip() for cell in row):
        return
    if len(row) != len(header):
        report.error(line, "BAD_USER_INPUT", f"expected {len(header)} cells, got {len(row)}")
        return
    user_key = row[0].strip()
    if not 0 < len(user_key) <= 200:
        report.error(line, "BAD_USER_INPUT", "user_key must be 1 to 200 characters")
        return
    values = {
        name: cell for name, cell in zip(header[1:], row[1:], strict=True) if cell.strip() != ""
    }
    try:
        cleaned = clean_traits(values, declared, from_text=True)
    except TraitError as exc:
        report.error(line, "BAD_USER_INPUT", str(exc))
        return
    batch.setdefault(user_key, {}).update(cleaned)
