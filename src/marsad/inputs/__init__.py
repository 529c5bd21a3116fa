"""Readers of input files: every supported file, directory or stdin becomes `InputItem`s.

    from marsad.inputs import iter_items
    for item in iter_items(["reports/", "feed.jsonl.gz", "-"]):
        record = extract_record(item.to_dict())

Items are produced lazily (constant memory on large .jsonl.gz), in a deterministic order,
and bad input never raises: such items carry empty text and an explanatory `errors` entry.
"""

from __future__ import annotations

from marsad.inputs.decode import Decoded, decode_bytes
from marsad.inputs.item import DEFAULT_MAX_CHARS, InputItem
from marsad.inputs.language import detect_language
from marsad.inputs.walk import SUPPORTED_SUFFIXES, iter_items, read_stdin

__all__ = [
    "DEFAULT_MAX_CHARS",
    "SUPPORTED_SUFFIXES",
    "Decoded",
    "InputItem",
    "decode_bytes",
    "detect_language",
    "iter_items",
    "read_stdin",
]
