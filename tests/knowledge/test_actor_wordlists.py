"""The actor word lists (knowledge/data/wordlists/actor_*.yaml) can match the text.

The code compares these words with the normalised article text, so a word kept in a form
normalisation changes ("الى" with alef maqsura, "حركة" with taa marbuta) could never match.
The files are written as spelled and normalised on load; these tests check every row as the
code receives it.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from typing import Any

import pytest
import yaml

from marsad.extract.actors import vocabulary
from marsad.knowledge.actors import aliases
from marsad.knowledge.lexicon import WORDLIST_DIR, load_word_lists
from marsad.text.normalize import normalize

FILES = ("actor_roles", "actor_names")


def _words(value: Any) -> Iterable[str]:
    """The words of a loaded list (a set, a tuple, a mapping's keys and values, or one word)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _words(k)
            yield from _words(v)
    else:
        for w in value:
            yield from _words(w)


def unmatchable(lists: dict[str, Any]) -> list[tuple[str, str]]:
    """(list, word) pairs the normalised text can never contain as written: a word that
    normalisation would change, or one it would leave empty."""
    return [
        (name, w) for name, value in lists.items() for w in _words(value) if not w or normalize(w).text != w
    ]


def _raw(name: str) -> dict[str, Any]:
    ref = resources.files("marsad").joinpath(WORDLIST_DIR, f"{name}.yaml")
    return yaml.safe_load(ref.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", FILES)
def test_every_loaded_row_can_match_normalised_text(name: str) -> None:
    loaded = load_word_lists(name)
    assert set(loaded) == set(_raw(name)), name  # no list lost on the way
    assert all(loaded.values()), name  # no list empty
    assert unmatchable(loaded) == []


@pytest.mark.parametrize("name", FILES)
def test_the_files_are_written_as_spelled_so_a_raw_load_would_fail(name: str) -> None:
    # The check bites: rows written with أ/إ/ة/ى, taken unnormalised, are reported.
    raw = _raw(name)
    bad = unmatchable(raw)
    assert bad, name
    assert all(normalize(w).text != w for _, w in bad)


def test_an_unnormalised_row_is_reported() -> None:
    assert unmatchable({"locatives": frozenset({"في", "الى"}), "article": {"plain": "ال"}}) == [
        ("locatives", "الى")
    ]
    assert unmatchable({"empty": ["\u064f"]}) == [("empty", "\u064f")]  # a lone diacritic vanishes


@pytest.mark.parametrize("module", [vocabulary, aliases])
def test_the_words_the_code_uses_are_normalised(module: Any) -> None:
    constants = {
        name: value
        for name, value in vars(module).items()
        if name.isupper() and not name.startswith("_") and isinstance(value, str | frozenset | tuple)
    }
    assert constants, module.__name__
    assert unmatchable(constants) == []


def test_the_locatives_hold_ila_as_the_text_writes_it() -> None:
    # The word list once held "الى", which the normalised text never contains.
    assert normalize("إلى").text in vocabulary.LOCATIVES
    assert "الى" not in vocabulary.LOCATIVES
