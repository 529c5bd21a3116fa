"""Reading the real corpus in ../shared (skipped when it is not there)."""

from __future__ import annotations

import itertools
import json
import tracemalloc
from pathlib import Path

import pytest
from input_samples import CORPUS

from marsad.inputs import iter_items

DEV_JSONL = CORPUS / "dev.jsonl"
DEV_DIR = CORPUS / "dev"
BULK = CORPUS / "bulk.jsonl.gz"

needs_corpus = pytest.mark.skipif(
    not DEV_JSONL.is_file() or not DEV_DIR.is_dir(), reason="../shared/corpus absent"
)


def _dev_rows() -> dict[str, dict[str, str]]:
    with DEV_JSONL.open(encoding="utf-8") as fh:
        return {row["id"]: row for row in map(json.loads, fh)}


@needs_corpus
def test_dev_jsonl() -> None:
    rows = _dev_rows()
    items = list(iter_items([DEV_JSONL]))
    assert len(items) == 50 == len({i.id for i in items})
    for item in items:
        row = rows[item.id]
        assert (item.text, item.source, item.published, item.title) == (
            row["text"],
            row["source"],
            row["published"],
            row["title"],
        )
        assert item.errors == [] and item.language == "ar"


@needs_corpus
@pytest.mark.parametrize("how", ["directory", "files"])
def test_dev_txt_with_index(how: str) -> None:
    rows = _dev_rows()
    # "files": every file of the folder, as a shell glob passes them (gold files and index included).
    paths: list[Path] = [DEV_DIR] if how == "directory" else sorted(DEV_DIR.iterdir())
    items = list(iter_items(paths))
    assert len(items) == 50 and {i.id for i in items} == set(rows)
    for item in items:
        row = rows[item.id]
        assert item.text == row["text"]  # the .txt is exactly the jsonl text
        assert item.published == row["published"] and item.published  # from index.tsv
        assert item.source == row["source"] and item.title == row["title"]
        assert item.errors == [] and item.language == "ar"
        assert item.origin == str(DEV_DIR / f"{item.id}.txt")


@pytest.mark.skipif(not BULK.is_file(), reason="../shared/corpus/bulk.jsonl.gz absent")
def test_bulk_streams_in_bounded_memory() -> None:
    tracemalloc.start()
    try:
        count = 0
        peak_after_100 = 0
        for item in itertools.islice(iter_items([BULK]), 1000):
            assert item.id.startswith("ant-") and item.text and item.published
            assert item.errors == [] and item.language == "ar"
            count += 1
            if count == 100:
                peak_after_100 = tracemalloc.get_traced_memory()[1]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 1000
    # Constant memory: the peak does not grow with the number of items read (holding the
    # 1000 items alone takes ~4 MB; the whole decompressed file ~100 MB). Streaming peaks
    # near 0.5 MB.
    assert peak < 2 * 2**20, peak
    assert peak < peak_after_100 + 2**20, (peak_after_100, peak)
