"""Readers of input files: every supported file, directory or stdin becomes `InputItem`s.

    from marsad.inputs import iter_items
    for item in iter_items(["reports/", "feed.jsonl.gz", "-"]):
        record = extract_record(item.to_dict())

Items are produced lazily (constant memory on large .jsonl.gz), in a deterministic order,
and bad input never raises: such items carry empty text and an explanatory `errors` entry.
Metadata is checked at this edge: lone surrogates are replaced, implausible dates set to null.
"""

from __future__ import annotations

from marsad.inputs.decode import Decoded, decode_bytes
from marsad.inputs.item import DEFAULT_MAX_CHARS, InputItem
from marsad.inputs.language import detect_language
from marsad.inputs.walk import (
    SUPPORTED_SUFFIXES,
    MissingInputError,
    SkippedFile,
    check_inputs,
    iter_items,
    missing_inputs,
    read_stdin,
    skipped_summary,
)

__all__ = [
    "DEFAULT_MAX_CHARS",
    "SUPPORTED_SUFFIXES",
    "Decoded",
    "InputItem",
    "MissingInputError",
    "SkippedFile",
    "check_inputs",
    "decode_bytes",
    "detect_language",
    "iter_items",
    "missing_inputs",
    "read_stdin",
    "skipped_summary",
]
