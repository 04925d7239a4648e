"""A `limits` storage in one SQLite file, so every worker of one machine shares one count
without Redis (issue 25, finding 7: with five gunicorn workers and `memory://`, 461 of 700
mutations from one address passed a limit of 120).

`limits` ships storages for memory, Redis, Memcached and MongoDB only; a storage is a subclass of
`limits.storage.Storage` registered by its STORAGE_SCHEME, so this one is chosen with the URI
`sqlite:///absolute/path/ratelimit.sqlite3` like any other (PERSONALIZATION_RATE_LIMIT_STORAGE;
the default without REDIS_URL is such a file under var/). It holds what FixedWindowRateLimiter
needs: a counter per key with the time its window ends. Each increment is one short write
transaction (BEGIN IMMEDIATE: SQLite's file lock orders the workers), so the count is exact
across processes; the file is in WAL mode with a busy timeout. Several machines need Redis.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from limits.storage import Storage

SCHEME = "sqlite"
BUSY_TIMEOUT_SECONDS = 5.0
PRUNE_CHANCE = 0.01  # a new window drops the ended ones this often: the file stays small


class SQLiteFileStorage(Storage):
    """Fixed-window counters in a SQLite file shared by the processes of one machine."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        path = urlsplit(uri or "").path
        if not path or path == "/":
            raise ValueError("Give the file: sqlite:///absolute/path/ratelimit.sqlite3")
        self.path = Path(path)
        self._local = threading.local()

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _db(self) -> sqlite3.Connection:
        """This thread's connection (sqlite3 connections are not shared between threads)."""
        db = getattr(self._local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS counters"
                " (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL)"
            )
            self._local.db = db
        return db

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM counters WHERE key = ? AND expires <= ?", (key, now))
            db.execute(
                "INSERT INTO counters (key, count, expires) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET count = count + excluded.count",
                (key, amount, now + expiry),
            )
            (count,) = db.execute("SELECT count FROM counters WHERE key = ?", (key,)).fetchone()
            if count == amount and random.random() < PRUNE_CHANCE:
                db.execute("DELETE FROM counters WHERE expires <= ?", (now,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return int(count)

    def get(self, key: str) -> int:
        row = (
            self._db()
            .execute("SELECT count FROM counters WHERE key = ? AND expires > ?", (key, time.time()))
            .fetchone()
        )
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._db().execute("SELECT expires FROM counters WHERE key = ?", (key,)).fetchone()
        return float(row[0]) if row and row[0] > time.time() else time.time()

    def check(self) -> bool:
        try:
            self._db().execute("SELECT 1")
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        """Every counter removed; their number."""
        cursor = self._db().execute("DELETE FROM counters")
        return cursor.rowcount

    def clear(self, key: str) -> None:
        self._db().execute("DELETE FROM counters WHERE key = ?", (key,))
