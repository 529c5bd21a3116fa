"""A pause of Python's cyclic garbage collector while one long text is extracted.

Extracting a text of a million characters makes millions of small objects (matches,
quantities, sentence records), and the collector walks the young ones again and again:
a quarter of the time of such a text. None of them is garbage before the record is
made, so the collector is paused for the text and resumes after it. The collector is
process-wide: concurrent pauses (threads of the API) are counted, and the last one out
re-enables it, only if it was enabled when the first came in."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
