"""Arabic normalisation that keeps a map back to the original text.

Every character of the normalised string comes from exactly one character of the
original (characters are only mapped one-to-one or dropped), so a span of the
normalised text maps back to an exact span of the original.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Dropped entirely: harakat/tanween/shadda/sukun, Quranic marks, superscript alef,
# tatweel, zero-width and bidi controls, BOM, soft hyphen.
_DROP = set(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

_MAP: dict[str, str] = {
    # alef variants
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    # yaa / alef maqsura, taa marbuta
    "ى": "ي",
    "ی": "ي",
    "ئ": "ي",
    "ة": "ه",
    # hamza on waw kept as waw for matching
    "ؤ": "و",
    # Persian/Urdu letter variants
    "ک": "ك",
    "ۀ": "ه",
    "ە": "ه",
    "ھ": "ه",
    # punctuation
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "‟": '"',
    "″": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "`": "'",
    "–": "-",
    "—": "-",
    "―": "-",
    "‐": "-",
    "‑": "-",
    "−": "-",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u3000": " ",
    "\t": " ",
    "٫": ".",
    "٬": ",",
    # "#خان_يونس": a hashtag joins the words of a name with underscores
    "_": " ",
}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _MAP[chr(0x06F0 + _i)] = str(_i)  # Extended (Persian/Urdu) digits

# Built once: a translation table over single characters (None = drop).
_TABLE: dict[int, str | None] = {ord(c): None for c in _DROP}
_TABLE.update({ord(k): v for k, v in _MAP.items()})


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised string and, per normalised character, its original offset."""

    text: str
    offsets: Sequence[int]  # len(text) + 1 entries; the last one is the original end
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised [start, end) span to original offsets."""
        if end <= start:
            o = self.offsets[start] if start < len(self.offsets) else self.original_length
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1


_DROP_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_DROP)) + "]")


def normalize(text: str) -> Normalized:
    """Normalise Arabic text for matching, keeping an offset map to the original."""
    out = text.translate(_TABLE)
    if len(out) == len(text):
        return Normalized(out, range(len(text) + 1), len(text))
    # Some characters were dropped: keep the original index of every surviving one.
    offsets: list[int] = []
    last = 0
    for m in _DROP_RE.finditer(text):
        offsets.extend(range(last, m.start()))
        last = m.end()
    offsets.extend(range(last, len(text)))
    offsets.append(len(text))
    return Normalized(out, offsets, len(text))


_SPACES = re.compile(r"\s+")


def normalize_key(text: str) -> str:
    """Canonical key for lexicon and gazetteer look-ups: normalised, lower-cased,
    punctuation folded to spaces, whitespace collapsed."""
    s = normalize(text).text.lower()
    s = re.sub(r"[\"'()\[\],.:;!?؟،؛_/\\-]+", " ", s)
    return _SPACES.sub(" ", s).strip()


ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")


def is_letter(ch: str) -> bool:
    """True for Arabic or Latin letters and digits: the characters that make words."""
    return ch.isalnum()
