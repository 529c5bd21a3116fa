"""Lexicons as data: TSV files under knowledge/data/lexicons, matched in one pass.

Every lexicon row has a `pattern` column (Arabic, normalised on load) and further columns
that become the entry's attributes. All lexicons go into one Aho-Corasick automaton, so a
document is scanned once for triggers, victim words, equipment, hedges, cues, …

Pattern syntax: a trailing `*` lets the last word take any suffix (اشتباك* matches
اشتباكات). Without it only short attached pronouns/plural endings listed in
`knowledge/data/morphology/clitics.tsv` (use `lexicon`) may follow. Attached clitics (و ف ب ل
ك س and the article, same file) may always precede the first word unless the pattern
starts with `^`. A `*` anywhere else is an error (the
loader rejects it): it would be matched literally and so never match.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick

from marsad.knowledge import morphology
from marsad.text.normalize import normalize

LEXICON_DIR = "knowledge/data/lexicons"

# Clitics (knowledge/data/morphology/clitics.tsv), each set with the empty form: a word
# may also stand bare.
_PREFIXES = frozenset(("", *morphology.proclitics("lexicon")))
_TAA_VARIANTS = frozenset({"triggers"})  # lexicons whose ة-final words also match their ت- forms
_NAME_PREFIXES = frozenset(("", *morphology.proclitics("name")))
# Short suffixes allowed after a word without `*`: pronouns and case/number endings.
_SUFFIXES = frozenset(("", *morphology.endings("lexicon")))
# ل + ال is written لل: a pattern that starts with the article also stands after these.
_LIL_PREFIXES = frozenset(morphology.article_in_preposition("lexicon"))
_ARTICLE = morphology.ARTICLE


@dataclass(frozen=True, slots=True)
class Entry:
    lexicon: str
    pattern: str  # normalised
    attrs: dict[str, str] = field(hash=False, compare=False)
    prefix_free: bool = True  # clitics may precede
    open_end: bool = False  # any suffix on the last word
    proper_name: bool = False  # no suffix; only و ف ب ل before it
    after_lil: bool = False  # the article merged into the preposition: "للقصف المدفعي" for "القصف المدفعي"

    def get(self, key: str, default: str = "") -> str:
        return self.attrs.get(key, default) or default


class Match(NamedTuple):
    """A tuple, not a dataclass: the scan makes thousands per article and every later step
    reads them, and a tuple is several times cheaper to build and to read."""

    start: int  # normalised offsets of the word(s), clitics included
    end: int
    entry: Entry
    lexicon: str  # the entry's lexicon, copied for the hot loops that sort and filter by it


class LexiconError(ValueError):
    """A lexicon row that cannot be matched as written."""


def check_pattern(raw: str, where: str) -> None:
    """Reject a `*` that is not the pattern's last character ("فتح* النار"): the automaton
    would look for a literal star, so the row would silently never match."""
    if "*" in raw.strip().rstrip("*"):
        raise LexiconError(
            f"{where}: pattern {raw!r} has a '*' before its end; only a trailing '*' "
            "(any suffix on the last word) is supported — write the forms out instead"
        )


def read_tsv(path: Traversable) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    numbered = [
        (n, line)
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]
    rows = list(csv.DictReader([line for _, line in numbered], delimiter="\t", quoting=csv.QUOTE_NONE))
    for (line_no, _), row in zip(numbered[1:], rows, strict=False):  # numbered[0] is the header
        raw = row.get("pattern")
        if raw and "*" in raw:
            check_pattern(raw, f"{path} line {line_no}")
    return rows


def lexicon_files() -> Iterator[tuple[str, Traversable]]:
    """(name, file) of every shipped lexicon, by name."""
    base = resources.files("marsad").joinpath(LEXICON_DIR)
    for item in sorted(base.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".tsv"):
            yield item.name[:-4], item


WORDLIST_DIR = "knowledge/data/wordlists"

# One named list of a word-list file: a set of words, a mapping word -> label, or one word.
WordList = frozenset[str] | dict[str, str] | str


def word_list_names() -> list[str]:
    """Names of the shipped word-list files (knowledge/data/wordlists/NAME.yaml)."""
    base = resources.files("marsad").joinpath(WORDLIST_DIR)
    return sorted(item.name[:-5] for item in base.iterdir() if item.name.endswith(".yaml"))


def normalize_word(word: object) -> str:
    """A word of a word list as the code compares it: normalised like the article text."""
    return normalize(str(word)).text.strip()


def parse_word_lists(raw: dict[str, Any]) -> dict[str, WordList]:
    """Normalise parsed YAML: a list becomes a frozenset, a mapping a dict, a word a str."""
    out: dict[str, WordList] = {}
    for key, value in raw.items():
        if isinstance(value, dict):
            out[key] = {normalize_word(k): normalize_word(v) for k, v in value.items()}
        elif isinstance(value, list):
            out[key] = frozenset(normalize_word(w) for w in value)
        else:
            out[key] = normalize_word(value)
    return out


def read_word_lists(name: str) -> dict[str, Any]:
    """The YAML of one word-list file as written (lists, mappings and words, unnormalised)."""
    import yaml

    with resources.files("marsad").joinpath(WORDLIST_DIR, f"{name}.yaml").open("r", encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


@cache
def load_word_lists(name: str) -> dict[str, WordList]:
    """Named word lists of one component (knowledge/data/wordlists/NAME.yaml): words the code
    compares tokens or short phrases with, not cues for the automaton. Each word is normalised
    like the article text; a list becomes a frozenset, a mapping a dict, a single word a str."""
    return parse_word_lists(read_word_lists(name))


def word_set(lists: dict[str, WordList], key: str) -> frozenset[str]:
    """One list of `lists` that must be a set of words."""
    value = lists[key]
    if not isinstance(value, frozenset):
        raise TypeError(f"word list {key!r} is not a list of words")
    return value


def word_map(lists: dict[str, WordList], key: str) -> dict[str, str]:
    """One list of `lists` that must be a mapping word -> label."""
    value = lists[key]
    if not isinstance(value, dict):
        raise TypeError(f"word list {key!r} is not a mapping")
    return value


def single_word(lists: dict[str, WordList], key: str) -> str:
    """One entry of `lists` that must be a single word."""
    value = lists[key]
    if not isinstance(value, str):
        raise TypeError(f"word list {key!r} is not a single word")
    return value


def load_rows(name: str) -> list[dict[str, str]]:
    """Rows of one lexicon file, as written (for data that is not matched in text)."""
    return read_tsv(resources.files("marsad").joinpath(LEXICON_DIR, f"{name}.tsv"))


class Lexicon:
    """All lexicons in one automaton. Build once (`Lexicon.default()`), share read-only."""

    def __init__(self, tables: dict[str, list[dict[str, str]]], names: frozenset[str] = frozenset()) -> None:
        """`names` lists lexicons of proper names (places, actors): their entries take
        no suffix and only the conjunction/preposition clitics و ف ب ل before them."""
        self.entries: dict[str, list[Entry]] = {}
        self._automaton = ahocorasick.Automaton()
        by_key: dict[str, list[Entry]] = {}
        for name, rows in tables.items():
            for row_no, row in enumerate(rows, start=1):
                raw = (row.get("pattern") or "").strip()
                if not raw:
                    continue
                if "*" in raw:
                    check_pattern(raw, f"lexicon {name!r} row {row_no}")
                prefix_free = not raw.startswith("^")
                open_end = raw.endswith("*")
                pattern = normalize(raw.strip("^*")).text.strip()
                attrs = {k: (v or "").strip() for k, v in row.items() if k != "pattern" and k}
                entry = Entry(name, pattern, attrs, prefix_free, open_end, name in names)
                self.entries.setdefault(name, []).append(entry)
                by_key.setdefault(pattern, []).append(entry)
                if pattern.startswith(_ARTICLE) and " " in pattern and prefix_free and name not in names:
                    # "للقصف المدفعي", "للطيران الحربي": the article hides in the preposition
                    # (phrases only: a single word's bare form would be looked at everywhere).
                    by_key.setdefault(pattern[len(_ARTICLE) :], []).append(
                        Entry(name, pattern, attrs, True, open_end, False, after_lil=True)
                    )
                if (
                    name in _TAA_VARIANTS
                    and pattern.endswith(morphology.FEMININE)
                    and " " not in pattern
                    and len(pattern) > 3
                ):
                    # Taa marbuta turns into ت before a suffix: غاره → غارتين، غارتان، غاراتها.
                    stem = pattern[: -len(morphology.FEMININE)] + morphology.FEMININE_BEFORE_SUFFIX
                    by_key.setdefault(stem, []).append(Entry(name, stem, attrs, prefix_free, True, False))
        for key, entries in by_key.items():
            # Keys that only name places/actors take the fast path in `scan`.
            names_only = all(e.proper_name and e.prefix_free for e in entries)
            self._automaton.add_word(key, (len(key), names_only, tuple(entries)))
        if by_key:
            self._automaton.make_automaton()
        self._empty = not by_key

    @classmethod
    @cache
    def default(cls) -> Lexicon:
        return cls({name: read_tsv(path) for name, path in lexicon_files()})

    @classmethod
    def from_files(cls, paths: list[Path]) -> Lexicon:
        return cls({p.stem: read_tsv(p) for p in paths})

    def scan(self, text: str) -> list[Match]:
        """All lexicon matches in normalised `text` that sit on word boundaries.

        Where matches of one lexicon overlap, the longest wins (so "هجوم انتحاري" beats
        "هجوم"). This is the engine's hot loop: boundary checks are inlined.
        """
        if self._empty:
            return []
        found: list[Match] = []
        n = len(text)
        prefixes = _PREFIXES
        name_prefixes = _NAME_PREFIXES
        suffixes = _SUFFIXES
        for end_idx, (length, names_only, entries) in self._automaton.iter(text):
            end = end_idx + 1
            start = end - length
            if names_only:
                # Most hits are names inside longer words: reject them before any other work.
                # A name takes no suffix and at most a one- or two-letter clitic (و ف ب ل).
                # Digits right after it are a missing space ("وإربد90 كلم شمال عمان").
                if end < n and text[end].isalpha():
                    continue
                if start and text[start - 1].isalnum():
                    if start >= 2 and text[start - 2].isalnum():
                        if (start > 2 and text[start - 3].isalnum()) or text[
                            start - 2 : start
                        ] not in name_prefixes:
                            continue
                    elif text[start - 1] not in name_prefixes:
                        continue
                for entry in entries:
                    found.append(Match(start, end, entry, entry.lexicon))
                continue
            left = start
            if start and text[start - 1].isalnum():
                i = start - 1
                while i > 0 and text[i - 1].isalnum() and start - i < 4:
                    i -= 1
                if (i > 0 and text[i - 1].isalnum()) or text[i:start] not in prefixes:
                    continue
                left = i
            j = end
            while j < n and text[j].isalnum():
                j += 1
            suffix = text[end:j]
            for entry in entries:
                if left != start and not entry.prefix_free:
                    continue
                if entry.after_lil and text[left:start] not in _LIL_PREFIXES:
                    continue
                if entry.proper_name:
                    if (not suffix or suffix.isdigit()) and text[left:start] in name_prefixes:
                        found.append(
                            Match(start, end, entry, entry.lexicon)
                        )  # the name itself, clitic left out
                    continue
                if entry.open_end or suffix in suffixes:
                    found.append(Match(left, j, entry, entry.lexicon))
        return _longest_per_lexicon(found)


def _longest_per_lexicon(matches: list[Match]) -> list[Match]:
    # One sort in the order the caller reads (start, longest span first), then per lexicon
    # the first match at each place wins: longest span, on equal spans the longer pattern
    # ("قتيلين" over "قتيل"+suffix). Ties between lexicons keep the lexicons' name order.
    matches.sort(key=lambda m: (m.start, m.start - m.end, m.lexicon, -len(m.entry.pattern)))
    kept: list[Match] = []
    last_end: dict[str, int] = {}
    end_of = last_end.get
    for m in matches:
        if m.start < end_of(m.lexicon, -1):
            continue
        kept.append(m)
        last_end[m.lexicon] = m.end
    return kept
