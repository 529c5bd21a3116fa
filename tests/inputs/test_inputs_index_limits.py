"""Issue 16 (found by bench/fuzz.py --mode metadata): an index.tsv with a cell over the csv
module's field limit made the reader raise; it is a broken index (an error entry), the article
is still read."""

from __future__ import annotations

from pathlib import Path

from marsad.inputs import iter_items


def test_a_huge_index_cell_is_an_error_not_an_exception(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("قتل ثلاثة مدنيين في غارة جوية على مدينة حلب.", encoding="utf-8")
    (tmp_path / "index.tsv").write_text(
        "id\tpublished\toutlet\na\t2024-03-05\t" + "و" * 200_000 + "\n", encoding="utf-8"
    )
    items = list(iter_items([tmp_path]))
    assert [i.id for i in items] == ["a"]
    assert items[0].text and any("index.tsv" in e for e in items[0].errors)
