"""Opening input files safely: regular files only, so a FIFO or a device never blocks a run."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISFIFO, "FIFO"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISDIR, "directory"),
)


class NotRegularFile(OSError):
    """The path is a FIFO, device, socket or directory: it is never read."""

    def __init__(self, path: Path | str, kind: str) -> None:
        super().__init__(errno.EINVAL, f"not a regular file ({kind})", str(path))
        self.kind = kind


def file_kind(mode: int) -> str:
    """What a stat mode describes: "regular file", "FIFO", "character device", …"""
    if stat.S_ISREG(mode):
        return "regular file"
    for test, name in _KINDS:
        if test(mode):
            return name
    return "special file"


def open_regular(path: Path | str) -> BinaryIO:
    """Open `path` for binary reading, refusing anything but a regular file.

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer; the type is
    checked on the open descriptor (fstat), so a file swapped for a FIFO after a directory walk
    is caught too. The flag has no effect on reads of regular files.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, file_kind(mode))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_error(exc: OSError) -> str:
    if isinstance(exc, NotRegularFile):
        return exc.strerror or "not a regular file"
    return f"cannot read file: {exc.strerror or type(exc).__name__}"
