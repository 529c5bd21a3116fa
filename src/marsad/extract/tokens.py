"""Word tokens of the normalised text, with a fast offset → token index map."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_START, _END, _GROUP = re.Match.start, re.Match.end, re.Match.group


@dataclass(slots=True)
class Tokens:
    starts: list[int]
    ends: list[int]
    words: list[str]
    text: str = ""

    @classmethod
    def of(cls, text: str) -> Tokens:
        # map() over unbound Match methods runs in C: twice as fast as a Python loop.
        found = list(_WORD.finditer(text))
        return cls(list(map(_START, found)), list(map(_END, found)), list(map(_GROUP, found)), text)

    def triples(self) -> list[tuple[int, int, str]]:
        return list(zip(self.starts, self.ends, self.words, strict=True))

    def index_at(self, offset: int) -> int:
        """Index of the token starting at or containing `offset` (or the next one)."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and self.ends[i] > offset:
            return i
        return i + 1

    def index_before(self, offset: int) -> int:
        """Index of the last token that ends at or before `offset`."""
        return bisect.bisect_right(self.ends, offset) - 1

    def __len__(self) -> int:
        return len(self.words)
