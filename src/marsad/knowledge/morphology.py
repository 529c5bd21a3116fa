"""The clitic inventory: proclitics, enclitics and short endings, as data.

Arabic writes conjunctions, prepositions, the article and the future particle onto the
next word ("وبالقصف") and pronouns and case/number endings onto its end ("قتلاهم").
Every matcher that looks past such letters takes its forms from here, so that the
engine has one definition of them (`knowledge/data/morphology/clitics.tsv`). The file
says which forms each matcher accepts ("uses"): a place name takes و ف ب ل but not the
article, a lexicon word takes all of them.

All forms are normalised like the article text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from marsad.text.normalize import normalize

CLITICS_FILE = "knowledge/data/morphology/clitics.tsv"
_COLUMNS = ["form", "kind", "parts", "gloss", "uses"]
KINDS = frozenset({"proclitic", "enclitic", "ending"})


class MorphologyError(ValueError):
    """A malformed row in the clitic inventory."""


@dataclass(frozen=True, slots=True)
class Clitic:
    form: str  # normalised, as written on the word
    kind: str  # proclitic | enclitic | ending
    parts: tuple[str, ...]  # its morphemes ("و", "ل", "ال" for "ولل")
    gloss: str  # what it is ("article", "her, it", "dual")
    uses: frozenset[str]  # matchers that accept it


def _norm(value: str) -> str:
    return normalize(value).text.strip()


def parse_clitics(text: str, where: str = CLITICS_FILE) -> tuple[Clitic, ...]:
    """Rows of a clitic table (tab-separated, `#` comments), normalised."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not lines or lines[0].split("\t") != _COLUMNS:
        raise MorphologyError(f"{where}: header must be {' '.join(_COLUMNS)}")
    out: list[Clitic] = []
    for line in lines[1:]:
        cols = line.split("\t")
        if len(cols) != len(_COLUMNS):
            raise MorphologyError(f"{where}: row {line!r} has {len(cols)} columns, not {len(_COLUMNS)}")
        form, kind, parts, gloss, uses = cols
        if kind not in KINDS:
            raise MorphologyError(f"{where}: row {line!r}: kind {kind!r} is not one of {sorted(KINDS)}")
        clitic = Clitic(
            _norm(form),
            kind,
            tuple(_norm(p) for p in parts.split("+")),
            gloss.strip(),
            frozenset(uses.split()),
        )
        head, last = "".join(clitic.parts[:-1]), clitic.parts[-1]
        # The article's alef drops after ل: ل + ال is written "لل".
        if clitic.form not in (head + last, head + last[1:]):
            raise MorphologyError(f"{where}: row {line!r}: parts do not spell the form")
        out.append(clitic)
    return tuple(out)


@cache
def clitics() -> tuple[Clitic, ...]:
    """The shipped inventory, in file order."""
    text = resources.files("marsad").joinpath(CLITICS_FILE).read_text(encoding="utf-8")
    return parse_clitics(text)


@cache  # matchers ask per word: rebuilding the set each time was a third of number parsing
def _forms(kinds: frozenset[str], use: str | None) -> tuple[str, ...]:
    found = {c.form for c in clitics() if c.kind in kinds and (use is None or use in c.uses)}
    return tuple(sorted(found, key=lambda f: (-len(f), f)))  # longest first: "وب" before "و"


def proclitics(use: str | None = None) -> tuple[str, ...]:
    """Proclitic forms a matcher (`use`) accepts, longest first; every one when `use` is None."""
    return _forms(frozenset({"proclitic"}), use)


def endings(use: str | None = None) -> tuple[str, ...]:
    """Enclitic pronouns and endings a matcher accepts, longest first."""
    return _forms(frozenset({"enclitic", "ending"}), use)


def article_in_preposition(use: str) -> tuple[str, ...]:
    """Forms of `use` in which ل swallowed the article's alef: "لل", "ولل"."""
    lil = (TO, ARTICLE)
    return tuple(c.form for c in clitics() if c.kind == "proclitic" and use in c.uses and c.parts[-2:] == lil)


def form_of(gloss: str) -> str:
    """The one form with this gloss ("article" → "ال")."""
    found = [c.form for c in clitics() if c.gloss == gloss]
    if len(found) != 1:
        raise MorphologyError(f"{CLITICS_FILE}: {len(found)} forms glossed {gloss!r}, expected one")
    return found[0]


def strip_proclitics(word: str, use: str | None = None, min_stem: int = 1) -> list[str]:
    """What is left of `word` after each proclitic of `use` it starts with, longest clitic
    first, keeping at least `min_stem` letters ("وبالقصف" → ["قصف", "القصف", "بالقصف"] for
    all forms). The word itself is not among them."""
    return list(_stems(word, use, min_stem))


@lru_cache(maxsize=1 << 16)
def _stems(word: str, use: str | None, min_stem: int) -> tuple[str, ...]:
    # Remembered: the number and word readers ask it of every token's neighbours, and a
    # report's vocabulary is small.
    return tuple(
        word[len(p) :] for p in proclitics(use) if word.startswith(p) and len(word) - len(p) >= min_stem
    )


def strip_proclitic(word: str, use: str | None = None, min_stem: int = 1) -> str:
    """`word` without its longest proclitic of `use` (itself when it has none)."""
    stems = _stems(word, use, min_stem)
    return stems[0] if stems else word


def strip_article(word: str, min_stem: int = 3) -> str:
    """`word` without a leading article when at least `min_stem` letters are left."""
    if word.startswith(ARTICLE) and len(word) - len(ARTICLE) >= min_stem:
        return word[len(ARTICLE) :]
    return word


PROCLITICS: frozenset[str] = frozenset(proclitics())
ENCLITICS: frozenset[str] = frozenset(endings())
ARTICLE: str = form_of("article")  # "ال"
AND: str = form_of("and")  # "و"
TO: str = form_of("to, for")  # "ل"
HER: str = form_of("her, it")  # "ها"
HIS: str = form_of("his, him")  # "ه"
THEIR_TWO: str = form_of("their two, them two")  # "هما"
DUAL: str = form_of("dual")  # "ان": "مقاتلان"
FEMININE: str = form_of("feminine")  # "ه": ة as normalised
FEMININE_BEFORE_SUFFIX: str = form_of("feminine before a suffix")  # "ت": "غارتين"
