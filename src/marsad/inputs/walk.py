"""From command-line paths to items: files by extension, directories walked, `-` for stdin."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TextIO

from marsad.inputs.decode import SAMPLE_BYTES, decode_bytes
from marsad.inputs.item import DEFAULT_MAX_CHARS, InputItem, failed_item
from marsad.inputs.readers import (
    INDEX_NAME,
    IndexCache,
    html_item,
    iter_json_lines,
    read_html_file,
    read_json_file,
    read_jsonl_file,
    read_text_file,
    text_item,
)

# Longest suffixes first, so "x.jsonl.gz" is not taken for something else.
FORMATS: tuple[tuple[str, str], ...] = (
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".json", "json"),
    (".txt", "txt"),
    (".html", "html"),
    (".htm", "html"),
)
SUPPORTED_SUFFIXES = tuple(suffix for suffix, _ in FORMATS)
# Files that sit beside articles but are not articles: gold annotations and the metadata index.
SIDECAR_SUFFIXES = (".gold.json",)
STDIN_ID = "stdin"


def format_of(path: Path) -> tuple[str | None, str]:
    """(format, stem) for a path by its name; format None for unsupported names."""
    name = path.name
    lower = name.lower()
    for suffix, fmt in FORMATS:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return fmt, name[: -len(suffix)]
    return None, path.stem


def is_sidecar(path: Path) -> bool:
    lower = path.name.lower()
    return lower == INDEX_NAME or lower.endswith(SIDECAR_SUFFIXES)


def walk_directory(root: Path) -> Iterator[Path]:
    """Supported article files under `root`, in sorted order; hidden entries and sidecars skipped."""
    for current, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(current) / name
            if name.startswith(".") or is_sidecar(path):
                continue
            if format_of(path)[0] is not None:
                yield path


def _read_file(
    path: Path, fmt: str | None, stem: str, *, max_chars: int, indexes: IndexCache
) -> Iterator[InputItem]:
    if fmt == "jsonl":
        yield from read_jsonl_file(path, stem=stem, max_chars=max_chars)
    elif fmt == "json":
        yield from read_json_file(path, stem=stem, max_chars=max_chars)
    elif fmt == "html":
        yield read_html_file(path, max_chars=max_chars)
    else:
        # .txt, and any other file named explicitly: read as one article (binary files,
        # e.g. a PDF, come out as an item with a "binary content" error).
        yield read_text_file(path, max_chars=max_chars, index=indexes.for_file(path), item_id=stem)


def _stdin_bytes(stream: IO[bytes] | TextIO) -> IO[bytes]:
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer
    data = stream.read()
    return io.BytesIO(data.encode("utf-8") if isinstance(data, str) else data)


def read_stdin(
    stream: IO[bytes] | TextIO | None = None, *, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[InputItem]:
    """JSON lines when the first non-blank character is "{", an HTML page when it starts like
    one, otherwise one text article with id "stdin"."""
    source = _stdin_bytes(stream if stream is not None else sys.stdin)
    read_some = getattr(source, "read1", source.read)
    head = b""
    while True:
        chunk = read_some(SAMPLE_BYTES)
        if not chunk:
            break
        head += chunk
        if decode_bytes(head, complete=False).text.lstrip("\ufeff \t\r\n"):
            break
    start = decode_bytes(head, complete=False).text.lstrip("\ufeff \t\r\n")
    if start.startswith("{"):
        yield from iter_json_lines(source, stem=STDIN_ID, origin="<stdin>", max_chars=max_chars, first=head)
        return
    limit = max_chars * 4 + 4
    data = head + source.read(max(0, limit + 1 - len(head)))
    complete = len(data) <= limit
    data = data[:limit]
    if start[:15].lower().startswith(("<!doctype html", "<html")):
        yield html_item(STDIN_ID, data, "<stdin>", max_chars=max_chars, complete=complete)
        return
    size_note = None if complete else f"more than {limit:,} bytes"
    yield text_item(STDIN_ID, decode_bytes(data, complete=complete), "<stdin>", max_chars, size_note)


def iter_items(
    paths: Sequence[str | Path] | str | Path,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin: IO[bytes] | TextIO | None = None,
) -> Iterator[InputItem]:
    """Every article in `paths`, lazily and in a deterministic order; never raises on bad input.

    Paths may be files (.txt, .jsonl, .jsonl.gz, .json, .html/.htm; other names are read as
    plain text), directories (walked, sorted, supported extensions only) or "-" for stdin.
    index.tsv and *.gold.json are sidecars and never yield items. Problems are reported in
    each item's `errors`; unreadable items have empty text.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    indexes = IndexCache()
    for raw in paths:
        if str(raw) == "-":
            yield from read_stdin(stdin, max_chars=max_chars)
            continue
        path = Path(raw)
        if path.is_dir():
            for file in walk_directory(path):
                fmt, stem = format_of(file)
                yield from _read_file(file, fmt, stem, max_chars=max_chars, indexes=indexes)
        elif path.is_file():
            if not is_sidecar(path):
                fmt, stem = format_of(path)
                yield from _read_file(path, fmt, stem, max_chars=max_chars, indexes=indexes)
        elif path.exists():
            yield failed_item(path.stem, str(path), "not a regular file")
        else:
            yield failed_item(format_of(path)[1], str(path), "file not found")
