"""Helpers for the evaluation tests: writing small cases, running the reference scorer,
and turning gold files into perturbed engine output."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = (REPO_ROOT / "../shared").resolve()
REFERENCE_SCORER = SHARED / "tools" / "score.py"
DEV_DIR = SHARED / "corpus" / "dev"
DEV_JSONL = SHARED / "corpus" / "dev.jsonl"
SAMPLES_DIR = SHARED / "samples"
SEED_ID = "aleppo-southwest-offensive.ar"


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def write_case(
    tmp_path: Path,
    golds: list[dict[str, Any]],
    texts: dict[str, str],
    records: list[Any],
    extra_lines: tuple[str, ...] = (),
) -> tuple[Path, Path, Path]:
    """Gold folder, input JSONL and system JSONL for a hand-made case."""
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for gold in golds:
        (gold_dir / f"{gold['article_id']}.gold.json").write_text(
            json.dumps(gold, ensure_ascii=False), encoding="utf-8"
        )
    input_jsonl = write_jsonl(tmp_path / "input.jsonl", [{"id": k, "text": v} for k, v in texts.items()])
    system_jsonl = write_jsonl(tmp_path / "system.jsonl", records)
    if extra_lines:
        with system_jsonl.open("a", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in extra_lines))
    return gold_dir, input_jsonl, system_jsonl


def reference_available() -> bool:
    return REFERENCE_SCORER.is_file()


def reference_metrics(gold_dir: Path, input_jsonl: Path, system_jsonl: Path) -> dict[str, Any]:
    """The reference scorer's --json figures."""
    out = subprocess.run(
        [sys.executable, str(REFERENCE_SCORER), str(gold_dir), str(input_jsonl), str(system_jsonl), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def reference_per_article(
    gold_dir: Path, input_jsonl: Path, system_jsonl: Path
) -> dict[str, tuple[int, int, int]]:
    """The reference scorer's per-article (tp, fp, fn), parsed from its --articles listing."""
    out = subprocess.run(
        [
            sys.executable,
            str(REFERENCE_SCORER),
            str(gold_dir),
            str(input_jsonl),
            str(system_jsonl),
            "--articles",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    counts: dict[str, tuple[int, int, int]] = {}
    for line in out.stdout.splitlines():
        if line.startswith("  ") and " tp=" in line:
            article_id, tp, fp, fn = line.split()
            counts[article_id] = (int(tp[3:]), int(fp[3:]), int(fn[3:]))
    return counts


def read_golds(gold_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.gold.json"))]


# --- synthetic engine output -------------------------------------------------------------

_EVENT_TYPES = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": [
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Arrests", "Looting/property destruction", "Other"],
}
_WRONG_ACTORS = ["Unidentified Armed Group", "مسلحون مجهولون", "Civilians", "IS", "الجيش"]
_LOSS_ITEMS = ["tank", "armoured_vehicle", "technical", "military_vehicle", "pickup", "drone"]


def _shift(lat: float, lon: float, km: float, rng: random.Random) -> tuple[float, float]:
    # About 111 km per degree of latitude; good enough to land on either side of 10/50 km.
    bearing = rng.choice([(1, 0), (0, 1), (-1, 0), (0.7, 0.7)])
    return lat + bearing[0] * km / 111.0, lon + bearing[1] * km / 111.0


def _admin_variant(admin1: str | None, rng: random.Random) -> Any:
    if not admin1:
        return rng.choice([None, "Aleppo", ""])
    return rng.choice(
        [
            admin1,
            admin1.upper(),
            f"{admin1} Governorate",
            admin1.replace(" ", "-"),
            admin1.replace("Al ", "").replace("As-", ""),
            "Hodeidah" if "Hudaydah" in admin1 else admin1,
            "Rural Damascus" if admin1 == "Rif Dimashq" else admin1,
            "Kandahar",
            None,
        ]
    )


def _location(gold_loc: dict[str, Any] | None, rng: random.Random) -> Any:
    if not gold_loc:
        return rng.choice([None, {"name": "Aleppo", "lat": 36.2, "lon": 37.16, "admin1": "Aleppo"}])
    names = gold_loc.get("names") or [None]
    name = rng.choice(names)
    mode = rng.choice(
        [
            "exact",
            "near",
            "mid",
            "far",
            "name_only",
            "name_only",
            "phrase",
            "admin_only",
            "null",
            "string_coords",
        ]
    )
    loc: dict[str, Any] = {
        "mention": name,
        "name": rng.choice(names),
        "name_ar": None,
        "admin1": _admin_variant(gold_loc.get("admin1"), rng),
        "country": gold_loc.get("country"),
        "geo_precision": rng.choice([1, 2, 3]),
    }
    lat, lon = gold_loc.get("lat"), gold_loc.get("lon")
    if mode == "null":
        return None
    if mode in ("exact", "near", "mid", "far", "string_coords"):
        if lat is None:
            lat, lon = rng.uniform(10, 40), rng.uniform(0, 70)
        km = {
            "exact": 0.0,
            "near": rng.uniform(1, 9),
            "mid": rng.uniform(11, 45),
            "far": rng.uniform(55, 300),
            "string_coords": 0.3,
        }[mode]
        loc["lat"], loc["lon"] = _shift(lat, lon, km, rng)
        if mode == "string_coords":
            loc["lat"], loc["lon"] = str(round(loc["lat"], 4)), str(round(loc["lon"], 4))
    elif mode == "phrase" and name:
        loc["mention"] = rng.choice([f"ريف {name}", f"محيط {name}", f"al-{name}", f"ال{name}"])
        loc["name"] = None
    elif mode == "admin_only":
        loc["mention"] = loc["name"] = None
    return loc


def _actor(accepted: list[str] | None, rng: random.Random) -> Any:
    if not accepted or rng.random() < 0.15:
        return rng.choice([None, {"name": rng.choice(_WRONG_ACTORS), "mention": None}])
    pick = rng.choice(accepted)
    mode = rng.choice(["name", "mention", "phrase", "member", "al"])
    if mode == "name":
        return {"name": pick, "name_ar": None, "mention": None, "kind": "state", "members": []}
    if mode == "mention":
        return {"name": None, "mention": pick}
    if mode == "phrase":
        return {"name": rng.choice(_WRONG_ACTORS), "mention": rng.choice([f"عناصر {pick}", f"مسلحي {pick}"])}
    if mode == "member":
        return {"name": "Coalition", "members": [{"name": None, "mention": pick}]}
    return {"mention": pick[2:] if pick.startswith("ال") else "ال" + pick}


def _count(gold_count: dict[str, Any] | None, rng: random.Random) -> Any:
    best = (gold_count or {}).get("best")
    mode = rng.choice(["copy", "copy", "copy", "plus_one", "null", "zero", "invent"])
    if mode == "copy":
        return None if best is None else {"min": best, "max": None, "best": best}
    if mode == "plus_one" and best is not None:
        return {"min": best, "max": None, "best": best + 1}
    if mode == "zero":
        return {"min": 0, "max": 0, "best": rng.choice([0, 0.0])}
    if mode == "invent":
        return {"min": None, "max": None, "best": rng.choice([1, 3, 12, 10.0])}
    return None


def _losses(gold_losses: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    out = [
        {"item": x["item"], "count": x["count"], "side": "actor2"} for x in gold_losses if rng.random() < 0.7
    ]
    for x in out:
        if rng.random() < 0.2:
            x["count"] = x["count"] + 1
    if rng.random() < 0.2:
        out.append({"item": rng.choice(_LOSS_ITEMS), "count": rng.choice([1, 2, 2.0])})
    return out


def _evidence(gold_quote: str | None, text: str, rng: random.Random) -> list[dict[str, Any]]:
    start = text.find(gold_quote) if gold_quote else -1
    if start < 0:
        start = rng.randrange(0, max(1, len(text) - 40))
    end = min(len(text), start + len(gold_quote or "x" * 40))
    mode = rng.choice(
        ["exact", "exact", "exact", "off_by_one", "empty", "float", "negative", "two", "missing"]
    )
    span = {"start": start, "end": end, "text": text[start:end]}
    if mode == "off_by_one":
        span["end"] = end + 1
    elif mode == "empty":
        span = {"start": start, "end": start, "text": ""}
    elif mode == "float":
        span["start"] = float(start)
    elif mode == "negative":
        span = {"start": -10, "end": -1, "text": text[-10:-1]}
    elif mode == "two":
        return [span, {"start": 0, "end": 5, "text": text[0:5]}]
    elif mode == "missing":
        return []
    return [span]


def _date(gold_date: str | None, rng: random.Random) -> Any:
    return rng.choice([gold_date, gold_date, gold_date, None, "2018-01-01"])


def _system_event(gold_event: dict[str, Any], text: str, rng: random.Random) -> dict[str, Any]:
    event_type = gold_event["event_type"]
    if rng.random() < 0.1:
        event_type = rng.choice([t for t in _EVENT_TYPES if t != event_type])
    accepted = gold_event.get("sub_event_type") or []
    sub = rng.choice(accepted) if accepted and rng.random() < 0.75 else rng.choice(_EVENT_TYPES[event_type])
    actor1, actor2 = _actor(gold_event.get("actor1"), rng), _actor(gold_event.get("actor2"), rng)
    if rng.random() < 0.2:
        actor1, actor2 = actor2, actor1
    attribution = gold_event.get("attribution") or ["مصدر"]
    return {
        "event_id": f"e{rng.randrange(10**6)}",
        "event_type": event_type,
        "sub_event_type": sub,
        "date": _date(gold_event.get("date"), rng),
        "time_precision": 1,
        "actor1": actor1,
        "actor2": actor2,
        "location": _location(gold_event.get("location"), rng),
        "fatalities": _count(gold_event.get("fatalities"), rng),
        "injuries": _count(gold_event.get("injuries"), rng),
        "casualties": _count(gold_event.get("casualties"), rng),
        "losses": _losses(gold_event.get("losses") or [], rng),
        "attribution": rng.choice(
            [
                {"source": rng.choice(attribution), "hedged": False},
                {"source": f"وقال {rng.choice(attribution)} إن", "hedged": True},
                {"source": "وكالة أنباء", "hedged": False},
                None,
            ]
        ),
        "evidence": _evidence(gold_event.get("evidence"), text, rng),
        "confidence": rng.choice([0.3, 0.79, 0.8, 0.85, 0.95, None, True, "high"]),
    }


def _invented_event(text: str, rng: random.Random) -> dict[str, Any]:
    event_type = rng.choice(list(_EVENT_TYPES))
    fake = {
        "event_type": event_type,
        "sub_event_type": [rng.choice(_EVENT_TYPES[event_type])],
        "location": {"names": ["حلب"], "lat": rng.uniform(10, 40), "lon": rng.uniform(0, 70), "admin1": None},
        "evidence": None,
        "actor1": None,
        "actor2": None,
    }
    return _system_event(fake, text, rng)


def synthetic_system_output(golds: list[dict[str, Any]], texts: dict[str, str], seed: int) -> list[str]:
    """Engine-like JSONL lines made from gold: fields perturbed or dropped, events missed,
    duplicated and invented, a missing article, a stray and a broken line. Deterministic per seed."""
    rng = random.Random(seed)
    lines: list[str] = []
    for gold in golds:
        article_id = str(gold["article_id"])
        text = texts.get(article_id, "")
        if rng.random() < 0.05:
            continue  # article missing from output
        events = [_system_event(g, text, rng) for g in gold.get("events") or [] if rng.random() > 0.12]
        if events and rng.random() < 0.15:
            events.append(json.loads(json.dumps(events[0])))  # exact duplicate: tie-breaking
        while rng.random() < 0.3:
            events.append(_invented_event(text, rng))
        if gold.get("events") and rng.random() < 0.15:
            near = _system_event(rng.choice(gold["events"]), text, rng)
            near["sub_event_type"] = "Other"
            events.append(near)
        if rng.random() < 0.3:
            rng.shuffle(events)
        record = {
            "article_id": article_id,
            "source": None,
            "published": gold.get("published"),
            "language": "ar",
            "events": events,
            "errors": [],
        }
        if rng.random() < 0.05:
            # An earlier, different record for the same article: the later one counts.
            lines.append(json.dumps({**record, "events": []}, ensure_ascii=False))
        lines.append(json.dumps(record, ensure_ascii=False))
    lines.append(json.dumps({"article_id": "not-in-gold", "events": [_invented_event("نص", rng)]}))
    lines.append('{"article_id": "broken", "events": [')
    lines.append("")
    return lines
