"""Every row of every word list under knowledge/data can match after normalisation.

The engine compares its vocabulary with the article text normalised by
`marsad.text.normalize.normalize` (alef forms → ا, ة → ه, ى/ئ → ي, tatweel and harakat
dropped, …). A row that reaches its matcher in another form can never match: "المادة"
in a Python dict is looked up among tokens that read "الماده". So each check below takes
a row as written, puts it in an article the way the engine sees one (`normalize(row)`),
and asks the row's real loader and matcher whether they find it:

- lexicons/*.tsv (and actors/framing.tsv, fed to the same automaton): the row's own
  text, scanned by a `Lexicon` built from its file, must yield a match of that row over
  the whole text; the raw pattern must not carry spaces that `load_rows` readers keep.
- wordlists/*.yaml: the loaded list must hold the row normalised, and that form must be
  made of whole word tokens (the code compares tokens and token phrases with them).
- morphology/clitics.tsv: each form, loaded, is the normalised form and a single token.
- language.tsv: words are folded by the language check's own folding on both sides;
  each folded word must be one of its word tokens.

actors/*.yaml, actors/countries.tsv and geo/* are name tables keyed by `normalize_key`
on both sides by their own loaders (tested in tests/knowledge/test_actors.py and
tests/geo); any other file under knowledge/data makes the walk fail until it has a check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from marsad.inputs.language import LANGUAGE_DATA, language_data
from marsad.knowledge import morphology
from marsad.knowledge.lexicon import (
    Lexicon,
    WordList,
    lexicon_files,
    load_word_lists,
    parse_word_lists,
    read_tsv,
    read_word_lists,
    word_list_names,
)
from marsad.text.normalize import normalize

DATA = Path(str(resources.files("marsad").joinpath("knowledge/data")))
_TOKEN = re.compile(r"[^\W_]+")  # extract/tokens.py and extract/numbers.py split words so

# Name tables with loaders and tests of their own (see the module docstring).
_NAME_TABLES = ("actors/", "geo/")


def _article(raw: str) -> str:
    """A row as it stands in an article the engine reads."""
    return normalize(raw).text.strip()


# --- lexicons: the automaton ------------------------------------------------------------


def lexicon_rows_that_cannot_match(name: str, rows: list[dict[str, str]]) -> list[str]:
    """Patterns of one lexicon that its automaton does not find in their own text."""
    lexicon = Lexicon({name: rows})
    bad: list[str] = []
    for row in rows:
        raw = row.get("pattern") or ""
        text = _article(raw.strip("^*"))
        if raw != raw.strip() or not text or "  " in text:
            bad.append(raw)  # `load_rows` readers compare the pattern as written
            continue
        spans = {(m.start, m.end, m.entry.pattern) for m in lexicon.scan(text)}
        if (0, len(text), text) not in spans:
            bad.append(raw)
    return bad


@pytest.mark.parametrize("name", [name for name, _ in lexicon_files()])
def test_every_lexicon_row_matches_its_own_text(name: str) -> None:
    path = dict(lexicon_files())[name]
    assert lexicon_rows_that_cannot_match(name, read_tsv(path)) == []


def test_framing_words_match_as_fed_to_the_automaton() -> None:
    from marsad.knowledge.actors import ActorBase

    raw_words = [r["word"] for r in read_tsv(DATA / "actors" / "framing.tsv")]
    rows = [{"pattern": w, "meaning": m} for w, m in ActorBase.load().framing_words().items()]
    lexicon = Lexicon({"framing": rows})
    missing = []
    for raw in raw_words:
        text = _article(raw)
        if (0, len(text)) not in {(m.start, m.end) for m in lexicon.scan(text)}:
            missing.append(raw)
    assert missing == []


# --- word lists: token comparisons -------------------------------------------------------


def _words_of(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield str(v)
    elif isinstance(value, list):
        yield from (str(w) for w in value)
    else:
        yield str(value)


def _loaded_words(value: WordList) -> set[str]:
    if isinstance(value, dict):
        return set(value) | set(value.values())
    if isinstance(value, frozenset):
        return set(value)
    return {value}


def word_list_rows_that_cannot_match(raw: dict[str, Any], loaded: dict[str, WordList]) -> list[str]:
    """Words of a word-list file that are not loaded as the normalised, tokenised word, and
    loaded words that are not normalised (no token of an article can equal them)."""
    bad: set[str] = set()
    for key, value in raw.items():
        have = _loaded_words(loaded[key]) if key in loaded else set()
        for word in _words_of(value):
            text = _article(word)
            if text not in have or " ".join(_TOKEN.findall(text)) != text:
                bad.add(f"{key}: {word}")
        bad.update(f"{key}: {word}" for word in have if _article(word) != word)
    return sorted(bad)


@pytest.mark.parametrize("name", word_list_names())
def test_every_word_list_row_matches(name: str) -> None:
    assert word_list_rows_that_cannot_match(read_word_lists(name), load_word_lists(name)) == []


def test_word_lists_are_all_found() -> None:
    files = sorted(p.stem for p in (DATA / "wordlists").glob("*.yaml"))
    assert word_list_names() == files and "numbers" in files


# --- morphology and the language check ---------------------------------------------------


def test_every_clitic_is_a_normalised_token() -> None:
    raw_forms = [
        line.split("\t")[0]
        for line in (DATA / "morphology" / "clitics.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ][1:]
    loaded = [c.form for c in morphology.clitics()]
    assert loaded == [_article(f) for f in raw_forms]
    assert all(_TOKEN.fullmatch(f) for f in loaded)


def test_every_language_word_is_one_folded_token() -> None:
    from marsad.inputs import language

    data = language_data()
    bad = []
    for line in LANGUAGE_DATA.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 3 or cols[0] != "word":
            continue
        folded = language.fold_word(cols[2], data)
        if folded not in data.words.get(cols[1], frozenset()) or not language.WORD.fullmatch(folded):
            bad.append(cols[2])
    assert bad == []


# --- the walk ----------------------------------------------------------------------------


def _checked(rel: str) -> bool:
    return (
        rel.startswith(("lexicons/", "wordlists/", "morphology/"))
        or rel in ("language.tsv", "actors/framing.tsv")
        or rel.startswith(_NAME_TABLES)
    )


def test_every_data_file_has_a_check() -> None:
    files = [p.relative_to(DATA).as_posix() for p in DATA.rglob("*") if p.suffix in (".tsv", ".yaml")]
    assert files and [f for f in files if not _checked(f)] == []


# --- the checks catch the bug class ------------------------------------------------------


def test_unnormalised_word_list_row_is_caught() -> None:
    # The shape of the old numbers.py bug: a list read as written, never normalised.
    raw = {"before_not_count": {"الماده": "name", "المادة": "name", "الساعة": "time"}}
    as_written: dict[str, WordList] = {k: {str(a): str(b) for a, b in v.items()} for k, v in raw.items()}
    bad = word_list_rows_that_cannot_match(raw, as_written)
    assert bad == sorted(["before_not_count: المادة", "before_not_count: الساعة"])
    assert word_list_rows_that_cannot_match(raw, parse_word_lists(raw)) == []


def test_word_list_row_with_punctuation_is_caught() -> None:
    raw = {"after_not_count": ["%", "بالمئة"]}
    assert word_list_rows_that_cannot_match(raw, parse_word_lists(raw)) == ["after_not_count: %"]


def test_lexicon_row_that_cannot_match_is_caught() -> None:
    rows = [
        {"pattern": "قصف مدفعي"},
        {"pattern": "قصف  جوي"},  # two spaces: article text has one
        {"pattern": "ـــ"},  # only tatweel: nothing left after normalisation
        {"pattern": "غارة "},  # a trailing space a `load_rows` reader keeps
    ]
    assert lexicon_rows_that_cannot_match("triggers", rows) == ["قصف  جوي", "ـــ", "غارة "]


def test_unnormalised_lexicon_row_still_matches() -> None:
    # The automaton normalises its patterns, so a row spelled as usual is fine there.
    assert lexicon_rows_that_cannot_match("victims", [{"pattern": "جرحى"}, {"pattern": "إصابة"}]) == []
