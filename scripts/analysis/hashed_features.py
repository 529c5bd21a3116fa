"""Pure-Python sentence featuriser: hashed character and word n-grams (no sklearn at run time).

The shipped artefact would be a table bucket -> weight plus an intercept; scoring a sentence is
a dictionary walk over its n-grams. Buckets are zlib.crc32 of the n-gram, modulo 2**bits.
Values are 1 + log(count), L2-normalised over the sentence, like sublinear TF without IDF.
"""

from __future__ import annotations

import math
import zlib
from collections import Counter

CHAR_RANGE = (2, 5)
WORD_RANGE = (1, 2)


def char_ngrams(text: str) -> list[str]:
    """Character n-grams inside each word padded with spaces (as sklearn's char_wb)."""
    out = []
    lo, hi = CHAR_RANGE
    for word in text.split():
        padded = f" {word} "
        for n in range(lo, hi + 1):
            out += ["c" + padded[i : i + n] for i in range(len(padded) - n + 1)]
    return out


def word_ngrams(text: str) -> list[str]:
    words = text.split()
    lo, hi = WORD_RANGE
    return ["w" + " ".join(words[i : i + n]) for n in range(lo, hi + 1) for i in range(len(words) - n + 1)]


def features(text: str, bits: int = 18, words: bool = False) -> dict[int, float]:
    grams = char_ngrams(text) + (word_ngrams(text) if words else [])
    mask = (1 << bits) - 1
    counts = Counter(zlib.crc32(g.encode("utf-8")) & mask for g in grams)
    values = {b: 1.0 + math.log(c) for b, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
    return {b: v / norm for b, v in values.items()}


def score(
    text: str, weights: dict[int, float], intercept: float, bits: int = 18, words: bool = False
) -> float:
    """Probability of the logistic model: what the engine would compute at run time."""
    z = intercept + sum(weights.get(b, 0.0) * v for b, v in features(text, bits, words).items())
    return 1.0 / (1.0 + math.exp(-z))
