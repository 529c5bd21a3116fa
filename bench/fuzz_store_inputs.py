"""Hostile article inputs for `bench/fuzz.py --mode store`: ids, dates, sources, titles, urls
and texts as a careless feed or a hostile API client sends them.

One `random.Random` per run (seeded by --seed), drawn in input order: inputs refer back to
earlier ones (the same id with another text, the same text under another id, an exact
repeat), so a run is reproduced by its seed, and a failing round by the inputs written to
the failures file (`encode`/`decode` keep surrogates, NaN, dates and types).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.reliability.generators import random_text, vocabulary

SENTENCES_FILE = Path(__file__).with_name("fuzz_store_sentences.tsv")
KINDS = ("dict", "jsonl", "record")  # a Python caller, the JSONL reader, a record made elsewhere

SURROGATES = ("\ud800", "\udbff", "\udc00", "\udfff", "\ud83d")
CONTROLS = ("\x00", "\x01", "\x08", "\x1b", "\x7f", "\x85", "\u2028", "\u202e", "\ufeff", "\t", "\n", "\r")
# Pairs that look alike (Latin/Cyrillic a, NFC/NFD é, fullwidth digit, zero width, Arabic/Persian
# yeh and kaf, alef forms); written as escapes so the file shows what each is.
CONFUSABLES = (
    ("a", "\u0430"),
    ("\u00e9", "e\u0301"),
    ("1", "\uff11"),
    ("ab", "a\u200bb"),
    ("\u064a", "\u06cc"),
    ("\u0643", "\u06a9"),
    ("\u0627", "\u0623"),
    ("x", "x\u0640"),
)
PATHS = (
    "../../etc/passwd",
    "a/b",
    "a\\b",
    "/abs/path",
    "C:\\Windows\\x",
    "2020-01-01/1.txt",
    "2020-01-02/1.txt",
    "report.txt",
    "report.html",
    "..",
    ".",
    "%2e%2e%2f",
    "a_b",
    "a.b",
    "~",
    "con",
)
HOSTILE_META = (
    "<script>alert(1)</script>",
    "<b>bold</b> &amp; <i>x</i>",
    "'; DROP TABLE articles; --",
    "Robert'); DELETE FROM events;--",
    "%s %(x)s {0} {x!r}",
    "NULL",
    "null",
    "\\N",
    "javascript:alert(1)",
    "http://example.org/?a=1&b=<2>#\u202e",
    "file:///etc/passwd",
)
BAD_DATES: tuple[Any, ...] = (
    "0001-01-01",
    "0001-01-01T00:00:00Z",
    "9999-12-31",
    "9999-12-31T23:59:59.999999",
    "-0001-01-01",
    "+10000-01-01",
    "1899-12-31",
    "2999-01-01",
    "2024-02-30",
    "2024-13-01",
    "2024-03-05T25:61:00",
    "2024-03-05T10:00:00+14:00",
    "2024-03-05T10:00:00-12:00",
    "2024-03-05T10:00:00+99:99",
    "2024-03-05 10:00:00 UTC",
    "Tue, 05 Mar 2024 10:00:00 GMT",
    "05/03/2024",
    "20240305",
    "2024-W10-2",
    "yesterday",
    "2024-03-05" + "x" * 5000,
    "",
    " ",
    None,
    0,
    -1,
    1709600000,
    1709600000123,
    2**63,
    -(2**63),
    1709600000.5,
    float("nan"),
    float("inf"),
    True,
    ["2024-03-05"],
    {"date": "2024-03-05"},
    dt.date(1, 1, 1),
    dt.date(9999, 12, 31),
    dt.datetime(2024, 3, 5, 10, tzinfo=dt.timezone(dt.timedelta(hours=-11))),
)
EVENT_DATES: tuple[Any, ...] = (
    "0001-01-01",
    "9999-12-31",
    "1900-01-01",
    "2024-02-30",
    None,
    "garbage",
    20240305,
)


@dataclass(slots=True)
class FuzzInput:
    index: int
    kind: str  # one of KINDS
    item: dict[str, Any]
    event_date: Any = None  # the date put on every event of a record made elsewhere
    notes: list[str] = field(default_factory=list)  # what was hostile about it


def _sentences() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with SENTENCES_FILE.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        for row in rows:
            out.setdefault(row["kind"], []).append(row["sentence"])
    return out


def good_sentence() -> str:
    """Our own report of one event in a gazetteer city (the `good` row)."""
    return _sentences()["good"][0]


class InputStream:
    """Hostile inputs, one after another; earlier ids and texts are kept to collide with."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"store:{seed}")
        self.sentences = _sentences()
        self.places = vocabulary().places
        self.ids: list[Any] = []
        self.texts: list[Any] = []
        self.recent: list[dict[str, Any]] = []
        self.count = 0

    # ------------------------------------------------------------------ pieces

    def mixed(self, base: str) -> str:
        """`base` with surrogates, controls or a confusable letter mixed in."""
        rng = self.rng
        k = rng.randint(0, 3)
        at = rng.randint(0, len(base))
        if k == 0:
            return base[:at] + rng.choice(SURROGATES) + base[at:]
        if k == 1:
            return base[:at] + "".join(rng.choice(CONTROLS) for _ in range(rng.randint(1, 4))) + base[at:]
        if k == 2:
            plain, look = rng.choice(CONFUSABLES)
            return base.replace(plain, look) if plain in base else base + look
        return base + rng.choice(SURROGATES + CONTROLS)

    def sentence(self, kind: str = "event") -> str:
        rng = self.rng
        template = rng.choice(self.sentences[kind])
        place = rng.choice(self.places)
        return template.format(place=place, n=rng.randint(1, 40), m=rng.randint(1, 90))

    def new_id(self) -> Any:
        rng = self.rng
        k = rng.randint(0, 29)
        plain = f"art-{self.count}"
        if k == 0:
            return rng.choice((None, "", " ", "\n", "\x00"))
        if k == 1:  # huge, sharing a prefix with others: cut to 200 characters they must stay apart
            return "p" * rng.choice((190, 199, 200, 250, 5000)) + str(rng.randint(0, 50))
        if k == 2:
            return rng.choice(PATHS)
        if k in (3, 4):
            return self.mixed(plain)
        if k == 5:
            plain_part, look = rng.choice(CONFUSABLES)
            return rng.choice((plain_part, look)) + f"-{rng.randint(0, 9)}"
        if k == 6:
            return rng.choice((7, 7.0, -1, 2**70, float("nan"), float("inf"), True, ["a", 1], {"id": 1}))
        if k == 7:
            return rng.choice(HOSTILE_META)
        if k == 8:
            return rng.choice(self.sentences["event"])[: rng.randint(1, 60)]
        return plain

    def text(self) -> Any:
        rng = self.rng
        k = rng.randint(0, 99)
        tag = f" [{self.count}]"
        if k < 55:
            return " ".join(self.sentence() for _ in range(rng.randint(1, 3))) + tag
        if k < 62:
            return self.sentence("other") + tag
        if k < 72:
            return random_text(rng, 30)
        if k < 76:
            return rng.choice(("", " ", "\n\t ", "\u200b\u200f\ufeff", "\x00\x00"))
        if k < 80:  # binary-ish
            noise = bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 400))).decode("latin-1")
            return rng.choice(("%PDF-1.4\n", "", "\x00")) + noise
        if k < 85:  # mixed scripts
            other = rng.choice(("Breaking news:", "שלום", "سلام دوستان", "中文报道", "😀🔥", "Ελληνικά"))
            return f"{self.sentence()} {other} {self.sentence('other')}{tag}"
        if k < 90:
            return self.mixed(self.sentence() + tag)
        if k < 92:
            return rng.choice((None, 0, 3.5, ["x"], {"text": "x"}))
        # Huge-ish, well inside the 5 MB cap: one in 10,000 inputs (at 1 in 1,000 they took a
        # third of a run; the time per MB of worst-case texts is bench/adversarial.py's subject).
        if k < 93 and rng.randint(0, 99) == 0:
            return " ".join(self.sentence() for _ in range(rng.randint(200, 2000))) + tag
        if self.texts:
            return rng.choice(self.texts[-500:])  # the same text again, under whatever id
        return self.sentence() + tag

    def meta(self) -> Any:
        rng = self.rng
        k = rng.randint(0, 11)
        if k == 0:
            return rng.choice(HOSTILE_META)
        if k == 1:
            return rng.choice(("x", "\u0648", "<p>")) * rng.choice((201, 1001, 20_000, 200_000))
        if k == 2:
            return self.mixed(rng.choice(("AFP", "SANA", "x", "")))
        if k == 3:
            return rng.choice((None, 0, 1.5, float("nan"), [], {"name": "x"}, True))
        if k == 4:
            return self.sentence("other")
        return rng.choice(("AFP", "Reuters", "SANA", "Al Arabiya", None))

    def published(self) -> Any:
        rng = self.rng
        if rng.randint(0, 2):
            return rng.choice(BAD_DATES)
        day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randint(0, 9400))
        return day.isoformat() + rng.choice(("", "T08:00:00Z", "T23:59:59+03:00", " 10:00"))

    # ------------------------------------------------------------------ inputs

    def next(self) -> FuzzInput:
        rng = self.rng
        if self.recent and rng.randint(0, 19) == 0:
            item = dict(rng.choice(self.recent))  # an exact repeat of a recent input
        else:
            reuse = self.ids and rng.randint(0, 9) == 0
            item_id = rng.choice(self.ids[-200:]) if reuse else self.new_id()
            item = {"text": self.text()}
            if item_id is not None or rng.randint(0, 1):
                item[rng.choice(("id", "id", "id", "article_id"))] = item_id
            for name in ("source", "title", "url"):
                if rng.randint(0, 3):
                    item[name] = self.meta()
            if rng.randint(0, 4):
                item["published"] = self.published()
        kind = rng.choice(("dict",) * 15 + ("jsonl",) * 3 + ("record",) * 2)
        event_date = rng.choice(EVENT_DATES) if kind == "record" else None
        out = FuzzInput(index=self.count, kind=kind, item=item, event_date=event_date)
        self.count += 1
        self.ids.append(item.get("id", item.get("article_id")))
        if isinstance(item.get("text"), str):
            self.texts.append(item["text"])
        self.recent.append(item)
        if len(self.recent) > 2000:  # bounded memory on long runs
            self.ids, self.texts, self.recent = self.ids[-1000:], self.texts[-1000:], self.recent[-1000:]
        return out


# ---------------------------------------------------------------------- replay encoding


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, dt.date):
        return {"__date__": value.isoformat()}
    return {"__repr__": repr(value)}


def _hook(obj: dict[str, Any]) -> Any:
    if set(obj) == {"__datetime__"}:
        return dt.datetime.fromisoformat(obj["__datetime__"])
    if set(obj) == {"__date__"}:
        return dt.date.fromisoformat(obj["__date__"])
    return obj


def encode(value: Any) -> str:
    """JSON that keeps lone surrogates (escaped), NaN, big ints and dates."""
    return json.dumps(value, ensure_ascii=True, default=_default)


def decode(line: str) -> Any:
    return json.loads(line, object_hook=_hook)


def input_from(obj: dict[str, Any]) -> FuzzInput:
    return FuzzInput(index=obj["index"], kind=obj["kind"], item=obj["item"], event_date=obj.get("event_date"))
