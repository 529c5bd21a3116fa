"""Hostile inputs at the reader (issue 16): lone surrogates, dates at the edge, colliding ids,
special files, missing paths, damaged UTF-8 and a missing HTML library. Every test here failed
on the readers before the fix (a hang, a crash, a lost record or a silent collision)."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from marsad.extract.pipeline import extract_record
from marsad.inputs import InputItem, iter_items
from marsad.inputs.item import marked_id

# Sentences written for these tests.
STRIKE = "قتل ثلاثة مدنيين وأصيب خمسة آخرون في غارة جوية استهدفت سوقا شعبيا في مدينة حلب صباح اليوم."
SHELLING = "أصيب أربعة أشخاص بجروح في قصف مدفعي على حي سكني في مدينة حمص مساء أمس."
BLAST = "انفجرت سيارة مفخخة قرب مبنى حكومي في بغداد ما أدى إلى مقتل شخصين."
LONE = "\ud800"


def items_of(*paths: str | Path, **kwargs: Any) -> list[InputItem]:
    return list(iter_items(list(paths), **kwargs))


def encodable(item: InputItem) -> bool:
    """The item can be written anywhere: UTF-8 (stdout, files, databases) takes every field."""
    try:
        json.dumps(item.to_dict(), ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def jsonl(records: list[dict[str, Any]]) -> str:
    # ensure_ascii (the default) writes a lone surrogate as the escape "\ud800", as feeds send it.
    return "".join(json.dumps(r) + "\n" for r in records)


POISON = [
    {"id": "good-1", "text": STRIKE, "published": "2024-03-05"},
    {"id": f"bad{LONE}", "text": f"{SHELLING} {LONE}", "title": f"t{LONE}", "source": f"s{LONE}"},
    {"id": "good-2", "text": BLAST},
]


# --------------------------------------------------------------------------- lone surrogates


def check_poisoned(items: list[InputItem]) -> None:
    assert len(items) == 3 and all(encodable(i) for i in items)
    bad = items[1]
    # The id carries a hash of the original, so ids that differ only in a surrogate stay apart.
    assert (bad.id, bad.title, bad.source) == (marked_id(f"bad{LONE}", "bad\ufffd"), "t\ufffd", "s\ufffd")
    assert bad.id.startswith("bad\ufffd~")
    assert bad.text == f"{SHELLING} \ufffd"
    for field in ("id", "text", "title", "source"):
        assert f"{field}: 1 lone surrogate(s) replaced by U+FFFD" in bad.errors
    assert items[0].errors == [] and items[2].errors == []


def test_surrogates_in_jsonl_and_jsonl_gz(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_text(jsonl(POISON), encoding="utf-8")
    with gzip.open(tmp_path / "feed.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(jsonl(POISON))
    check_poisoned(items_of(tmp_path / "feed.jsonl"))
    check_poisoned(items_of(tmp_path / "feed.jsonl.gz"))


def test_surrogates_in_json_list_object_and_stdin(tmp_path: Path) -> None:
    (tmp_path / "list.json").write_text(json.dumps(POISON), encoding="utf-8")
    check_poisoned(items_of(tmp_path / "list.json"))
    (tmp_path / "one.json").write_text(json.dumps({"id": LONE, "text": STRIKE}), encoding="utf-8")
    (one,) = items_of(tmp_path / "one.json")
    assert one.id == marked_id(LONE, "\ufffd") and encodable(one)
    check_poisoned(items_of("-", stdin=io.BytesIO(jsonl(POISON).encode("utf-8"))))


def test_surrogates_from_file_names_txt_and_html(tmp_path: Path) -> None:
    # A name that is not UTF-8 reaches Python as surrogate escapes; it becomes the id.
    folder = os.fsencode(tmp_path)
    with open(folder + b"/r\xff.txt", "wb") as fh:
        fh.write(STRIKE.encode("utf-8"))
    with open(folder + b"/p\xfe.html", "wb") as fh:
        fh.write(f"<html><head><title>&#xd800;</title></head><body><p>{SHELLING}</p></body></html>".encode())
    (tmp_path / "index.tsv").write_text("id\tpublished\toutlet\nother\t2024-01-01\tX\n", encoding="utf-8")
    items = items_of(tmp_path)
    assert sorted(i.id for i in items) == [marked_id("p\udcfe", "p\ufffd"), marked_id("r\udcff", "r\ufffd")]
    assert all(encodable(i) for i in items)
    assert all("id: 1 lone surrogate(s) replaced by U+FFFD" in i.errors for i in items)
    assert {i.origin for i in items} == {str(tmp_path / "p\\xfe.html"), str(tmp_path / "r\\xff.txt")}


def test_extract_cli_outputs_every_record_around_a_surrogate(tmp_path: Path) -> None:
    path = tmp_path / "poison.jsonl"
    path.write_text(jsonl(POISON), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "marsad.cli", "extract", str(path), "--format", "jsonl"],
        capture_output=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")[-2000:]
    records = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines()]
    assert [r["article_id"] for r in records] == ["good-1", marked_id(f"bad{LONE}", "bad\ufffd"), "good-2"]
    assert any("lone surrogate" in e for e in records[1]["errors"])
    assert records[0]["events"] and records[2]["events"]


# --------------------------------------------------------------------------- dates at the edge

EDGE_DATES = ["0001-01-01T00:00:00Z", "0001-01-01", "9999-12-31", "1899-12-31", "2024-13-45", "garbage", "1"]


@pytest.mark.parametrize("published", EDGE_DATES)
def test_implausible_dates_become_null_with_an_error(tmp_path: Path, published: str) -> None:
    (tmp_path / "d.jsonl").write_text(jsonl([{"id": "d", "text": STRIKE, "published": published}]))
    (item,) = items_of(tmp_path / "d.jsonl")
    assert item.published is None
    assert len(item.errors) == 1 and item.errors[0].startswith("published date ")
    assert extract_record(item.to_dict())["published"] is None


def test_dates_in_range_are_kept_and_the_future_is_not(tmp_path: Path) -> None:
    today = dt.datetime.now(dt.UTC).date()
    later = (today + dt.timedelta(days=3)).isoformat()
    rows = [("a", "1900-01-01"), ("b", today.isoformat()), ("c", f"{later}T10:00:00Z"), ("d", "0001-01-01")]
    for name, _ in rows:
        (tmp_path / f"{name}.txt").write_text(STRIKE, encoding="utf-8")
    index = "id\tpublished\n" + "".join(f"{name}\t{day}\n" for name, day in rows)
    (tmp_path / "index.tsv").write_text(index, encoding="utf-8")
    got = {i.id: i.published for i in items_of(tmp_path)}
    assert got == {"a": "1900-01-01", "b": today.isoformat(), "c": None, "d": None}


def test_finish_item_checks_dates_and_surrogates_for_every_caller() -> None:
    # The API and the feed watcher build items themselves and call finish_item.
    from marsad.inputs.item import finish_item

    item = finish_item(
        InputItem(id=f"x{LONE}", text=STRIKE, published="0001-01-01", source=LONE), max_chars=1000
    )
    assert (item.id, item.source, item.published) == (marked_id(f"x{LONE}", "x\ufffd"), "\ufffd", None)
    assert encodable(item)


# --------------------------------------------------------------------------- ids of files


def test_file_ids_are_relative_paths_and_never_collide(tmp_path: Path) -> None:
    for day in ("2020-01-01", "2020-01-02"):
        (tmp_path / day).mkdir()
        (tmp_path / day / "1.txt").write_text(STRIKE, encoding="utf-8")
    (tmp_path / "report.txt").write_text(SHELLING, encoding="utf-8")
    (tmp_path / "report.html").write_text(f"<p>{BLAST}</p>", encoding="utf-8")
    (tmp_path / "solo.txt").write_text(BLAST, encoding="utf-8")
    ids = [i.id for i in items_of(tmp_path)]
    assert ids == ["report.html", "report.txt", "solo", "2020-01-01/1", "2020-01-02/1"]
    assert [i.id for i in items_of(tmp_path)] == ids  # stable across runs
    # A file named on the command line keeps its stem, unless a second named file shares it.
    assert [i.id for i in items_of(tmp_path / "solo.txt")] == ["solo"]
    pair = items_of(tmp_path / "report.txt", tmp_path / "report.html")
    assert [i.id for i in pair] == ["report.txt", "report.html"]


def test_duplicate_ids_in_one_run_are_an_error_on_the_second(tmp_path: Path) -> None:
    records = [
        {"id": "same", "text": STRIKE},
        {"id": "other", "text": BLAST},
        {"id": "same", "text": SHELLING},
    ]
    (tmp_path / "dup.jsonl").write_text(jsonl(records), encoding="utf-8")
    items = items_of(tmp_path / "dup.jsonl")
    assert [i.errors for i in items[:2]] == [[], []]
    assert items[2].text == SHELLING
    assert items[2].errors == ["duplicate id 'same': an earlier item of this run has the same id"]


def test_index_rows_by_stem_or_by_relative_path(tmp_path: Path) -> None:
    day = tmp_path / "2020-01-01"
    day.mkdir()
    (day / "1.txt").write_text(STRIKE, encoding="utf-8")
    (day / "2.txt").write_text(BLAST, encoding="utf-8")
    (day / "index.tsv").write_text("id\tpublished\toutlet\n1\t2020-01-01\tLocal\n", encoding="utf-8")
    (tmp_path / "index.tsv").write_text("id\tpublished\toutlet\n2020-01-01/2\t2020-01-02\tTop\n")
    got = {i.id: (i.published, i.source, i.errors) for i in items_of(tmp_path)}
    assert got == {"2020-01-01/1": ("2020-01-01", "Local", []), "2020-01-01/2": ("2020-01-02", "Top", [])}


# --------------------------------------------------------------------------- special files


def finishes(target: Any, seconds: float = 20.0) -> tuple[bool, list[Any]]:
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(target()), daemon=True)
    thread.start()
    thread.join(seconds)
    return not thread.is_alive(), out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_in_a_folder_is_an_error_item_not_a_hang(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STRIKE, encoding="utf-8")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    try:
        done, out = finishes(lambda: items_of(tmp_path))
    finally:  # a reader stuck in open() is let go by a writer
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK) if not out else None
        if fd is not None:
            os.close(fd)
    assert done, "reading a folder with a FIFO hung"
    (items,) = out
    assert [(i.id, i.text) for i in items] == [("a", STRIKE), ("pipe", "")]
    assert items[1].errors == ["not a regular file (FIFO); not read"]
    done, direct = finishes(lambda: items_of(fifo))
    assert done and direct[0][0].errors == ["not a regular file (FIFO); not read"]


def test_symlinks_stay_inside_the_input_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(BLAST, encoding="utf-8")
    root = tmp_path / "in"
    root.mkdir()
    (root / "real.txt").write_text(STRIKE, encoding="utf-8")
    (root / "inner.txt").symlink_to(root / "real.txt")
    (root / "escape.txt").symlink_to(outside)
    (root / "null.txt").symlink_to(os.devnull)
    assert [i.id for i in items_of(root)] == ["inner", "real"]

    from marsad.inputs import SkippedFile

    skipped: list[SkippedFile] = []
    followed = items_of(root, follow_symlinks=True, skipped=skipped)
    assert [(i.id, i.text) for i in followed] == [
        ("escape", BLAST),
        ("inner", STRIKE),
        ("null", ""),
        ("real", STRIKE),
    ]
    assert followed[2].errors == ["not a regular file (character device); not read"]
    assert skipped == []


def test_skipped_files_are_listed_with_reasons(tmp_path: Path) -> None:
    from marsad.inputs import SkippedFile, skipped_summary

    (tmp_path / "a.txt").write_text(STRIKE, encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / ".cache").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "out.txt").symlink_to(os.devnull)
    skipped: list[SkippedFile] = []
    assert [i.id for i in items_of(tmp_path, skipped=skipped)] == ["a"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert reasons == {
        ".cache": "hidden",
        "gone.txt": "broken symbolic link",
        "notes.docx": "unsupported file type",
        "out.txt": "symbolic link out of the input folder (not followed)",
        "loop": "symbolic link to a directory (not followed)",
    }
    assert skipped_summary(skipped, limit=2).startswith("skipped 5 files: ")
    assert skipped_summary(skipped, limit=2).endswith(", and 3 more")
    # Followed, the loop back to the root is read once.
    again: list[SkippedFile] = []
    done, out = finishes(lambda: items_of(tmp_path, follow_symlinks=True, skipped=again))
    assert done and [i.id for i in out[0]] == ["a", "out"]
    assert {s.reason for s in again} >= {"directory already read (symbolic link loop)"}


# --------------------------------------------------------------------------- missing paths


def test_missing_input_paths_are_reported_before_the_run(tmp_path: Path) -> None:
    from marsad.inputs import MissingInputError, check_inputs, missing_inputs

    (tmp_path / "a.txt").write_text(STRIKE, encoding="utf-8")
    paths = [str(tmp_path / "a.txt"), str(tmp_path / "typo.jsonl"), "-"]
    assert missing_inputs(paths) == [str(tmp_path / "typo.jsonl")]
    with pytest.raises(MissingInputError, match="input not found: .*typo.jsonl"):
        check_inputs(paths)
    check_inputs(paths[:1])
    # The lazy reader still never raises: the missing path is an item with an error.
    assert items_of(tmp_path / "typo.jsonl")[0].errors == ["file not found"]


# --------------------------------------------------------------------------- damaged UTF-8 and HTML


def test_short_utf8_with_one_bad_byte_stays_arabic(tmp_path: Path) -> None:
    data = STRIKE.encode("utf-8")
    cut = data.index(b" ") + 1
    (tmp_path / "short.txt").write_bytes(data[:cut] + b"\xff" + data[cut:])
    (item,) = items_of(tmp_path / "short.txt")
    chars = len(data[:cut].decode("utf-8"))
    assert item.language == "ar" and item.text == STRIKE[:chars] + "\ufffd" + STRIKE[chars:]
    assert item.errors == [f"1 undecodable byte sequence(s) replaced (ff at byte {cut})"]
    assert extract_record(item.to_dict())["events"]


def test_a_missing_html_library_is_an_item_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_trafilatura(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("trafilatura"):
            raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_trafilatura)
    (tmp_path / "page.html").write_text(f"<html><body><p>{SHELLING}</p></body></html>", encoding="utf-8")
    (tmp_path / "b.txt").write_text(BLAST, encoding="utf-8")
    items = items_of(tmp_path)
    assert [(i.id, i.text) for i in items] == [("b", BLAST), ("page", SHELLING)]
    assert items[1].errors[0].startswith("html extraction unavailable (ImportError: lxml.html.clean")
