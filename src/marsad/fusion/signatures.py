"""Near-duplicate signatures: word shingles, MinHash and LSH band keys of one text, and the
similarity tests on verified pairs (the pass that uses them is fusion/dedup.py).

A signature needs only the text, so bulk workers compute it where they extract and the
writing process does not have to (`sign`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from marsad.fusion.config import fusion_config
from marsad.text.normalize import normalize_key
from marsad.util import content_hash


@dataclass(frozen=True, slots=True)
class DedupRules:
    """The `dedup` thresholds of fusion.yaml, their one source (what each means is said there)."""

    shingle_words: int
    min_shingles: int
    num_perm: int
    bands: int
    seed: int
    jaccard: float
    containment: float
    containment_jaccard: float
    update_days: int
    repost_jaccard: float
    max_bucket: int

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands


@cache
def default_rules() -> DedupRules:
    known = set(DedupRules.__dataclass_fields__)
    return DedupRules(**{k: v for k, v in fusion_config()["dedup"].items() if k in known})


def shingles(text: str, words: int = 5) -> set[str]:
    """Word n-grams of the normalised text (diacritics, alef forms, punctuation folded)."""
    tokens = normalize_key(text).split()
    if len(tokens) < words:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + words]) for i in range(len(tokens) - words + 1)}


@cache
def _permutations(num_perm: int, seed: int) -> tuple[Any, str]:
    """The seed's permutations, made once (building them is most of a MinHash's set-up cost)."""
    from datasketch import MinHash

    template = MinHash(num_perm=num_perm, seed=seed)
    return template.permutations, template.scheme


def band_keys(shingle_set: Iterable[str], rules: DedupRules) -> list[str]:
    """LSH band keys of the MinHash signature: `band number:hash of its rows`."""
    from datasketch import MinHash

    permutations, scheme = _permutations(rules.num_perm, rules.seed)
    mh = MinHash(num_perm=rules.num_perm, seed=rules.seed, permutations=permutations, scheme=scheme)
    mh.update_batch([s.encode("utf-8") for s in shingle_set])
    values = np.asarray(mh.hashvalues, dtype=np.uint64)
    out = []
    for b in range(rules.bands):
        chunk = values[b * rules.rows : (b + 1) * rules.rows].tobytes()
        out.append(f"{b}:{hashlib.blake2b(chunk, digest_size=12).hexdigest()}")
    return out


@dataclass(frozen=True, slots=True)
class Signature:
    """What de-duplication needs of one text, computable wherever the text is (a bulk
    worker signs its articles so that the writing process does not have to)."""

    content_hash: str  # of the text signed (the store's content_hash)
    shingles: int
    bands: tuple[str, ...]  # empty below rules.min_shingles


def sign(text: str, rules: DedupRules | None = None) -> Signature:
    rules = rules or default_rules()
    s = shingles(text, rules.shingle_words)
    bands = tuple(band_keys(s, rules)) if len(s) >= rules.min_shingles else ()
    return Signature(content_hash(text), len(s), bands)


def similarity(a: set[str], b: set[str]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger)."""
    if not a or not b:
        return 0.0, 0.0
    common = len(a & b)
    return common / len(a | b), common / min(len(a), len(b))


def is_near_duplicate(jaccard: float, containment: float, rules: DedupRules, gap_days: int = 0) -> bool:
    """A copy of the same story. Copies published far apart must be nearly identical (a re-post):
    a new story that recycles an old one's background paragraphs is not a copy of it."""
    if gap_days > rules.update_days:
        return jaccard >= rules.repost_jaccard
    return jaccard >= rules.jaccard or (
        containment >= rules.containment and jaccard >= rules.containment_jaccard
    )
