"""Small helpers shared by every layer: the clock, text hashing, chunking and JSON lines.

This package imports nothing from marsad, so any module may use it.
"""

from marsad.util.helpers import chunked, content_hash, json_line, utcnow

__all__ = ["chunked", "content_hash", "json_line", "utcnow"]
