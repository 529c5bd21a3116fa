from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest
from input_samples import (
    AR_ARTICLE,
    AR_BOMB,
    AR_CLASHES,
    AR_PROTEST,
    EN_TEXT,
    FA_TEXT,
    UR_TEXT,
    article,
    write_jsonl,
)

from marsad.inputs import InputItem, iter_items


def one(paths: list[str | Path] | str | Path, **kwargs: int) -> InputItem:
    items = list(iter_items(paths, **kwargs))
    assert len(items) == 1, items
    return items[0]


# --------------------------------------------------------------------------- .txt and index.tsv


def test_txt_with_index(tmp_path: Path) -> None:
    (tmp_path / "a-1.txt").write_text(AR_ARTICLE, encoding="utf-8")
    (tmp_path / "a-2.txt").write_text(AR_PROTEST, encoding="utf-8")
    (tmp_path / "index.tsv").write_text(
        "id\tpublished\toutlet\ttitle\n"
        "a-1\t2018-03-14T08:47:42+00:00\tوكالة الأنباء\tاشتباكات في ريف المدينة\n"
        "a-2\t2018-04-02\tSkyNews\t\n",
        encoding="utf-8",
    )
    items = list(iter_items([tmp_path]))
    assert [i.id for i in items] == ["a-1", "a-2"]
    first, second = items
    assert first.text == AR_ARTICLE and first.errors == [] and first.language == "ar"
    assert (first.published, first.source, first.title) == (
        "2018-03-14T08:47:42+00:00",
        "وكالة الأنباء",
        "اشتباكات في ريف المدينة",
    )
    assert first.origin == str(tmp_path / "a-1.txt")
    assert (second.published, second.source, second.title) == ("2018-04-02", "SkyNews", None)


def test_index_with_corpus_style_header(tmp_path: Path) -> None:
    # The header of ../shared/corpus/dev/index.tsv: extra columns, one with "|" and "()" in its name.
    (tmp_path / "x.txt").write_text(AR_CLASHES, encoding="utf-8")
    (tmp_path / "index.tsv").write_text(
        "id\toutlet\tpublished\ttitle\tkind(event|negative)\tsource_repo\tsource_path\tsource_commit\n"
        'x\tBBC\t2018-05-01T10:00:00+00:00\tعنوان "مقتبس"\tevent\trepo\tpath\tabc\n',
        encoding="utf-8",
    )
    item = one(tmp_path / "x.txt")
    assert (item.source, item.published, item.title) == ("BBC", "2018-05-01T10:00:00+00:00", 'عنوان "مقتبس"')


def test_txt_without_index_and_not_in_index(tmp_path: Path) -> None:
    (tmp_path / "solo.txt").write_text(AR_CLASHES, encoding="utf-8")
    item = one(tmp_path / "solo.txt")
    assert (item.id, item.published, item.source, item.errors) == ("solo", None, None, [])
    (tmp_path / "index.tsv").write_text("id\tpublished\toutlet\nother\t2018-01-01\tX\n", encoding="utf-8")
    item = one(tmp_path / "solo.txt")
    assert item.published is None and item.errors == ["id not listed in index.tsv"]
    assert item.text == AR_CLASHES


def test_broken_index_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(AR_CLASHES, encoding="utf-8")
    (tmp_path / "index.tsv").write_text("name\tdate\nfoo\tbar\n", encoding="utf-8")
    item = one(tmp_path / "a.txt")
    assert item.errors == ["index.tsv: no 'id' column"] and item.text == AR_CLASHES


@pytest.mark.parametrize("codec", ["cp1256", "iso8859_6", "utf-16", "utf-16-le", "utf-16-be"])
def test_legacy_encoded_txt(tmp_path: Path, codec: str) -> None:
    text = f"{AR_CLASHES}\n{AR_BOMB}\n"
    (tmp_path / "legacy.txt").write_bytes(text.encode(codec))
    item = one(tmp_path / "legacy.txt")
    assert item.text == text
    assert item.language == "ar"
    assert len(item.errors) == 1 and item.errors[0].startswith("decoded from ")


def test_index_in_cp1256(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(AR_CLASHES, encoding="utf-8")
    (tmp_path / "index.tsv").write_bytes(
        "id\tpublished\toutlet\na\t2018-02-02\tقناة المنار\n".encode("cp1256")
    )
    assert one(tmp_path / "a.txt").source == "قناة المنار"


# --------------------------------------------------------------------------- bad text content


def test_empty_and_whitespace_only_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "spaces.txt").write_text(" \n\t\r\n  \n", encoding="utf-8")
    (tmp_path / "invisible.txt").write_text("\u200b\u200f \u202b\ufeff\n", encoding="utf-8")
    items = list(iter_items([tmp_path]))
    assert [i.id for i in items] == ["empty", "invisible", "spaces"]
    for item in items:
        assert item.text == "" and item.errors == ["empty text"] and item.language == "unknown"


def test_pdf_and_binary_files(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(
        b"%PDF-1.5\n%\xb5\xed\xae\xfb\n3 0 obj\n<< /Length 4 0 R /Filter /FlateDecode >>\nstream\n\x78\x9c\x00"
    )
    fake_txt = tmp_path / "scan.txt"
    fake_txt.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(256)) * 40)
    items = list(iter_items([pdf, fake_txt, noise]))
    assert [(i.id, i.text, i.errors) for i in items[:2]] == [
        ("report", "", ["binary content (PDF)"]),
        ("scan", "", ["binary content (PNG image)"]),
    ]
    assert items[2].text == "" and items[2].errors[-1].startswith("binary content")


def test_nul_bytes_removed_and_invisible_controls_kept(tmp_path: Path) -> None:
    text = "\u200fقال\u200b مصدر\u202b أمني\u202c\u2066 إن\u2069 " + AR_CLASHES
    (tmp_path / "c.txt").write_text(text.replace("مصدر", "مص\x00در\x00"), encoding="utf-8")
    item = one(tmp_path / "c.txt")
    assert item.text == text
    assert item.errors == ["removed 2 NUL character(s)"]
    assert item.language == "ar"


def test_huge_single_text_is_truncated(tmp_path: Path) -> None:
    body = (AR_CLASHES + "\n") * 20
    (tmp_path / "big.txt").write_text(body, encoding="utf-8")
    item = one(tmp_path / "big.txt", max_chars=1000)
    assert item.text == body[:1000]
    assert item.errors == [f"text truncated at 1,000 characters (input has {len(body.encode()):,} bytes)"]


def test_fifty_megabyte_text_file(tmp_path: Path) -> None:
    # The case: a 50 MB single text with no punctuation, read with the default limit.
    words = "قصف مدفعي عنيف على مواقع المسلحين في الريف الشمالي "
    chunk = (words * 2000).encode("utf-8")
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        for _ in range(50 * 2**20 // len(chunk) + 1):
            fh.write(chunk)
    item = one(path)
    assert len(item.text) == 5_000_000
    assert item.text.startswith(words)
    assert len(item.errors) == 1 and item.errors[0].startswith("text truncated at 5,000,000 characters")
    assert item.language == "ar"


@pytest.mark.parametrize(("text", "language"), [(FA_TEXT, "fa"), (UR_TEXT, "ur"), (EN_TEXT, "en")])
def test_non_arabic_text_is_flagged(tmp_path: Path, text: str, language: str) -> None:
    (tmp_path / "other.txt").write_text(text, encoding="utf-8")
    item = one(tmp_path / "other.txt")
    assert item.text == text  # kept: the engine decides what to do with it
    assert item.language == language
    assert item.errors == [f"language: {language} (not Arabic)"]


def test_long_unpunctuated_sentence_is_read_whole(tmp_path: Path) -> None:
    words = ("قوات " * 10_000).strip()
    (tmp_path / "long.txt").write_text(words, encoding="utf-8")
    item = one(tmp_path / "long.txt")
    assert item.text == words and item.errors == []


# --------------------------------------------------------------------------- JSON lines


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(article("ok-1", AR_ARTICLE), ensure_ascii=False),
        "",
        "   ",
        '{"id": "broken", "text": "نص',
        json.dumps({"id": "no-text", "source": "X"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "num-text", "text": 42}),
        json.dumps({"source": "Y", "text": AR_BOMB}, ensure_ascii=False),
        json.dumps(article("empty", "   ")),
        json.dumps({"id": 77, "published": 20180314, "title": ["x"], "text": AR_PROTEST}, ensure_ascii=False),
        json.dumps(article("fa-1", FA_TEXT), ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_items([path]))
    got = [(i.id, i.origin.rsplit(":", 1)[1], i.errors) for i in items]
    assert got == [
        ("ok-1", "1", []),
        ("feed:4", "4", ["invalid JSON on line 4: Unterminated string starting at (column 26)"]),
        ("no-text", "5", ["missing field 'text'"]),
        ("feed:6", "6", ["expected a JSON object on line 6, got list"]),
        ("num-text", "7", ["field 'text' is not a string (int)"]),
        ("feed:8", "8", ["missing field 'id'"]),
        ("empty", "9", ["empty text"]),
        (
            "77",
            "10",
            [
                "field 'title' is not a string; ignored",
                "published date not understood ('20180314'): set to null",
            ],
        ),
        ("fa-1", "11", ["language: fa (not Arabic)"]),
    ]
    ok = items[0]
    assert (ok.text, ok.source, ok.published, ok.title, ok.language) == (
        AR_ARTICLE,
        "Test Agency",
        "2018-03-14T08:00:00+00:00",
        "t",
        "ar",
    )
    assert items[1].text == "" and items[2].text == "" and items[2].source == "X"
    # The engine and the store read only ISO dates: anything else is dropped at the edge, said once.
    assert items[7].published is None and items[7].title is None
    assert all(i.text == "" for i in items[1:5])


def test_jsonl_gz_and_truncated_text(tmp_path: Path) -> None:
    path = tmp_path / "bulk.jsonl.gz"
    rows = [article(f"g-{n}", (AR_CLASHES + " ") * 50) for n in range(5)]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    items = list(iter_items([path], max_chars=500))
    assert [i.id for i in items] == [f"g-{n}" for n in range(5)]
    assert all(len(i.text) == 500 for i in items)
    assert items[0].errors == [
        f"text truncated at 500 characters (input has {len(rows[0]['text']):,} characters)"
    ]


def test_corrupt_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    payload = "".join(
        json.dumps(article(f"c-{n}", f"{AR_CLASHES} {n} {'س' * (n * 97 % 4000)}"), ensure_ascii=False) + "\n"
        for n in range(400)
    )
    data = gzip.compress(payload.encode("utf-8"))
    path.write_bytes(data[: len(data) // 2])
    items = list(iter_items([path]))
    good, last = items[:-1], items[-1]
    assert len(good) > 10 and all(i.errors == [] for i in good)
    assert [i.id for i in good] == [f"c-{n}" for n in range(len(good))]
    assert last.text == "" and last.errors[0].startswith(f"cannot read file after line {len(good)}")


def test_not_gzip_named_gz(tmp_path: Path) -> None:
    path = tmp_path / "plain.jsonl.gz"
    write_jsonl(path, [article("p", AR_CLASHES)])
    item = one(path)
    assert item.text == "" and item.errors[0].startswith("cannot read file")


def test_jsonl_in_cp1256_and_utf16(tmp_path: Path) -> None:
    rows = [article("e-1", AR_CLASHES), article("e-2", AR_BOMB)]
    payload = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    for codec in ("cp1256", "utf-16"):
        path = tmp_path / f"feed-{codec}.jsonl"
        path.write_bytes(payload.encode(codec))
        items = list(iter_items([path]))
        assert [i.text for i in items] == [AR_CLASHES, AR_BOMB]
        assert all(len(i.errors) == 1 and i.errors[0].startswith("decoded from") for i in items)


def test_jsonl_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "win.jsonl"
    payload = "\r\n".join(json.dumps(article(f"w{n}", AR_CLASHES), ensure_ascii=False) for n in range(3))
    path.write_bytes(b"\xef\xbb\xbf" + payload.encode("utf-8"))
    items = list(iter_items([path]))
    assert [(i.id, i.errors) for i in items] == [("w0", []), ("w1", []), ("w2", [])]


# --------------------------------------------------------------------------- .json


def test_json_object_list_and_errors(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(
        json.dumps(article("j1", AR_CLASHES), ensure_ascii=False), encoding="utf-8"
    )
    (tmp_path / "many.json").write_text(
        json.dumps([article("j2", AR_BOMB), {"id": "j3"}, "text"], ensure_ascii=False), encoding="utf-8"
    )
    (tmp_path / "bad.json").write_text('{"id": "j4", "text": }', encoding="utf-8")
    (tmp_path / "lines.json").write_text(
        json.dumps(article("j5", AR_PROTEST), ensure_ascii=False) + "\n" + json.dumps(article("j6", AR_BOMB)),
        encoding="utf-8",
    )
    (tmp_path / "x.gold.json").write_text(json.dumps({"article_id": "x", "events": []}), encoding="utf-8")
    items = {i.id: i for i in iter_items([tmp_path])}
    assert sorted(items) == ["bad", "j1", "j2", "j3", "j5", "j6", "many:3"]
    assert items["j1"].text == AR_CLASHES and items["j1"].origin == str(tmp_path / "one.json")
    assert items["j2"].origin == f"{tmp_path / 'many.json'}[1]"
    assert items["j3"].errors == ["missing field 'text'"]
    assert items["many:3"].errors == ["expected a JSON object at position 3, got str"]
    assert items["bad"].errors == ["invalid JSON: Expecting value (line 1, column 22)"]
    assert items["j5"].text == AR_PROTEST and items["j6"].text == AR_BOMB


# --------------------------------------------------------------------------- .html


PAGE = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>اشتباكات في ريف المدينة</title>
<meta property="article:published_time" content="2018-03-14T08:47:42+00:00">
<script>var tracking = "لا تظهر";</script><style>p {{ color: red }}</style></head>
<body><nav><a href="/">الرئيسية</a> | <a href="/news">أخبار</a></nav>
<article><h1>اشتباكات في ريف المدينة</h1>
<p>{AR_CLASHES}</p><p>{AR_BOMB}</p><p>{AR_PROTEST} {AR_CLASHES}</p></article>
<footer>جميع الحقوق محفوظة</footer></body></html>"""


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    item = one(tmp_path / "page.html")
    assert AR_CLASHES in item.text and AR_BOMB in item.text
    assert "var tracking" not in item.text and "color: red" not in item.text
    assert "جميع الحقوق محفوظة" not in item.text
    assert item.title == "اشتباكات في ريف المدينة"
    assert item.published == "2018-03-14"
    assert (item.id, item.language, item.errors) == ("page", "ar", [])


def test_short_html_falls_back_to_tag_stripping(tmp_path: Path) -> None:
    # Text only in a <footer>: trafilatura finds no main text there.
    (tmp_path / "short.htm").write_text(
        "<html><head><title>خبر</title><script>x=1</script></head><body><footer>غارة على القرية</footer></body></html>",
        encoding="utf-8",
    )
    item = one(tmp_path / "short.htm")
    assert item.text == "غارة على القرية"
    assert item.title == "خبر"
    assert item.errors == ["html: no main text found; all page text kept"]


@pytest.mark.parametrize(
    "markup",
    [
        f"<html><body><div><p>{AR_CLASHES}<b>{AR_BOMB}<i></div></body",  # unclosed tags
        f"<p>{AR_CLASHES}</p><<<>>><!-- never closed <p>{AR_BOMB}",
        f"<html><body><table><tr><td>{AR_CLASHES}<td><p>{AR_BOMB}</table></tr></body></html></html>",
        f"</p></div>{AR_CLASHES}<p <p <p>>{AR_BOMB}</",
    ],
)
def test_broken_html_does_not_crash(tmp_path: Path, markup: str) -> None:
    (tmp_path / "broken.html").write_text(markup, encoding="utf-8")
    item = one(tmp_path / "broken.html")
    assert AR_CLASHES in item.text
    assert item.language == "ar"


def test_html_without_text_and_binary_html(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text("<html><head><script>a()</script></head><body></body></html>")
    (tmp_path / "garbage.html").write_bytes(b"%PDF-1.4 not really html")
    items = list(iter_items([tmp_path]))
    assert [(i.id, i.text, i.errors) for i in items] == [
        ("empty", "", ["empty text"]),
        ("garbage", "", ["binary content (PDF)"]),
    ]


def test_html_in_cp1256_with_meta_charset(tmp_path: Path) -> None:
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1256">')
    (tmp_path / "legacy.html").write_bytes(page.encode("cp1256"))
    item = one(tmp_path / "legacy.html")
    assert AR_CLASHES in item.text and item.title == "اشتباكات في ريف المدينة"
    assert item.errors == ["decoded from cp1256"]


# --------------------------------------------------------------------------- stdin


def test_stdin_jsonl() -> None:
    payload = "\n\n" + "\n".join(
        json.dumps(article(f"s{n}", AR_CLASHES), ensure_ascii=False) for n in range(3)
    )
    items = list(iter_items(["-"], stdin=io.BytesIO(payload.encode("utf-8"))))
    assert [(i.id, i.origin, i.text) for i in items] == [
        (f"s{n}", f"<stdin>:{n + 3}", AR_CLASHES) for n in range(3)
    ]


def test_stdin_text_from_sys_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.TextIOWrapper(io.BytesIO(("\n  " + AR_ARTICLE).encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stream)
    item = one("-")
    assert (item.origin, item.text, item.errors) == ("<stdin>", "\n  " + AR_ARTICLE, [])
    assert item.id.startswith("stdin:") and len(item.id) == len("stdin:") + 16


def test_stdin_variants() -> None:
    assert one("-", stdin=io.BytesIO(AR_CLASHES.encode("cp1256"))).text == AR_CLASHES
    utf16 = one("-", stdin=io.BytesIO(AR_CLASHES.encode("utf-16")))
    assert utf16.text == AR_CLASHES and utf16.errors == ["decoded from utf-16-le"]
    utf16_lines = list(
        iter_items(
            "-",
            stdin=io.BytesIO((json.dumps(article("u", AR_BOMB), ensure_ascii=False) + "\n").encode("utf-16")),
        )
    )
    assert [(i.id, i.text) for i in utf16_lines] == [("u", AR_BOMB)]
    empty = one("-", stdin=io.BytesIO(b""))
    assert empty.text == "" and empty.errors == ["empty text"]
    page = one("-", stdin=io.BytesIO(PAGE.encode("utf-8")))
    assert AR_CLASHES in page.text and page.title == "اشتباكات في ريف المدينة"
    text_stream = one("-", stdin=io.StringIO(AR_PROTEST))
    assert text_stream.text == AR_PROTEST


# --------------------------------------------------------------------------- paths and directories


def test_directory_walk_is_sorted_and_filtered(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "z.txt").write_text(AR_CLASHES, encoding="utf-8")
    (tmp_path / "a" / "y.htm").write_text(f"<p>{AR_BOMB}</p>", encoding="utf-8")
    (tmp_path / "a" / "x.jsonl").write_text(json.dumps(article("xj", AR_PROTEST), ensure_ascii=False) + "\n")
    (tmp_path / "top.TXT").write_text(AR_PROTEST, encoding="utf-8")
    (tmp_path / "top.gold.json").write_text("{}", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden" / "h.txt").write_text(AR_CLASHES, encoding="utf-8")
    (tmp_path / ".dot.txt").write_text(AR_CLASHES, encoding="utf-8")
    first = [i.id for i in iter_items([tmp_path])]
    # Ids are paths relative to the folder given: a/y and b/y could not collide.
    assert first == ["top", "xj", "a/y", "b/z"]
    assert [i.id for i in iter_items([tmp_path])] == first


def test_explicit_paths_keep_their_order_and_skip_sidecars(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(AR_CLASHES, encoding="utf-8")
    (tmp_path / "a.txt").write_text(AR_BOMB, encoding="utf-8")
    (tmp_path / "index.tsv").write_text("id\tpublished\toutlet\na\t2018-01-01\tX\nb\t2018-01-02\tY\n")
    (tmp_path / "a.gold.json").write_text("{}", encoding="utf-8")
    (tmp_path / "note").write_text(AR_PROTEST, encoding="utf-8")  # no extension: read as text
    paths = [
        tmp_path / "b.txt",
        tmp_path / "index.tsv",
        tmp_path / "a.gold.json",
        tmp_path / "a.txt",
        tmp_path / "note",
    ]
    items = list(iter_items(paths))
    assert [(i.id, i.published) for i in items] == [("b", "2018-01-02"), ("a", "2018-01-01"), ("note", None)]
    assert items[2].errors == ["id not listed in index.tsv"]


def test_missing_path_and_single_path_argument(tmp_path: Path) -> None:
    item = one([tmp_path / "nowhere.jsonl.gz"])
    assert (item.id, item.text, item.errors) == ("nowhere", "", ["file not found"])
    (tmp_path / "a.txt").write_text(AR_CLASHES, encoding="utf-8")
    assert one(str(tmp_path / "a.txt")).text == AR_CLASHES


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated: the tests may run as root, for whom file permissions do not apply.
    import marsad.inputs.readers as readers

    def refuse(path: Path, max_chars: int) -> readers.FileBytes:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(readers, "read_head", refuse)
    (tmp_path / "locked.txt").write_text(AR_CLASHES, encoding="utf-8")
    (tmp_path / "locked.html").write_text(PAGE, encoding="utf-8")
    items = list(iter_items([tmp_path]))
    # Two files share the stem "locked": each id keeps its extension.
    assert [(i.id, i.text, i.errors) for i in items] == [
        ("locked.html", "", ["cannot read file: Permission denied"]),
        ("locked.txt", "", ["cannot read file: Permission denied"]),
    ]


def test_items_are_lazy(tmp_path: Path) -> None:
    path = tmp_path / "lazy.jsonl"
    write_jsonl(path, [article("l1", AR_CLASHES)])
    items = iter_items([path, tmp_path / "missing.txt"])
    assert next(items).id == "l1"  # the missing second path has not been looked at yet
    (tmp_path / "missing.txt").write_text(AR_BOMB, encoding="utf-8")
    assert next(items).text == AR_BOMB


def test_to_dict_is_engine_input() -> None:
    item = InputItem(id="a", text=AR_CLASHES, source="S", published="2018-01-01", title="t", origin="f:1")
    assert item.to_dict() == {
        "id": "a",
        "text": AR_CLASHES,
        "source": "S",
        "published": "2018-01-01",
        "title": "t",
        "origin": "f:1",
        "errors": [],
        "language": "unknown",
    }
