"""Word tokens of the normalised text, with a fast offset → token index map."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(slots=True)
class Tokens:
    starts: list[int]
    ends: list[int]
    words: list[str]
    text: str = ""

    @classmethod
    def of(cls, text: str) -> Tokens:
        starts: list[int] = []
        ends: list[int] = []
        words: list[str] = []
        for m in _WORD.finditer(text):
            starts.append(m.start())
            ends.append(m.end())
            words.append(m.group())
        return cls(starts, ends, words, text)

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
