"""The lexicon loader rejects patterns it could never match (a `*` before the end)."""

from pathlib import Path

import pytest

from marsad.knowledge.lexicon import Lexicon, LexiconError, lexicon_files, read_tsv
from marsad.text.normalize import normalize


def test_shipped_lexicons_have_no_inner_star() -> None:
    for name, path in lexicon_files():
        rows = read_tsv(path)  # raises on a bad row
        assert all("*" not in (r.get("pattern") or "").strip().rstrip("*") for r in rows), name


def test_inner_star_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "triggers.tsv"
    bad.write_text(
        "# comment line\npattern\tsub_event_type\nاشتباك*\tArmed clash\n\nفتح* النار\tArmed clash\n",
        encoding="utf-8",
    )
    with pytest.raises(LexiconError) as err:
        Lexicon.from_files([bad])
    message = str(err.value)
    assert "triggers.tsv line 5" in message and "فتح* النار" in message


def test_inner_star_rejected_in_tables_given_directly() -> None:
    with pytest.raises(LexiconError, match="lexicon 'triggers' row 2"):
        Lexicon({"triggers": [{"pattern": "اشتباك*"}, {"pattern": "اعترض* صاروخ"}]})


def test_trailing_star_still_matches_any_suffix() -> None:
    lexicon = Lexicon({"triggers": [{"pattern": "اشتباك*"}]})
    text = normalize("اندلعت اشتباكات عنيفة").text
    assert [text[m.start : m.end] for m in lexicon.scan(text)] == ["اشتباكات"]


def test_article_merged_into_the_preposition() -> None:
    # "للقصف المدفعي" is ل + "القصف المدفعي"; the entry keeps its own pattern.
    lexicon = Lexicon({"triggers": [{"pattern": "القصف المدفعي"}]})
    text = normalize("وسط تبادل للقصف المدفعي").text
    (m,) = lexicon.scan(text)
    assert text[m.start : m.end] == "للقصف المدفعي" and m.entry.pattern == "القصف المدفعي"
    # Only after ل: "بقصف المدفعي" is no form of it.
    assert lexicon.scan(normalize("بقصف المدفعي").text) == []
