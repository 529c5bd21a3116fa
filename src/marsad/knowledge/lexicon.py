"""Lexicons as data: TSV files under knowledge/data/lexicons, matched in one pass.

Every lexicon row has a `pattern` column (Arabic, normalised on load) and further columns
that become the entry's attributes. All lexicons go into one Aho-Corasick automaton, so a
document is scanned once for triggers, victim words, equipment, hedges, cues, …

Pattern syntax: a trailing `*` lets the last word take any suffix (اشتباك* matches
اشتباكات). Without it only short attached pronouns/plural endings listed in
`_SUFFIXES` may follow. Attached clitics (و ف ب ل ك and the article) may always precede
the first word unless the pattern starts with `^`. A `*` anywhere else is an error (the
loader rejects it): it would be matched literally and so never match.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick

from marsad.text.normalize import normalize

LEXICON_DIR = "knowledge/data/lexicons"

# Clitic prefixes that may stand before a lexicon word (normalised forms).
_PREFIXES = (
    "",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
    "ال",
    "وال",
    "فال",
    "بال",
    "كال",
    "لل",
    "ولل",
    "وب",
    "ول",
    "فب",
    "فل",
    "وك",
    "س",
    "وس",
)
_TAA_VARIANTS = frozenset({"triggers"})  # lexicons whose ة-final words also match their ت- forms
_NAME_PREFIXES = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")
# Short suffixes allowed after a word without `*`: pronouns and case/number endings.
_SUFFIXES = ("", "ه", "ها", "هم", "هما", "هن", "ي", "ا", "ين", "ون", "ان", "ات", "يه")
# ل + ال is written لل: a pattern that starts with the article also stands after these.
_LIL_PREFIXES = ("لل", "ولل", "فلل")


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


@dataclass(frozen=True, slots=True)
class Match:
    start: int  # normalised offsets of the word(s), clitics included
    end: int
    entry: Entry

    @property
    def lexicon(self) -> str:
        return self.entry.lexicon


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


def _read_tsv(path: Any) -> list[dict[str, str]]:
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


def _lexicon_files() -> Iterator[tuple[str, Any]]:
    base = resources.files("marsad").joinpath(LEXICON_DIR)
    for item in sorted(base.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".tsv"):
            yield item.name[:-4], item


WORDLIST_DIR = "knowledge/data/wordlists"


@cache
def load_word_lists(name: str) -> dict[str, Any]:
    """Named word lists of one component (knowledge/data/wordlists/NAME.yaml): words the code
    compares tokens or short phrases with, not cues for the automaton. Each word is normalised
    like the article text; a list becomes a frozenset, a mapping a dict."""
    import yaml

    with resources.files("marsad").joinpath(WORDLIST_DIR, f"{name}.yaml").open("r", encoding="utf-8") as fh:
        raw = yaml.safe_load(fh) or {}

    def norm(word: Any) -> str:
        return normalize(str(word)).text.strip()

    return {
        key: (
            {norm(k): norm(v) for k, v in value.items()}
            if isinstance(value, dict)
            else frozenset(norm(w) for w in value)
        )
        for key, value in raw.items()
    }


def load_rows(name: str) -> list[dict[str, str]]:
    """Rows of one lexicon file, as written (for data that is not matched in text)."""
    return _read_tsv(resources.files("marsad").joinpath(LEXICON_DIR, f"{name}.tsv"))


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
                if pattern.startswith("ال") and " " in pattern and prefix_free and name not in names:
                    # "للقصف المدفعي", "للطيران الحربي": the article hides in the preposition
                    # (phrases only: a single word's bare form would be looked at everywhere).
                    by_key.setdefault(pattern[2:], []).append(
                        Entry(name, pattern, attrs, True, open_end, False, after_lil=True)
                    )
                if (
                    name in _TAA_VARIANTS
                    and pattern.endswith("ه")
                    and " " not in pattern
                    and len(pattern) > 3
                ):
                    # Taa marbuta turns into ت before a suffix: غاره → غارتين، غارتان، غاراتها.
                    stem = pattern[:-1] + "ت"
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
        return cls({name: _read_tsv(path) for name, path in _lexicon_files()})

    @classmethod
    def from_files(cls, paths: list[Path]) -> Lexicon:
        return cls({p.stem: _read_tsv(p) for p in paths})

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
                if end < n and text[end].isalnum():
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
                    found.append(Match(start, end, entry))
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
                    if not suffix and text[left:start] in name_prefixes:
                        found.append(Match(start, end, entry))  # the name itself, clitic left out
                    continue
                if entry.open_end or suffix in suffixes:
                    found.append(Match(left, j, entry))
        return _longest_per_lexicon(found)


def _longest_per_lexicon(matches: list[Match]) -> list[Match]:
    # Longest span first; on equal spans the longer pattern ("قتيلين" over "قتيل"+suffix).
    matches.sort(key=lambda m: (m.lexicon, m.start, -(m.end - m.start), -len(m.entry.pattern)))
    kept: list[Match] = []
    last_end: dict[str, int] = {}
    for m in matches:
        if m.start < last_end.get(m.lexicon, -1):
            continue
        kept.append(m)
        last_end[m.lexicon] = m.end
    kept.sort(key=lambda m: (m.start, -(m.end - m.start)))
    return kept
