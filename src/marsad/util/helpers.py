"""The clock, text hashing and chunking, one definition each."""

from __future__ import annotations

import hashlib
import json
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


# Characters str.splitlines() treats as line breaks that json.dumps(ensure_ascii=False)
# leaves raw inside strings; escaped so every record stays on one line for any reader.
_LINE_BREAKS_IN_STRINGS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_line(record: object) -> str:
    """One JSON value on exactly one line (no newline at the end), Arabic kept readable."""
    line = json.dumps(record, ensure_ascii=False)
    for raw, escaped in _LINE_BREAKS_IN_STRINGS.items():
        line = line.replace(raw, escaped)
    return line
