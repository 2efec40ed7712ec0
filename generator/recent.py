"""The last few values a worker used, for work repeated close together:
a story's feed item, body or view, shown on many pages of one batch."""

from __future__ import annotations

from typing import Callable, Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Recent(Generic[K, V]):
    """At most `size` values; the least recently used goes first. Bounded
    because a worker renders thousands of stories, and memory must not grow
    with the archive."""

    def __init__(self, size: int):
        self.size = size
        self._values: dict[K, V] = {}  # least recently used first

    def __contains__(self, key: K) -> bool:
        return key in self._values

    def get(self, key: K, make: Callable[[], V]) -> V:
        value = self._values.pop(key, None)
        if value is None:
            value = make()
        self.put(key, value)
        return value

    def put(self, key: K, value: V) -> None:
        self._values.pop(key, None)
        while len(self._values) >= self.size:
            del self._values[next(iter(self._values))]
        self._values[key] = value
