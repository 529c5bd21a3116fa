"""A sentence's cue words, and the role they give a candidate actor.

Roles come from Arabic word order and from cue words kept in the lexicon
``actor_role_cues.tsv``, strongest evidence first: a cue word right before or after the
name ("على مواقع X", "X تبنت"), or the verb that opens the clause (its subject is the
doer, unless the verb reads as passive).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from marsad.extract.actors.records import ActorCandidate, SentenceCues
from marsad.extract.actors.vocabulary import CLAUSE_OPENERS, WA
from marsad.knowledge.lexicon import Match
from marsad.text.doc import Doc

if TYPE_CHECKING:
    from marsad.extract.events import SentenceInfo
    from marsad.extract.tokens import Tokens

# Not words: punctuation that ends a clause, and digits of the normalised text.
_CLAUSE_BREAKS = set("،,.:;؛!?؟\n")
_DIGITS = set("0123456789٠١٢٣٤٥٦٧٨٩")
# A damma on a verb's first letters ("قُتل") marks it passive. The normaliser drops
# diacritics, so this is read off the original text and kept out of the word lists.
_DAMMA = "\u064f"

# (role, weight, clause subject) of a candidate.
Role = tuple[str, int, bool]


def sentence_cues(info: SentenceInfo, tokens: Tokens) -> SentenceCues:
    """The cue word covering each token, and the tokens that count people."""
    s = SentenceCues(info.start, info.end, tokens.index_at(info.start))
    for c in info.matches["actor_role_cues"]:
        for t in range(tokens.index_at(c.start), tokens.index_before(c.end) + 1):
            s.cue_at[t] = c
    for q in info.quantities:
        if not q.not_count:
            s.count_tokens.update(range(tokens.index_at(q.start), tokens.index_before(q.end) + 1))
    for lex in ("victims", "person_nouns"):
        for m in info.matches[lex]:
            s.count_tokens.update(range(tokens.index_at(m.start), tokens.index_before(m.end) + 1))
    return s


def cue(sent: SentenceCues, t: int) -> Match | None:
    return sent.cue_at.get(t)


def opens_clause(doc: Doc, tokens: Tokens, sent: SentenceCues, t: int) -> bool:
    """True when token t starts its sentence or a clause (after punctuation, or with و/ف)."""
    if t <= sent.first_token:
        return True
    between = doc.ntext[tokens.ends[t - 1] : tokens.starts[t]]
    if any(ch in _CLAUSE_BREAKS for ch in between):
        return True
    return tokens.words[t - 1] in CLAUSE_OPENERS


def is_passive(doc: Doc, tokens: Tokens, sent: SentenceCues, verb: Match, t: int) -> bool:
    """A killing verb read as passive: a damma on it, or a count right after it
    ("قتل 3 جنود من X"), not a name ("قتل مسلحون من X …": the name is its subject)."""
    if verb.entry.get("kill") != "1":
        return False
    original = doc.original_text(verb.start, verb.end)
    if _DAMMA in original[:4]:
        return True
    if t + 1 >= len(tokens) or t + 1 in sent.name_tokens:
        return False
    return t + 1 in sent.count_tokens or any(ch in _DIGITS for ch in tokens.words[t + 1])


def read_role(doc: Doc, tokens: Tokens, sent: SentenceCues, c: ActorCandidate, taken: set[int]) -> Role:
    """(role, weight, clause subject) of a candidate from the words around it; ``taken``
    are the first tokens of the other candidates, which no cue reaches across."""
    first = tokens.index_at(c.start)
    last = tokens.index_before(c.end)
    return (
        _verb_before(doc, tokens, sent, first, taken)
        or _cue_before(tokens, sent, c, first, taken)
        or _cue_after(tokens, sent, last, taken)
        or ("", 0, False)
    )


def _verb_before(doc: Doc, tokens: Tokens, sent: SentenceCues, first: int, taken: set[int]) -> Role | None:
    """A clause-opening verb right before the name (one or two head words may stand between:
    "قتل مسلحو X", "أطلق عناصر من X"): X is its subject, or its object when the verb reads
    as passive. None when no such verb decides."""
    for gap in range(0, 3):
        v = first - 1 - gap
        if v < sent.first_token or v in taken:
            return None
        c = cue(sent, v)
        if (
            c is not None
            and "verb" in c.entry.get("kind")
            and tokens.index_at(c.start) == v
            and opens_clause(doc, tokens, sent, v)
        ):
            if any(
                cue(sent, g) is not None and cue(sent, g).entry.get("before") == "target"
                for g in range(v + 1, first)
            ):
                return None
            if is_passive(doc, tokens, sent, c, v):
                return "target", 2, False
            return "agent", 2, True
        if c is not None and c.entry.get("kind") != "partitive":
            return None
    return None


def _cue_before(
    tokens: Tokens, sent: SentenceCues, cand: ActorCandidate, first: int, taken: set[int]
) -> Role | None:
    """The nearest cue word before the name, within three tokens: its ``before`` column
    ("على مواقع X": target), a partitive after a count ("مقتل 3 من عناصر X": target), or a
    launcher ("طائرة أطلقتها X"). None when no cue decides."""
    t = first - 1
    while t >= max(sent.first_token, first - 4):
        if t in taken:
            return None
        c = cue(sent, t)
        if c is None:
            t -= 1
            continue
        kind = c.entry.get("kind")
        if kind == "partitive":
            if any(g in sent.count_tokens for g in range(max(sent.first_token, t - 2), t)):
                return "target", 3, False
            t -= 1
            continue
        before = c.entry.get("before")
        if kind == "launcher":
            # The weapon's user, told in a relative clause: weaker than a main clause's doer;
            # the caller reads it by event type.
            return "launcher", 2, False
        if not before:
            return None
        if (
            before == "agent"
            and kind == "platform"
            and cand.mention is not None
            and not cand.mention.clitic
            and tokens.index_before(c.end) != first - 1
        ):
            return None
        return before, 3, False
    return None


def _cue_after(tokens: Tokens, sent: SentenceCues, last: int, taken: set[int]) -> Role | None:
    """A cue word right after the name: "X تبنت", "X شنت هجوما"."""
    for t in range(last + 1, min(len(tokens), last + 3)):
        if t in taken:
            return None
        c = cue(sent, t)
        if c is not None and c.entry.get("after"):
            return c.entry.get("after"), 3, False
    return None


def joined(doc: Doc, a: ActorCandidate, b: ActorCandidate) -> bool:
    """True when b follows a with only "و" between them ("X وY", "«X» و«Y»")."""
    between = doc.ntext[a.end : b.start]
    core = "".join(ch for ch in between if ch.isalnum())
    if core == WA:
        return True
    return core == "" and b.mention is not None and b.mention.clitic == WA
