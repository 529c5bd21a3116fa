"""The unit every reader yields: one article's text and metadata, plus what went wrong."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from marsad.inputs.decode import MAX_CONTROL_SHARE, control_share
from marsad.inputs.language import detect_language

DEFAULT_MAX_CHARS = 5_000_000
_PDF_WINDOW = 1024

# Whitespace plus invisible format characters (zero-width, bidi, BOM): a text of only these is empty.
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c\u00ad]*")
# Lone surrogates come from JSON escapes ("\\ud800") and from file names that are not UTF-8;
# they cannot be encoded, so one of them stops any writer (stdout, SQLite, PostgreSQL).
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Publication dates outside this range are sentinels ("0001-01-01" for "no date" in Go/.NET
# feeds, "9999-12-31") or typos; date arithmetic next to them overflows downstream.
EARLIEST_PUBLISHED = dt.date(1900, 1, 1)
# Metadata longer than this is not metadata; an id must also fit the API's paths and database keys.
MAX_ID_CHARS = 200
MAX_META_CHARS = 1000
MAX_PUBLISHED_CHARS = 64


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
    """An item whose text could not be read at all: empty text and one error (plus any the
    metadata earns at the edge checks)."""
    item = InputItem(id=item_id, text="", origin=origin, errors=[error], language="unknown", **meta)
    return check_edges(item)


def replace_surrogates(value: str) -> tuple[str, int]:
    """`value` with lone surrogates replaced by U+FFFD, and how many there were."""
    if value.isascii():  # the common case, and no surrogate is ASCII
        return value, 0
    return _SURROGATE.subn("\ufffd", value)


def _readable_origin(origin: str) -> str:
    """A path that was not UTF-8 (surrogate-escaped bytes) shown with \\x escapes."""
    try:
        return origin.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return replace_surrogates(origin)[0]


def check_published(value: str | None) -> tuple[str | None, str | None]:
    """(the date to keep, an error) for a `published` value: kept when it starts with an ISO
    date (as the engine and the store read it) between 1900-01-01 and tomorrow, else None."""
    if value is None or not value.strip():
        return None, None
    try:
        day = dt.date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        day = None
    shown = repr(value[:40])
    if day is None:
        return None, f"published date not understood ({shown}): set to null"
    latest = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    if not EARLIEST_PUBLISHED <= day <= latest:
        return None, f"published date out of range ({shown}; accepted 1900-01-01 to {latest}): set to null"
    return value, None


def check_edges(item: InputItem) -> InputItem:
    """Sanitise every field of an item in place: lone surrogates replaced (an error entry per
    field), an implausible publication date set to null (with an error entry)."""
    for name in ("id", "text", "title", "source", "published"):
        value = getattr(item, name)
        if not isinstance(value, str):
            continue
        clean, count = replace_surrogates(value)
        if count:
            setattr(item, name, marked_id(value, clean) if name == "id" else clean)
            item.errors.append(f"{name}: {count} lone surrogate(s) replaced by U+FFFD")
    if replace_surrogates(item.origin)[1]:
        item.origin = _readable_origin(item.origin)
    item.errors = [replace_surrogates(e)[0] for e in item.errors]
    _cap_lengths(item)
    item.published, error = check_published(item.published)
    if error:
        item.errors.append(error)
    return item


def _id_digest(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest()


def marked_id(original: str, clean: str) -> str:
    """An id after sanitising (`clean`), with a hash of the `original` when the two differ:
    ids that differ only in what was replaced ("a\\ud800", "a\\udc00") stay apart, the same
    id always gives the same, and a clean id is left as it is."""
    if clean == original:
        return clean
    return f"{clean}~{_id_digest(original)[:8]}"


def shortened_id(value: str) -> str:
    """An id over MAX_ID_CHARS cut, with a hash of the whole id so distinct long ids stay
    distinct (and stable)."""
    return f"{value[: MAX_ID_CHARS - 18]}~{_id_digest(value)[:16]}"


def cut_meta(name: str, value: str, errors: list[str]) -> str:
    """A title or source cut to MAX_META_CHARS (with an error when it was longer)."""
    if len(value) <= MAX_META_CHARS:
        return value
    errors.append(f"{name} of {len(value):,} characters cut to {MAX_META_CHARS}")
    return value[:MAX_META_CHARS]


def _cap_lengths(item: InputItem) -> None:
    if len(item.id) > MAX_ID_CHARS:
        item.errors.append(f"id of {len(item.id):,} characters shortened to {MAX_ID_CHARS}")
        item.id = shortened_id(item.id)
    for name in ("title", "source"):
        value = getattr(item, name)
        if isinstance(value, str):
            setattr(item, name, cut_meta(name, value, item.errors))
    if isinstance(item.published, str) and len(item.published) > MAX_PUBLISHED_CHARS:
        item.errors.append(f"published value of {len(item.published):,} characters: only its first 10 kept")
        item.published = item.published[:10]


def _is_blank(text: str) -> bool:
    return _INVISIBLE.fullmatch(text) is not None


def finish_item(item: InputItem, *, max_chars: int, original_size: str | None = None) -> InputItem:
    """Clean the text of one item in place and set its language.

    NUL characters are removed (they break storage and mean nothing in news text);
    zero-width and bidi controls are kept for the text layer. Binary content and blank
    texts become empty text with an error; over-long texts are cut at `max_chars`.
    `original_size` describes the full input when the reader already cut it short.
    Metadata is checked first (`check_edges`).
    """
    check_edges(item)
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
