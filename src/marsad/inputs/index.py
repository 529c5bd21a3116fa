"""index.tsv: metadata (published, outlet, title) of the plain-text articles beside it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from marsad.inputs.decode import decode_bytes
from marsad.inputs.regular import open_regular, read_error

INDEX_NAME = "index.tsv"
# Header names accepted in index.tsv for each field (first match wins; case-insensitive).
INDEX_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id"),
    "published": ("published", "date"),
    "source": ("outlet", "source"),
    "title": ("title",),
}

Metadata = dict[str, str | None]


@dataclass(slots=True)
class Index:
    rows: dict[str, Metadata] = field(default_factory=dict)
    error: str | None = None


def load_index(path: Path) -> Index:
    """Metadata rows of an index.tsv keyed by id; a broken index gives an error, not an exception."""
    try:
        with open_regular(path) as fh:
            decoded = decode_bytes(fh.read())
    except OSError as exc:
        return Index(error=f"{INDEX_NAME}: {read_error(exc)}")
    if decoded.is_binary:
        return Index(error=f"{INDEX_NAME}: {decoded.errors[0]}")
    try:
        return _parse(decoded.text.lstrip("\ufeff"))
    except csv.Error as exc:  # a cell over the csv module's field limit, among others
        return Index(error=f"{INDEX_NAME}: not read ({exc})")


def _parse(text: str) -> Index:
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = [h.strip().lower() for h in next(reader, [])]
    columns: dict[str, int] = {}
    for name, aliases in INDEX_COLUMNS.items():
        for alias in aliases:
            if alias in header:
                columns[name] = header.index(alias)
                break
    if "id" not in columns:
        return Index(error=f"{INDEX_NAME}: no 'id' column")
    rows: dict[str, Metadata] = {}
    for cells in reader:
        if len(cells) <= columns["id"] or not cells[columns["id"]].strip():
            continue
        row = {
            name: (cells[col].strip() or None) if col < len(cells) else None
            for name, col in columns.items()
            if name != "id"
        }
        rows[cells[columns["id"]].strip()] = row
    return Index(rows=rows)


class IndexCache:
    """index.tsv per directory, loaded once however many files of the directory are read."""

    def __init__(self) -> None:
        self._by_dir: dict[Path, Index | None] = {}

    def in_directory(self, directory: Path) -> Index | None:
        if directory not in self._by_dir:
            index_path = directory / INDEX_NAME
            self._by_dir[directory] = load_index(index_path) if index_path.is_file() else None
        return self._by_dir[directory]

    def metadata(self, path: Path, stem: str, root: Path | None = None) -> tuple[Metadata, list[str]]:
        """Metadata of the article file `path` (`stem`: its name without the format suffix) and
        notes on the way. The index.tsv beside the file is asked first, then those of the parent
        directories up to `root`; a row's id is the file's stem or name, or its path (without or
        with the suffix) relative to the index's directory, "2020-01-01/1" for "2020-01-01/1.txt"."""
        notes: list[str] = []
        found_index = False
        for directory, relative in _index_directories(path, root):
            index = self.in_directory(directory)
            if index is None:
                continue
            if index.error:
                notes.append(index.error)
                continue
            found_index = True
            for key in (str(relative / stem), str(relative / path.name)):
                if key in index.rows:
                    return dict(index.rows[key]), notes
        if found_index:
            notes.append(f"id not listed in {INDEX_NAME}")
        return {}, notes


def _index_directories(path: Path, root: Path | None) -> list[tuple[Path, PurePosixPath]]:
    """(directory, the file's folder relative to it) from the file's own directory up to `root`."""
    out = [(path.parent, PurePosixPath("."))]
    if root is None:
        return out
    try:
        parts = path.parent.relative_to(root).parts
    except ValueError:
        return out
    for depth in range(len(parts) - 1, -1, -1):
        directory = root.joinpath(*parts[:depth])
        out.append((directory, PurePosixPath(*parts[depth:])))
    return out
