"""Which articles one fusion pass may touch: all but those held in quarantine, or, while the
pass that failed is searched for the article it failed on, only a subset (fusion/isolation.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scope:
    skip: frozenset[str] = frozenset()
    only: frozenset[str] | None = None

    def admits(self, article_id: str) -> bool:
        return article_id not in self.skip and (self.only is None or article_id in self.only)

    def admitted(self, article_ids: Iterable[str]) -> list[str]:
        return [a for a in article_ids if self.admits(a)]


EVERYTHING = Scope()
