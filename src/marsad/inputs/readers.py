"""Readers per input format. Each yields InputItems and never raises on bad content."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from marsad.inputs.decode import SAMPLE_BYTES, Decoded, declared_charset, decode_bytes, label
from marsad.inputs.html_text import extract_html
from marsad.inputs.index import Metadata
from marsad.inputs.item import InputItem, failed_item, finish_item
from marsad.inputs.regular import open_regular, read_error

# Fields of a JSON object, with the alternative keys accepted for them.
JSON_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id"),
    "source": ("source", "outlet"),
    "published": ("published",),
    "title": ("title",),
}


# --------------------------------------------------------------------------- reading bytes


@dataclass(slots=True)
class FileBytes:
    data: bytes
    complete: bool  # False when only the head of a larger file was read
    size: int


def read_head(path: Path, max_chars: int) -> FileBytes:
    """The file's bytes, at most enough for `max_chars` characters in any encoding."""
    limit = max_chars * 4 + 4
    with open_regular(path) as fh:
        data = fh.read(limit + 1)
        size = os.fstat(fh.fileno()).st_size
    if len(data) > limit:
        return FileBytes(data[:limit], False, max(size, len(data)))
    return FileBytes(data, True, len(data))


def _size_note(head: FileBytes) -> str | None:
    return None if head.complete else f"{head.size:,} bytes"


def text_item(
    item_id: str, decoded: Decoded, origin: str, max_chars: int, size_note: str | None, **meta: str | None
) -> InputItem:
    if decoded.is_binary:
        return failed_item(item_id, origin, decoded.errors[0], **meta)
    item = InputItem(id=item_id, text=decoded.text, origin=origin, errors=list(decoded.errors), **meta)
    return finish_item(item, max_chars=max_chars, original_size=size_note)


# --------------------------------------------------------------------------- .txt


def read_text_file(
    path: Path,
    *,
    max_chars: int,
    item_id: str | None = None,
    metadata: tuple[Metadata, list[str]] | None = None,
) -> InputItem:
    """One article from a plain-text file; `metadata` (fields, notes) from an index.tsv."""
    article_id = item_id or path.stem
    meta, notes = metadata or ({}, [])
    try:
        head = read_head(path, max_chars)
    except OSError as exc:
        item = failed_item(article_id, str(path), read_error(exc), **meta)
    else:
        item = text_item(
            article_id,
            decode_bytes(head.data, complete=head.complete),
            str(path),
            max_chars,
            _size_note(head),
            **meta,
        )
    item.errors[:0] = notes
    return item


# --------------------------------------------------------------------------- .html


def read_html_file(path: Path, *, max_chars: int, item_id: str | None = None) -> InputItem:
    article_id = item_id or path.stem
    try:
        head = read_head(path, max_chars)
    except OSError as exc:
        return failed_item(article_id, str(path), read_error(exc))
    return html_item(article_id, head.data, str(path), max_chars=max_chars, complete=head.complete)


def html_item(item_id: str, data: bytes, origin: str, *, max_chars: int, complete: bool = True) -> InputItem:
    decoded = decode_bytes(data, declared=declared_charset(data), complete=complete)
    if decoded.is_binary:
        return failed_item(item_id, origin, decoded.errors[0])
    page = extract_html(decoded.text)
    item = InputItem(
        id=item_id,
        text=page.text,
        title=page.title,
        published=page.published,
        origin=origin,
        errors=[*decoded.errors, *page.errors],
    )
    if not complete:
        item.errors.append(f"html truncated at {len(data):,} bytes before extraction")
    return finish_item(item, max_chars=max_chars)


# --------------------------------------------------------------------------- JSON objects


def _optional_str(obj: Mapping[str, Any], keys: tuple[str, ...], errors: list[str]) -> str | None:
    for key in keys:
        if key in obj:
            value = obj[key]
            if value is None or isinstance(value, str):
                return value
            if isinstance(value, bool | int | float):
                return str(value)
            errors.append(f"field '{key}' is not a string; ignored")
            return None
    return None


def item_from_object(
    obj: Any, *, fallback_id: str, origin: str, max_chars: int, where: str = ""
) -> InputItem:
    """An item from one decoded JSON value ({id, source, published, title, text})."""
    if not isinstance(obj, Mapping):
        return failed_item(fallback_id, origin, f"expected a JSON object{where}, got {type(obj).__name__}")
    errors: list[str] = []
    item_id = _optional_str(obj, JSON_FIELDS["id"], errors)
    if item_id is None or not item_id.strip():
        errors.append("missing field 'id'")
        item_id = fallback_id
    meta = {name: _optional_str(obj, keys, errors) for name, keys in JSON_FIELDS.items() if name != "id"}
    text = obj.get("text")
    if text is None:
        item = failed_item(item_id, origin, "missing field 'text'", **meta)
        item.errors[:0] = errors
        return item
    if not isinstance(text, str):
        item = failed_item(item_id, origin, f"field 'text' is not a string ({type(text).__name__})", **meta)
        item.errors[:0] = errors
        return item
    item = InputItem(id=item_id, text=text, origin=origin, errors=errors, **meta)
    return finish_item(item, max_chars=max_chars)


def _json_error(exc: json.JSONDecodeError) -> str:
    return f"{exc.msg} (column {exc.colno})"


def content_id(stem: str, content: str | bytes) -> str:
    """`stem:` and a hash of the content: the id of an input with no name of its own (a line
    of stdin), the same for the same content and different for another in any run."""
    data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
    return f"{stem}:{hashlib.sha1(data).hexdigest()[:16]}"


def item_from_json_line(
    line: str, *, lineno: int, stem: str, origin: str, max_chars: int, content_ids: bool = False
) -> InputItem:
    """An item from one JSON line; without an id of its own it is `stem:lineno` (a file's line
    is named by its place), or with `content_ids` `stem:hash` of the line (a stream's is not)."""
    fallback_id = content_id(stem, line) if content_ids else f"{stem}:{lineno}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return failed_item(fallback_id, origin, f"invalid JSON on line {lineno}: {_json_error(exc)}")
    except RecursionError:
        return failed_item(fallback_id, origin, f"invalid JSON on line {lineno}: nested too deeply")
    return item_from_object(
        obj, fallback_id=fallback_id, origin=origin, max_chars=max_chars, where=f" on line {lineno}"
    )


# --------------------------------------------------------------------------- .jsonl / .jsonl.gz


def _text_lines(stream: IO[bytes], first: bytes) -> tuple[str, Iterator[str]]:
    """The stream's encoding (from its head) and its lines as text, read lazily."""
    decoded = decode_bytes(first, complete=False)
    codec = decoded.encoding or "utf-8"
    rest = io.BufferedReader(_Prepend(first, stream), buffer_size=SAMPLE_BYTES)
    if codec == "utf-8":
        return codec, _utf8_lines(rest)
    wrapper = io.TextIOWrapper(rest, encoding=codec, errors="replace", newline="\n")
    return codec, iter(wrapper)


def _utf8_lines(stream: IO[bytes]) -> Iterator[str]:
    """Lines as text; a line that is not UTF-8 is decoded on its own (it may be cp1256)."""
    first = True
    for raw in stream:
        if first:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
            first = False
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield decode_bytes(raw).text


class _Prepend(io.RawIOBase):
    """A raw stream that replays bytes already consumed (the encoding sniff) before the rest."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def iter_json_lines(
    stream: IO[bytes],
    *,
    stem: str,
    origin: str,
    max_chars: int,
    first: bytes | None = None,
    content_ids: bool = False,
) -> Iterator[InputItem]:
    """Items from a JSON-lines byte stream, one line in memory at a time (`content_ids`: see
    item_from_json_line)."""
    head = stream.read(SAMPLE_BYTES) if first is None else first
    codec, lines = _text_lines(stream, head)
    note = [] if codec == "utf-8" else [f"decoded from {label(codec)}"]
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        # A BOM survives decoding of UTF-16/32 streams and is not JSON.
        item = item_from_json_line(
            line.lstrip("\ufeff").rstrip("\r\n"),
            lineno=lineno,
            stem=stem,
            origin=f"{origin}:{lineno}",
            max_chars=max_chars,
            content_ids=content_ids,
        )
        item.errors[:0] = note
        yield item


def read_jsonl_file(path: Path, *, stem: str, max_chars: int) -> Iterator[InputItem]:
    origin = str(path)
    last_line = 0
    try:
        with open_regular(path) as raw:
            stream: IO[bytes] = gzip.GzipFile(fileobj=raw) if path.name.endswith(".gz") else raw
            for item in iter_json_lines(stream, stem=stem, origin=origin, max_chars=max_chars):
                last_line = int(item.origin.rsplit(":", 1)[1])
                yield item
    except (OSError, EOFError, zlib.error) as exc:
        # A corrupt or truncated archive: the items read so far stand, the rest is reported.
        where = f" after line {last_line}" if last_line else ""
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        yield failed_item(f"{stem}:{last_line + 1}", origin, f"cannot read file{where}: {reason}")


# --------------------------------------------------------------------------- .json


def read_json_file(path: Path, *, stem: str, max_chars: int) -> Iterator[InputItem]:
    """One object or a list of objects (the whole file is parsed: use .jsonl for big collections)."""
    origin = str(path)
    try:
        with open_regular(path) as fh:
            data = fh.read()
    except OSError as exc:
        yield failed_item(stem, origin, read_error(exc))
        return
    decoded = decode_bytes(data)
    if decoded.is_binary:
        yield failed_item(stem, origin, decoded.errors[0])
        return
    text = decoded.text
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            # JSON lines saved as .json: read it line by line.
            yield from _json_lines_from_text(
                text, stem=stem, origin=origin, max_chars=max_chars, notes=decoded.errors
            )
            return
        yield failed_item(stem, origin, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
        return
    except RecursionError:
        yield failed_item(stem, origin, "invalid JSON: nested too deeply")
        return
    if isinstance(value, list):
        for i, obj in enumerate(value, start=1):
            item = item_from_object(
                obj,
                fallback_id=f"{stem}:{i}",
                origin=f"{origin}[{i}]",
                max_chars=max_chars,
                where=f" at position {i}",
            )
            item.errors[:0] = decoded.errors
            yield item
        return
    item = item_from_object(value, fallback_id=stem, origin=origin, max_chars=max_chars)
    item.errors[:0] = decoded.errors
    yield item


def _json_lines_from_text(
    text: str, *, stem: str, origin: str, max_chars: int, notes: Iterable[str]
) -> Iterator[InputItem]:
    for lineno, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            item = item_from_json_line(
                line, lineno=lineno, stem=stem, origin=f"{origin}:{lineno}", max_chars=max_chars
            )
            item.errors[:0] = list(notes)
            yield item
