"""Answers remembered by the identity of the object asked about (a gazetteer place, a shared
candidate list): for objects that are not hashable by value, or whose value hash costs more
than the answer. The object is kept beside its answer so that an id reused after the object
is gone is never mistaken for it; the memo is cleared when it grows past its limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class IdentityMemo(Generic[K, V]):
    def __init__(self, compute: Callable[[K], V], limit: int) -> None:
        self._compute = compute
        self._limit = limit
        self._hits: dict[int, tuple[K, V]] = {}

    def __call__(self, obj: K) -> V:
        hit = self._hits.get(id(obj))
        if hit is not None and hit[0] is obj:
            return hit[1]
        value = self._compute(obj)
        if len(self._hits) > self._limit:
            self._hits.clear()
        self._hits[id(obj)] = (obj, value)
        return value
