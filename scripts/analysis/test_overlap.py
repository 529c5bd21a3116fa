"""Find test strings that copy or paraphrase gold-set sentences (issue 15: tests must be our own).

Every Arabic string literal of tests/**/*.py (via ast) and every Arabic cell of tests/**/*.tsv is
compared with the sentences of dev, dev2 and dev3 after normalisation: a hit is a common
substring of >= 25 characters, or >= 40% of the string's character 5-grams found in one corpus
sentence (paraphrases keep most 5-grams even when words move).

usage: PYTHONPATH=src:scripts/analysis python scripts/analysis/test_overlap.py [--tsv out.tsv]
"""

from __future__ import annotations

import argparse
import ast
import re
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path

from corpus_sets import load_all

from marsad.text.normalize import normalize

ARABIC = re.compile(r"[\u0621-\u064a]")
MIN_COMMON = 25
MIN_SHARE = 0.4
GRAM = 5


def canon(text: str) -> str:
    return " ".join(normalize(text).text.split())


def grams(text: str) -> set[str]:
    return {text[i : i + GRAM] for i in range(len(text) - GRAM + 1)}


def python_strings(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and ARABIC.search(node.value):
            out.append((node.lineno, node.value))
    return out


def tsv_strings(path: Path) -> list[tuple[int, str]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        out += [(n, cell) for cell in line.split("\t") if ARABIC.search(cell)]
    return out


def test_strings(root: Path) -> list[tuple[str, int, str]]:
    out = []
    for path in sorted(root.rglob("*.py")):
        out += [(str(path.relative_to(root.parent)), n, s) for n, s in python_strings(path)]
    for path in sorted(root.rglob("*.tsv")):
        out += [(str(path.relative_to(root.parent)), n, s) for n, s in tsv_strings(path)]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tests", type=Path, default=Path(__file__).resolve().parents[2] / "tests")
    ap.add_argument("--tsv", type=Path)
    args = ap.parse_args()
    sentences = []  # (set, article id, canonical sentence)
    for art in load_all():
        sentences += [(art.set_name, art.article_id, canon(s.text)) for s in art.sentences]
    index: dict[str, set[int]] = defaultdict(set)
    for i, (_, _, text) in enumerate(sentences):
        for g in grams(text):
            index[g].add(i)
    rows = []
    for file, line, raw in test_strings(args.tests):
        text = canon(raw)
        if len(text) < MIN_COMMON:
            continue
        own = grams(text)
        hits = Counter(i for g in own for i in index.get(g, ()))
        if not hits:
            continue
        best_i, common, share = -1, 0, 0.0
        for i, shared in hits.most_common(5):
            m = SequenceMatcher(None, text, sentences[i][2], autojunk=False)
            size = m.find_longest_match(0, len(text), 0, len(sentences[i][2])).size
            if (size, shared) > (common, share * len(own)):
                best_i, common, share = i, size, shared / len(own)
        if common >= MIN_COMMON or share >= MIN_SHARE:
            set_name, aid, sent = sentences[best_i]
            rows.append((file, line, set_name, aid, common, round(share, 2), raw, sent))
    for r in rows:
        print(f"{r[0]}:{r[1]}\t{r[2]}/{r[3]}\tcommon={r[4]}\tshare={r[5]}\t{r[6][:70]}")
    print(f"{len(rows)} strings overlap gold-set sentences")
    if args.tsv:
        with args.tsv.open("w", encoding="utf-8") as fh:
            fh.write("file\tline\tset\tarticle_id\tcommon_chars\tgram_share\ttest_string\tcorpus_sentence\n")
            for r in rows:
                fh.write("\t".join(str(x).replace("\t", " ").replace("\n", " ") for x in r) + "\n")


if __name__ == "__main__":
    main()
