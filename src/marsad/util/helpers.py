"""The clock, text hashing and chunking, one definition each."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def utcnow() -> datetime:
    """Now, timezone-aware, in UTC (what every stored timestamp is)."""
    return datetime.now(UTC)


def content_hash(text: str) -> str:
    """SHA-256 of a text: the store's test for "the same text" (surrogates kept, never an error)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most `size` items (SQL IN lists, write batches)."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
