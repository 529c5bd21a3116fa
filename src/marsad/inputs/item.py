"""The unit every reader yields: one article's text and metadata, plus what went wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from marsad.inputs.decode import MAX_CONTROL_SHARE, control_share
from marsad.inputs.language import detect_language

DEFAULT_MAX_CHARS = 5_000_000
_PDF_WINDOW = 1024

# Whitespace plus invisible format characters (zero-width, bidi, BOM): a text of only these is empty.
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c\u00ad]*")


@dataclass(slots=True)
class InputItem:
    id: str
    text: str
    source: str | None = None
    published: str | None = None
    title: str | None = None
    origin: str = ""  # "path" or "path:line", for error messages
    errors: list[str] = field(default_factory=list)  # non-fatal problems met while reading
    language: str = "unknown"  # "ar", another detected language code, or "unknown"

    def to_dict(self) -> dict[str, Any]:
        """The item as the engine's input mapping (`extract_record` takes this)."""
        return {
            "id": self.id,
            "text": self.text,
            "source": self.source,
            "published": self.published,
            "title": self.title,
            "origin": self.origin,
            "errors": list(self.errors),
            "language": self.language,
        }


def failed_item(item_id: str, origin: str, error: str, **meta: str | None) -> InputItem:
    """An item whose text could not be read at all: empty text and one error."""
    return InputItem(id=item_id, text="", origin=origin, errors=[error], language="unknown", **meta)


def _is_blank(text: str) -> bool:
    return _INVISIBLE.fullmatch(text) is not None


def finish_item(item: InputItem, *, max_chars: int, original_size: str | None = None) -> InputItem:
    """Clean the text of one item in place and set its language.

    NUL characters are removed (they break storage and mean nothing in news text);
    zero-width and bidi controls are kept for the text layer. Binary content and blank
    texts become empty text with an error; over-long texts are cut at `max_chars`.
    `original_size` describes the full input when the reader already cut it short.
    """
    text = item.text
    nul = text.count("\x00")
    if nul:
        text = text.replace("\x00", "")
        item.errors.append(f"removed {nul} NUL character(s)")
    # Text fields of JSON can hold binary content too (a PDF pasted as a string).
    kind = "PDF" if text[:_PDF_WINDOW].lstrip().startswith("%PDF-") else None
    if kind is None and control_share(text) > MAX_CONTROL_SHARE:
        kind = "control characters"
    if kind is not None:
        item.text = ""
        item.errors.append(f"binary content ({kind})")
        item.language = "unknown"
        return item
    if len(text) > max_chars or original_size is not None:
        size = original_size or f"{len(text):,} characters"
        text = text[:max_chars]
        item.errors.append(f"text truncated at {max_chars:,} characters (input has {size})")
    if _is_blank(text):
        item.text = ""
        item.language = "unknown"
        item.errors.append("empty text")
        return item
    item.text = text
    item.language = detect_language(text)
    if item.language != "ar":
        item.errors.append(f"language: {item.language} (not Arabic)")
    return item
