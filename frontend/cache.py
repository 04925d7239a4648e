"""A small in-process LRU cache with a time to live, for rendered page content.

Keyed by the decision's cache key (plus the path): the CMS promises that two requests with the
same key get identical content, so the HTML rendered from it can be reused. It cannot save the
API call itself (the key is part of the API's answer); it saves rendering the content blocks.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Callable, Generic, Hashable, TypeVar

V = TypeVar("V")


class TTLCache(Generic[V]):
    def __init__(self, max_size: int = 512, ttl: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_size = max_size
        self.ttl = ttl
        self._clock = clock
        self._items: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()  # gunicorn threads share one cache per process
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] < self._clock():
                if item is not None:
                    del self._items[key]
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[1]

    def set(self, key: Hashable, value: V) -> None:
        if self.max_size <= 0:
            return
        with self._lock:
            self._items[key] = (self._clock() + self.ttl, value)
            self._items.move_to_end(key)
            while len(self._items) > self.max_size:
                self._items.popitem(last=False)

    def get_or_set(self, key: Hashable, make: Callable[[], V]) -> V:
        value = self.get(key)
        if value is None:
            value = make()
            self.set(key, value)
        return value

    def __len__(self) -> int:
        return len(self._items)
