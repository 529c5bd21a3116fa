"""Random Arabic-ish inputs for fuzzing the text layer and the extractor.

One generator serves two sources of randomness: `random.Random` (bench/fuzz.py, fast and
reproducible by seed and index) and Hypothesis (`hypothesis_chooser`, which makes every
choice a shrinkable draw). Both only need `choice(seq)` and `randint(a, b)`.

Pieces come from the engine's own lexicons, actor aliases and gazetteer names (so the
texts reach the engine's deeper paths), from `fuzz_vocabulary.tsv` (our own words in
natural spelling, Persian, Urdu, English, markup, emoji) and from character classes that
break naive code: every digit system, zero-width and bidi controls, harakat, C0 controls,
U+FFFD, astral characters, very long tokens and huge digit runs.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, TypeVar

from hypothesis import strategies as st

T = TypeVar("T")

VOCABULARY_FILE = Path(__file__).with_name("fuzz_vocabulary.tsv")


class Chooser(Protocol):
    def choice(self, seq: Sequence[T]) -> T: ...

    def randint(self, a: int, b: int) -> int: ...


@dataclass(frozen=True)
class HypothesisChooser:
    """A `Chooser` whose every choice is a Hypothesis draw (so failures shrink)."""

    draw: Callable[[st.SearchStrategy[Any]], Any]

    def choice(self, seq: Sequence[T]) -> T:
        return seq[self.draw(st.integers(0, len(seq) - 1))]

    def randint(self, a: int, b: int) -> int:
        return int(self.draw(st.integers(a, b)))


# --------------------------------------------------------------------------- character classes

DIGIT_SYSTEMS: tuple[str, ...] = (
    "0123456789",
    "٠١٢٣٤٥٦٧٨٩",  # Arabic-Indic
    "۰۱۲۳۴۵۶۷۸۹",  # Extended Arabic-Indic (Persian/Urdu)
)
# Characters Python calls digits that are not plain decimal digits, and decimal digits of
# other scripts: `str.isdigit()` is True for all of them, `float()` accepts only some.
ODD_DIGITS: tuple[str, ...] = tuple("²³¹⁴⁹₀₅①⑩⓪０５५৩๓𝟙𝟡")
INVISIBLE: tuple[str, ...] = (
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u061c",
    "\ufeff",
    "\u00ad",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u2060",
    "\u2061",
    "\u180e",
)
HARAKAT: tuple[str, ...] = tuple(chr(c) for c in range(0x064B, 0x0660)) + (
    "\u0670",
    "\u0640",
    "\u06e1",
    "\u0615",
)
CONTROLS: tuple[str, ...] = (
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1c",
    "\x1f",
    "\x7f",
    "\x85",
    "\r",
    "\u2028",
    "\u2029",
    "\ufffd",
    "\ufffe",
    "\uffff",
)
SPACES: tuple[str, ...] = (" ", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\r\n", "\u3000", "\u2009", "")
PUNCTUATION: tuple[str, ...] = tuple(".،؛؟!:,;-—–\"'«»“”()[]/%…٫٬*") + (
    "..",
    "...",
    "؟!",
    " - ",
    "\n- ",
    ":-",
)
# Code point ranges for random characters (surrogates excluded: see LONE_SURROGATES).
CODE_POINT_RANGES: tuple[tuple[int, int], ...] = (
    (0x20, 0x7E),
    (0x00, 0x1F),
    (0xA0, 0x24F),
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
    (0x0590, 0x05FF),
    (0x0900, 0x097F),
    (0x2000, 0x206F),
    (0x1F300, 0x1FAFF),
    (0x10000, 0x10FFFF),
    (0xE000, 0xF8FF),
)
LONE_SURROGATES: tuple[str, ...] = ("\ud800", "\udbff", "\udc00", "\udfff")


# --------------------------------------------------------------------------- vocabularies


@dataclass(frozen=True)
class Vocabulary:
    lexicon: tuple[str, ...]  # patterns of the engine's lexicons (normalised spelling)
    actors: tuple[str, ...]  # Arabic actor aliases
    places: tuple[str, ...]  # Arabic gazetteer names
    own: dict[str, tuple[str, ...]]  # fuzz_vocabulary.tsv by kind


@cache
def vocabulary() -> Vocabulary:
    from marsad.extract.knowledgebase import knowledge
    from marsad.knowledge.lexicon import LEXICON_DIR, load_rows

    lexicon_dir = resources.files("marsad").joinpath(LEXICON_DIR)
    names = sorted(p.name[:-4] for p in lexicon_dir.iterdir() if p.name.endswith(".tsv"))
    lexicon = sorted(
        {
            row["pattern"].strip("^*")
            for name in names
            for row in load_rows(name)
            if row.get("pattern") and row["pattern"].strip("^*")
        }
    )
    kb = knowledge()
    actors = sorted({alias for actor in kb.actors for alias in actor.aliases_ar if alias})
    places = sorted({p.name_ar for p in kb.gazetteer.places if p.name_ar})
    own: dict[str, list[str]] = {}
    with VOCABULARY_FILE.open(encoding="utf-8") as fh:
        rows = csv.DictReader(
            (line for line in fh if line.strip() and not line.startswith("#")),
            delimiter="\t",
            quoting=csv.QUOTE_NONE,
        )
        for row in rows:
            own.setdefault(row["kind"], []).append(row["piece"].replace("\\n", "\n"))
    return Vocabulary(tuple(lexicon), tuple(actors), tuple(places), {k: tuple(v) for k, v in own.items()})


# --------------------------------------------------------------------------- pieces


def _digits(ch: Chooser, system: str, n: int) -> str:
    return "".join(ch.choice(system) for _ in range(n))


def number(ch: Chooser) -> str:
    """A number as reports write it, or as no report would (huge, odd digits, separators)."""
    system = ch.choice(DIGIT_SYSTEMS)
    size = ch.choice((1, 1, 1, 2, 2, 2, 3, 4, 6, 12, 40, 400))
    n = _digits(ch, system, ch.randint(1, size))
    shape = ch.randint(0, 11)
    if shape == 0:
        return f"{_digits(ch, system, ch.randint(1, 3))}{ch.choice(',٬.')}{_digits(ch, system, 3)}"
    if shape == 1:
        return f"{n}{ch.choice('.٫,')}{_digits(ch, system, ch.randint(1, 2))}"
    if shape == 2:
        return f"{n}{ch.choice(('-', ' - ', '–', '/', ':'))}{_digits(ch, system, ch.randint(1, 3))}"
    if shape == 3:
        return f"{n}%"
    if shape == 4:
        return "".join(ch.choice(ODD_DIGITS) for _ in range(ch.randint(1, 3)))
    if shape == 5:
        return f"{ch.choice(('F-', 'T-', 'ت', 'م', 'ب'))}{n}"
    if shape == 6:
        return f"{_digits(ch, system, 4)}-{_digits(ch, system, 2)}-{_digits(ch, system, 2)}"
    return n


def diacritised(ch: Chooser, word: str) -> str:
    """The word with harakat, tatweel or invisible characters between its letters."""
    out = []
    for c in word:
        out.append(c)
        k = ch.randint(0, 5)
        if k == 0:
            out.append(ch.choice(HARAKAT))
        elif k == 1:
            out.append(ch.choice(INVISIBLE))
    return "".join(out)


def random_char(ch: Chooser) -> str:
    lo, hi = ch.choice(CODE_POINT_RANGES)
    code = ch.randint(lo, hi)
    return "\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code)  # a lone surrogate arrives replaced


def long_token(ch: Chooser, v: Vocabulary) -> str:
    unit = ch.choice((ch.choice(v.lexicon), "ا", "x", "٣", "9", "ـ", "\u200b", "ب" + ch.choice(HARAKAT)))
    return unit * ch.randint(50, ch.choice((200, 1_000, 5_000)))


def piece(ch: Chooser, v: Vocabulary) -> str:
    kind = ch.choice(PIECE_KINDS)
    if kind == "lexicon":
        return ch.choice(v.lexicon)
    if kind == "actor":
        return ch.choice(v.actors)
    if kind == "place":
        return ch.choice(v.places)
    if kind == "number":
        return number(ch)
    if kind == "punctuation":
        return ch.choice(PUNCTUATION)
    if kind == "invisible":
        return "".join(ch.choice(INVISIBLE) for _ in range(ch.randint(1, 4)))
    if kind == "diacritised":
        return diacritised(ch, ch.choice(ch.choice((v.lexicon, v.own["conflict"], v.own["place"]))))
    if kind == "control":
        return ch.choice(CONTROLS)
    if kind == "random":
        return "".join(random_char(ch) for _ in range(ch.randint(1, 8)))
    if kind == "long":
        return long_token(ch, v)
    if kind == "latin":
        letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
        return "".join(ch.choice(letters) for _ in range(ch.randint(1, 12)))
    return ch.choice(v.own[kind])


# Weighted by repetition: mostly the engine's words and numbers, some of everything else.
PIECE_KINDS: tuple[str, ...] = (
    ("filler",) * 6
    + ("lexicon",) * 16
    + ("conflict",) * 10
    + ("actor",) * 6
    + ("place",) * 6
    + ("number",) * 10
    + ("cue",) * 5
    + ("date",) * 3
    + ("punctuation",) * 10
    + ("diacritised",) * 3
    + ("invisible",) * 2
    + ("control",) * 2
    + ("random",) * 3
    + ("latin",) * 2
    + ("english",) * 2
    + ("persian",)
    + ("urdu",)
    + ("markup",)
    + ("emoji",)
    + ("long",)
)


def random_text(ch: Chooser, max_pieces: int = 60) -> str:
    v = vocabulary()
    n = ch.randint(0, ch.choice((3, max_pieces // 4, max_pieces)))
    parts: list[str] = []
    for _ in range(n):
        parts.append(piece(ch, v))
        parts.append(ch.choice(SPACES))
    return "".join(parts)


# --------------------------------------------------------------------------- items

SOURCES: tuple[str | None, ...] = (None, "", "CNN", "AlArabiya", "وكالة الأنباء", "x" * 300)
PUBLISHED: tuple[str | None, ...] = (
    None,
    "",
    "2018-03-03T08:00:00+00:00",
    "2018-03-03",
    "2019-12-31T23:59:59+04:00",
    "2016-02-29",
    "2018-02-30",
    "2018-13-01T00:00:00",
    "0001-01-01",
    "9999-12-31T23:59:59",
    "yesterday morning",
    "03/03/2018 10:00",
    "٢٠١٨-٠٣-٠٣",
    "2018-03",
    "  2018-03-03",
    "2018-03-03\x00garbage",
)


def random_item(ch: Chooser, max_pieces: int = 60) -> dict[str, Any]:
    """An input item as the readers (or an API client) hand it to `extract_record`."""
    item: dict[str, Any] = {
        "id": ch.choice((None, "", "a1", "مقال-٣", "x" * 200, "id with spaces\n")),
        "text": random_text(ch, max_pieces),
        "source": ch.choice(SOURCES),
        # Mostly a good date (so dates get resolved), else anything from PUBLISHED.
        "published": ch.choice(PUBLISHED)
        if ch.randint(0, 2) == 0
        else f"20{ch.randint(10, 24)}-0{ch.randint(1, 9)}-1{ch.randint(0, 9)}",
    }
    if ch.randint(0, 3) == 0:
        item["title"] = random_text(ch, 6)
    if ch.randint(0, 3) == 0:
        item["language"] = "ar"
    return item


@st.composite
def texts(draw: Callable[[st.SearchStrategy[Any]], Any], max_pieces: int = 60) -> str:
    return random_text(HypothesisChooser(draw), max_pieces)


@st.composite
def items(draw: Callable[[st.SearchStrategy[Any]], Any], max_pieces: int = 60) -> dict[str, Any]:
    return random_item(HypothesisChooser(draw), max_pieces)
