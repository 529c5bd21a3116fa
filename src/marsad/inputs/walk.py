"""From command-line paths to items: files by extension, directories walked, `-` for stdin.

skipped: list[SkippedFile] = []
missing = missing_inputs(paths)          # before the run: a clear error, a non-zero exit
for item in iter_items(paths, skipped=skipped, follow_symlinks=False):
    ...
print(skipped_summary(skipped))          # "skipped 3 files: notes.docx (unsupported file type), …"
"""

from __future__ import annotations

import io
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TextIO

from marsad.inputs.decode import SAMPLE_BYTES, decode_bytes
from marsad.inputs.index import IndexCache
from marsad.inputs.item import DEFAULT_MAX_CHARS, InputItem, failed_item
from marsad.inputs.readers import (
    content_id,
    html_item,
    iter_json_lines,
    read_html_file,
    read_json_file,
    read_jsonl_file,
    read_text_file,
    text_item,
)
from marsad.inputs.regular import file_kind
from marsad.inputs.tree import (
    FORMATS,
    SIDECAR_SUFFIXES,
    SUPPORTED_SUFFIXES,
    ArticleFile,
    SkippedFile,
    format_of,
    is_sidecar,
    skipped_summary,
    walk_files,
)

__all__ = [
    "FORMATS",
    "SIDECAR_SUFFIXES",
    "STDIN_ID",
    "SUPPORTED_SUFFIXES",
    "MissingInputError",
    "SkippedFile",
    "check_inputs",
    "format_of",
    "is_sidecar",
    "iter_items",
    "missing_inputs",
    "read_stdin",
    "skipped_summary",
    "walk_directory",
]

STDIN_ID = "stdin"


class MissingInputError(FileNotFoundError):
    """Input paths that do not exist; `paths` lists them."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__(f"input not found: {', '.join(paths)}")
        self.paths = paths


def missing_inputs(paths: Sequence[str | Path] | str | Path) -> list[str]:
    """The paths that do not exist ("-", stdin, always does), to refuse a run before it starts."""
    if isinstance(paths, str | Path):
        paths = [paths]
    return [str(p) for p in paths if str(p) != "-" and not os.path.exists(p)]


def check_inputs(paths: Sequence[str | Path] | str | Path) -> None:
    """Raise MissingInputError when any input path does not exist."""
    missing = missing_inputs(paths)
    if missing:
        raise MissingInputError(missing)


def walk_directory(root: Path, *, follow_symlinks: bool = False) -> Iterator[Path]:
    """Regular article files under `root`, in the order `iter_items` reads them."""
    for file in walk_files(root, follow_symlinks=follow_symlinks):
        if file.error is None:
            yield file.path


def _read_file(
    file: ArticleFile, *, root: Path | None, max_chars: int, indexes: IndexCache
) -> Iterator[InputItem]:
    path, fmt, item_id = file.path, file.fmt, file.id_base
    if file.error is not None:
        yield failed_item(item_id, str(path), file.error)
    elif fmt == "jsonl":
        yield from read_jsonl_file(path, stem=item_id, max_chars=max_chars)
    elif fmt == "json":
        yield from read_json_file(path, stem=item_id, max_chars=max_chars)
    elif fmt == "html":
        yield read_html_file(path, max_chars=max_chars, item_id=item_id)
    else:
        # .txt, and any other file named explicitly: read as one article (binary files,
        # e.g. a PDF, come out as an item with a "binary content" error).
        metadata = indexes.metadata(path, file.stem, root)
        yield read_text_file(path, max_chars=max_chars, item_id=item_id, metadata=metadata)


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
    one, otherwise one text article. A stream has no names: an article without an id of its
    own is "stdin:" and a hash of its content (readers.content_id), so two runs that pipe in
    different articles never share an id and the same article is known again."""
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
        yield from iter_json_lines(
            source, stem=STDIN_ID, origin="<stdin>", max_chars=max_chars, first=head, content_ids=True
        )
        return
    limit = max_chars * 4 + 4
    data = head + source.read(max(0, limit + 1 - len(head)))
    complete = len(data) <= limit
    data = data[:limit]
    item_id = content_id(STDIN_ID, data)
    if start[:15].lower().startswith(("<!doctype html", "<html")):
        yield html_item(item_id, data, "<stdin>", max_chars=max_chars, complete=complete)
        return
    size_note = None if complete else f"more than {limit:,} bytes"
    yield text_item(item_id, decode_bytes(data, complete=complete), "<stdin>", max_chars, size_note)


def _direct_ids(paths: Sequence[str | Path]) -> dict[str, str]:
    """Ids of the files named on the command line: the stem, or the name when two named files
    of one folder share a stem (report.txt and report.html)."""
    named: list[tuple[str, Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if str(raw) != "-" and not path.is_dir():
            named.append((os.path.normpath(path.parent), path, format_of(path)[1]))
    shared = Counter((folder, stem) for folder, _, stem in named)
    return {str(path): stem if shared[folder, stem] == 1 else path.name for folder, path, stem in named}


class _SeenIds:
    """Ids given out in one run. Hashes only: memory stays small on millions of items, and a
    64-bit hash collision between two distinct ids is too unlikely to matter."""

    def __init__(self) -> None:
        self._hashes: set[int] = set()

    def check(self, item: InputItem) -> None:
        key = hash(item.id)
        if key in self._hashes:
            item.errors.append(f"duplicate id {item.id[:80]!r}: an earlier item of this run has the same id")
        else:
            self._hashes.add(key)


def iter_items(
    paths: Sequence[str | Path] | str | Path,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin: IO[bytes] | TextIO | None = None,
    follow_symlinks: bool = False,
    skipped: list[SkippedFile] | None = None,
) -> Iterator[InputItem]:
    """Every article in `paths`, lazily and in a deterministic order; never raises on bad input.

    Paths may be files (.txt, .jsonl, .jsonl.gz, .json, .html/.htm; other names are read as
    plain text), directories (walked, sorted, supported extensions only) or "-" for stdin.
    index.tsv and *.gold.json are sidecars and never yield items. Problems are reported in
    each item's `errors`; unreadable items have empty text; a second item with an id already
    given out in this run carries a "duplicate id" error. Files in directories are identified
    by their path relative to the directory without the suffix ("2020-01-01/1"), a named file
    by its stem. Files of a directory that give no item are appended to `skipped`;
    symbolic links out of a directory are followed only with `follow_symlinks`.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    indexes = IndexCache()
    seen = _SeenIds()
    direct_ids = _direct_ids(paths)
    for raw in paths:
        for item in _items_of(raw, direct_ids, max_chars, stdin, follow_symlinks, skipped, indexes):
            seen.check(item)
            yield item


def _items_of(
    raw: str | Path,
    direct_ids: dict[str, str],
    max_chars: int,
    stdin: IO[bytes] | TextIO | None,
    follow_symlinks: bool,
    skipped: list[SkippedFile] | None,
    indexes: IndexCache,
) -> Iterator[InputItem]:
    if str(raw) == "-":
        yield from read_stdin(stdin, max_chars=max_chars)
        return
    path = Path(raw)
    if path.is_dir():
        for file in walk_files(path, follow_symlinks=follow_symlinks, skipped=skipped):
            yield from _read_file(file, root=path, max_chars=max_chars, indexes=indexes)
        return
    item_id = direct_ids.get(str(path)) or format_of(path)[1]
    if path.is_file():
        if not is_sidecar(path):
            file = ArticleFile(path, format_of(path)[0], format_of(path)[1], item_id)
            yield from _read_file(file, root=None, max_chars=max_chars, indexes=indexes)
    elif path.exists():
        yield failed_item(
            item_id, str(path), f"not a regular file ({file_kind(path.stat().st_mode)}); not read"
        )
    else:
        yield failed_item(item_id, str(path), "file not found")
