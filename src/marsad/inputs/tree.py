"""Walking an input folder: which files are articles, what their ids are, what is skipped and why.

Only regular files are ever opened: a FIFO or device becomes an item with an error (opening a
FIFO waits for a writer forever). Symbolic links are followed only while they stay inside the
input folder, unless the caller asks to follow them anywhere. Every other entry that is not
read (hidden, unsupported type, link out of the folder) is listed in `skipped` with a reason.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from marsad.inputs.index import INDEX_NAME
from marsad.inputs.regular import file_kind

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


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """An entry of an input folder that gave no item."""

    path: str
    reason: str  # "unsupported file type", "hidden", "symbolic link out of the input folder", …


@dataclass(frozen=True, slots=True)
class ArticleFile:
    """A file that gives items: its format (None: read as text), the id of its items (or the
    prefix of the fallback ids of a JSON file's records) and, for a special file that must not
    be opened, the error its one item carries."""

    path: Path
    fmt: str | None
    stem: str  # the name without the format suffix
    id_base: str
    error: str | None = None


def skipped_summary(skipped: Iterable[SkippedFile], limit: int = 5) -> str:
    """One line for an operator: "skipped 3 files: a.docx (unsupported file type), …"."""
    entries = list(skipped)
    if not entries:
        return ""
    shown = ", ".join(f"{e.path} ({e.reason})" for e in entries[:limit])
    more = f", and {len(entries) - limit} more" if len(entries) > limit else ""
    return f"skipped {len(entries)} file{'s' if len(entries) != 1 else ''}: {shown}{more}"


def file_ids(files: list[tuple[Path, str]], folder: PurePosixPath) -> list[str]:
    """Ids of files of one folder, given (path, stem): the path relative to the input root without
    the format suffix, "2020-01-01/1"; with it when two files share a stem (report.txt, report.html)."""
    shared = Counter(stem for _, stem in files)
    return [str(folder / (stem if shared[stem] == 1 else path.name)) for path, stem in files]


class _Walk:
    def __init__(self, root: Path, follow_symlinks: bool, skipped: list[SkippedFile]) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.follow = follow_symlinks
        self.skipped = skipped
        self.visited: set[tuple[int, int]] = set()

    def skip(self, path: Path, reason: str) -> None:
        self.skipped.append(SkippedFile(str(path), reason))

    def inside_root(self, path: Path) -> bool:
        target = os.path.realpath(path)
        return target == self.real_root or target.startswith(self.real_root.rstrip(os.sep) + os.sep)

    def entry_mode(self, entry: os.DirEntry[str], path: Path) -> int | None:
        """The mode to treat `entry` by (a link's target's), or None when it is skipped."""
        try:
            if not entry.is_symlink():
                return entry.stat(follow_symlinks=False).st_mode
            if not self.follow and not self.inside_root(path):
                self.skip(path, "symbolic link out of the input folder (not followed)")
                return None
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            self.skip(path, "broken symbolic link")
            return None
        except OSError as exc:
            self.skip(path, f"cannot read: {exc.strerror or type(exc).__name__}")
            return None
        if stat.S_ISDIR(mode) and not self.follow:
            # Links inside the folder to its own directories would read files twice, or loop.
            self.skip(path, "symbolic link to a directory (not followed)")
            return None
        return mode

    def directory(self, directory: Path, folder: PurePosixPath) -> Iterator[ArticleFile]:
        try:
            st = os.stat(directory)
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            self.skip(directory, f"cannot list directory: {exc.strerror or type(exc).__name__}")
            return
        if (st.st_dev, st.st_ino) in self.visited:
            self.skip(directory, "directory already read (symbolic link loop)")
            return
        self.visited.add((st.st_dev, st.st_ino))
        files: list[tuple[Path, str, str | None, str | None]] = []
        subdirs: list[Path] = []
        for entry in entries:
            path = directory / entry.name
            if entry.name.startswith("."):
                self.skip(path, "hidden")
                continue
            mode = self.entry_mode(entry, path)
            if mode is None:
                continue
            if stat.S_ISDIR(mode):
                subdirs.append(path)
                continue
            if is_sidecar(path):
                continue
            fmt, stem = format_of(path)
            if not stat.S_ISREG(mode):
                files.append((path, stem, fmt, f"not a regular file ({file_kind(mode)}); not read"))
            elif fmt is None:
                self.skip(path, "unsupported file type")
            else:
                files.append((path, stem, fmt, None))
        ids = file_ids([(path, stem) for path, stem, _, _ in files], folder)
        for (path, stem, fmt, error), item_id in zip(files, ids, strict=True):
            yield ArticleFile(path, fmt, stem, item_id, error)
        for sub in subdirs:
            yield from self.directory(sub, folder / sub.name)


def walk_files(
    root: Path, *, follow_symlinks: bool = False, skipped: list[SkippedFile] | None = None
) -> Iterator[ArticleFile]:
    """Article files under `root` in sorted order (a folder's files, then its subfolders).

    Hidden entries are not read; index.tsv and *.gold.json are sidecars. Entries that give no
    item are appended to `skipped` with the reason.
    """
    walk = _Walk(Path(root), follow_symlinks, skipped if skipped is not None else [])
    yield from walk.directory(Path(root), PurePosixPath("."))
