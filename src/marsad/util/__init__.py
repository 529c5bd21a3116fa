"""Small helpers shared by every layer: the clock, text hashing and chunking.

This package imports nothing from marsad, so any module may use it.
"""

from marsad.util.helpers import chunked, content_hash, utcnow

__all__ = ["chunked", "content_hash", "utcnow"]
