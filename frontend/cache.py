"""An in-process LRU cache with a time to live, for rendered page content: cachetools' TTLCache
behind a lock (gunicorn threads share one cache per process).

Keyed by the decision's cache key (plus the path): the CMS promises that two requests with the
same key get identical content, so the HTML rendered from it can be reused. It cannot save the
API call itself (the key is part of the API's answer); it saves rendering the content blocks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

import cachetools

V = TypeVar("V")


class TTLCache(Generic[V]):
    def __init__(
        self, max_size: int = 512, ttl: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._items: cachetools.TTLCache[Hashable, V] | None = (
            cachetools.TTLCache(maxsize=max_size, ttl=ttl, timer=clock) if max_size > 0 else None
        )
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        if self._items is None:
            return None
        with self._lock:
            return self._items.get(key)

    def set(self, key: Hashable, value: V) -> None:
        if self._items is not None:
            with self._lock:
                self._items[key] = value

    def get_or_set(self, key: Hashable, make: Callable[[], V]) -> V:
        value = self.get(key)
        if value is None:
            value = make()
            self.set(key, value)
        return value

    def __len__(self) -> int:
        return len(self._items) if self._items is not None else 0
