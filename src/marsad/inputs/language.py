"""Language check without models: script shares, distinctive letters and function words.

The engine reads Arabic only; this tells Arabic from the languages that share its script
(Persian, Urdu, Kurdish, Pashto) and from Latin-script and other texts, so that such
items can be flagged instead of yielding invented events. The lists live in
`knowledge/data/language.tsv`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

LANGUAGE_DATA = Path(__file__).resolve().parents[1] / "knowledge" / "data" / "language.tsv"

# Only the head of a long text is looked at: language does not change mid-article,
# and the check must stay cheap next to extraction.
SAMPLE_CHARS = 3_000
# Below this many words of Arabic script, letter and word statistics are noise.
MIN_WORDS_FOR_STATISTICS = 8

# Words: runs of letters (with any Arabic diacritics inside); zero-width non-joiner splits
# Persian affixes ("می‌شود" → "می", "شود").
WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED])*")


@dataclass(frozen=True, slots=True)
class LanguageData:
    scripts: tuple[tuple[int, int, str], ...]  # (first code point, last code point, language or family)
    letters: dict[str, frozenset[str]]  # language -> distinctive letters
    words: dict[str, frozenset[str]]  # language -> folded function words
    families: dict[str, str]  # language -> script family ("Arab", "Latn", …) of its letters/words
    # Folding for word matching, so Persian typed with Arabic letters (and vice versa) still
    # matches; diacritics and tatweel are dropped in the same pass (str.translate table).
    fold: dict[int, str | None] = field(default_factory=dict)


def fold_word(word: str, data: LanguageData) -> str:
    """A word as the word lists are compared: folded and lower-cased."""
    return word.translate(data.fold).lower()


def _fold_entry(item: str, fold: dict[int, str | None], path: Path) -> None:
    if " " in item:
        src, dst = item.split(" ", 1)
        if len(src) != 1:
            raise ValueError(f"{path}: fold {item!r} must map one letter")
        fold[ord(src)] = dst
        return
    first, _, last = item.partition("-")
    for code in range(int(first, 16), int(last or first, 16) + 1):
        fold[code] = None


@cache
def language_data(path: Path = LANGUAGE_DATA) -> LanguageData:
    scripts: list[tuple[int, int, str]] = []
    letters: dict[str, set[str]] = {}
    words: dict[str, set[str]] = {}
    fold: dict[int, str | None] = {}
    header_seen = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        if not header_seen:
            header_seen = True
            if cols[:3] == ["kind", "language", "item"]:
                continue
        if len(cols) < 3:
            raise ValueError(f"{path}: malformed line {raw!r}")
        kind, language, item = cols[0], cols[1], cols[2]
        if kind == "script":
            first, last = item.split("-")
            scripts.append((int(first, 16), int(last, 16), language))
        elif kind == "letter":
            letters.setdefault(language, set()).add(item)
        elif kind == "word":
            words.setdefault(language, set()).add(item)
        elif kind == "fold":
            _fold_entry(item, fold, path)
        else:
            raise ValueError(f"{path}: unknown kind {kind!r}")
    ordered = tuple(sorted(scripts))
    words = {lang: {w.translate(fold).lower() for w in items} for lang, items in words.items()}
    families: dict[str, str] = {}
    for lang, items in [*letters.items(), *words.items()]:
        families.setdefault(lang, _script_of(ord(next(iter(items))[0]), ordered) or "other")
    return LanguageData(
        scripts=ordered,
        letters={k: frozenset(v) for k, v in letters.items()},
        words={k: frozenset(v) for k, v in words.items()},
        families=families,
        fold=fold,
    )


def _script_of(code: int, scripts: tuple[tuple[int, int, str], ...]) -> str | None:
    for first, last, name in scripts:
        if first <= code <= last:
            return name
    return None


@lru_cache(maxsize=1 << 16)
def _char_script(ch: str) -> str | None:
    """Script of one character under the default data file (cached: called per distinct character)."""
    return _script_of(ord(ch), language_data().scripts)


def _script_counts(chars: Counter[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for ch, n in chars.items():
        if ch.isalpha():
            counts[_char_script(ch) or "other"] += n
    return counts


def script_counts(text: str) -> Counter[str]:
    """Letters per script family or language (as named in the data file); "other" otherwise."""
    return _script_counts(Counter(text))


@cache
def arabic_script_run() -> re.Pattern[str]:
    """Pattern for a run of Arabic-script characters (ranges from the data file)."""
    ranges = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b, fam in language_data().scripts if fam == "Arab")
    return re.compile(f"[{ranges}]+")


def arabic_letter_share(text: str) -> float:
    """Share of letters that are in the Arabic script (0.0 when there are no letters)."""
    counts = script_counts(text[:SAMPLE_CHARS])
    total = sum(counts.values())
    return counts["Arab"] / total if total else 0.0


def _best_by_words(words: list[str], languages: list[str], data: LanguageData) -> tuple[str | None, float]:
    if not words:
        return None, 0.0
    best, best_share = None, 0.0
    for lang in languages:
        vocab = data.words.get(lang, frozenset())
        share = sum(1 for w in words if w in vocab) / len(words)
        if share > best_share:
            best, best_share = lang, share
    return best, best_share


def _arabic_script_language(
    sample: str, chars: Counter[str], n_arabic_letters: int, data: LanguageData
) -> str:
    others = [lang for lang, family in data.families.items() if family == "Arab" and lang != "ar"]
    ar_letters = sum(chars[ch] for ch in data.letters.get("ar", ()))
    if ar_letters >= 0.01 * n_arabic_letters and not any(
        chars[ch] for lang in others for ch in data.letters.get(lang, ())
    ):
        # Fast path for the common case: Arabic-only letters well present, no letter of the
        # other Arabic-script languages.
        return "ar"
    # Fold only distinct words: far fewer than characters.
    word_counts: Counter[str] = Counter()
    for word, n in Counter(WORD.findall(sample)).items():
        if _char_script(word[0]) == "Arab":
            word_counts[fold_word(word, data)] += n
    n_words = sum(word_counts.values())
    if n_words < MIN_WORDS_FOR_STATISTICS:
        return "ar"

    def evidence(lang: str) -> float:
        vocab = data.words.get(lang, frozenset())
        word_share = sum(word_counts.get(w, 0) for w in vocab) / n_words
        letter_share = sum(chars[ch] for ch in data.letters.get(lang, ())) / n_arabic_letters
        # Distinctive letters are a few percent of letters where they belong and ~0 elsewhere,
        # function words a quarter or more of words: weigh letters up to compare the two.
        return word_share + 5 * letter_share

    scores = {lang: evidence(lang) for lang, family in sorted(data.families.items()) if family == "Arab"}
    best = max(scores, key=lambda lang: (scores[lang], lang == "ar"))
    return best if scores[best] > scores.get("ar", 0.0) else "ar"


def detect_language(text: str) -> str:
    """Language code of a text: "ar", another code ("fa", "ur", "ckb", "ps", "en", "fr", …, or a script's
    usual language such as "he", "ru", "zh") or "unknown" when there are no letters or
    no list fits. Short texts mostly in Arabic script count as Arabic."""
    data = language_data()
    sample = text[:SAMPLE_CHARS]
    chars = Counter(sample)
    counts = _script_counts(chars)
    total = sum(counts.values())
    if total == 0:
        return "unknown"
    if counts["Arab"] / total >= 0.5:
        return _arabic_script_language(sample, chars, counts["Arab"], data)
    family, _ = counts.most_common(1)[0]
    if family == "Latn":
        words = [w.lower() for w in WORD.findall(sample)]
        latin = [lang for lang, fam in data.families.items() if fam == "Latn"]
        best, share = _best_by_words(words, sorted(latin), data)
        return best if best is not None and share >= 0.05 else "unknown"
    if family in ("Arab", "other"):
        return "unknown"
    if family == "zh" and counts["ja"] > 0:
        return "ja"  # Japanese mixes kana with Han characters
    return family
