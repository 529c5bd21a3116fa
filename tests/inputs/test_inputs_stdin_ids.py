"""Ids of articles piped in on stdin without one of their own: a stream has no file names, so
the id is a hash of the content (found by bench/fuzz.py --mode store: `stdin:N`, the line
number, gave line 1 of every run one id, and the article of a later run overwrote the
earlier one's as an "update")."""

from __future__ import annotations

import io
import json

from marsad.inputs import iter_items


def _ids(data: str) -> list[str]:
    return [item.id for item in iter_items(["-"], stdin=io.BytesIO(data.encode("utf-8")))]


def test_json_lines_without_ids_are_named_by_their_content() -> None:
    first = json.dumps({"text": "الخبر الأول"}, ensure_ascii=False)
    second = json.dumps({"text": "الخبر الثاني"}, ensure_ascii=False)
    run_one, run_two = _ids(first + "\n"), _ids(second + "\n")
    assert run_one != run_two  # line 1 of two runs, two articles
    assert _ids(first + "\n") == run_one  # the same line is the same article again
    both = _ids(f"{second}\n{first}\nnot json\n")
    assert both[:2] == run_two + run_one and all(i.startswith("stdin:") for i in both)
    assert _ids('{"id": "own", "text": "x"}\n') == ["own"]  # an id given is kept


def test_a_text_article_is_named_by_its_content() -> None:
    one, two = _ids("الخبر الأول"), _ids("الخبر الثاني")
    assert one != two and one == _ids("الخبر الأول")
    html = _ids("<html><body><p>الخبر</p></body></html>")
    assert html[0].startswith("stdin:") and html != one
