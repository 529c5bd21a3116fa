"""Latency over 10,000 stored events on SQLite, and a load test with 50 concurrent clients.

The server runs in its own process (`marsad serve`), the clients in this one, both on
loopback. Figures go to artifacts/api_load.json. MARSAD_LOAD_SECONDS sets the load test's
length (short by default; the 60 s run is `MARSAD_LOAD_SECONDS=60 pytest tests/api -k load`).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from marsad.schema import SUB_EVENT_TYPES
from marsad.service import ingest
from marsad.store import Store

N_ARTICLES, EVENTS_PER_ARTICLE = 2500, 4
PLACES = [  # (English, Arabic, admin1, country, lat, lon)
    ("Idlib", "إدلب", "Idlib", "Syria", 35.93, 36.63),
    ("Daraa", "درعا", "Daraa", "Syria", 32.62, 36.10),
    ("Aleppo", "حلب", "Aleppo", "Syria", 36.20, 37.16),
    ("Mosul", "الموصل", "Ninewa", "Iraq", 36.34, 43.13),
    ("Ramadi", "الرمادي", "Al Anbar", "Iraq", 33.42, 43.30),
    ("Taiz", "تعز", "Taiz", "Yemen", 13.58, 44.02),
    ("Marib", "مأرب", "Marib", "Yemen", 15.46, 45.32),
    ("Tripoli", "طرابلس", "Tripoli", "Libya", 32.89, 13.19),
    ("Gaza", "غزة", "Gaza Strip", "Palestine", 31.50, 34.47),
    ("Sirte", "سرت", "Sirte", "Libya", 31.21, 16.59),
]
ACTORS = [
    ("Military Forces of Syria", "state"),
    ("Syrian Opposition", "rebel"),
    ("Houthis", "rebel"),
    ("Islamic State", "rebel"),
    ("Police Forces of Iraq", "state"),
    ("Civilians", "civilians"),
    ("Protesters", "protesters"),
    ("Military Forces of Israel", "state"),
]
SUB_TYPES = list(SUB_EVENT_TYPES)


def _synthetic(i: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """One article of four short reports and its record (our own template text)."""
    sentences, events = [], []
    text = ""
    for k in range(EVENTS_PER_ARTICLE):
        n = i * EVENTS_PER_ARTICLE + k
        name, name_ar, admin1, country, lat, lon = PLACES[n % len(PLACES)]
        sentence = f"قتل {n % 9} أشخاص في هجوم على {name_ar} في اليوم رقم {n}. "
        start = len(text)
        text += sentence
        sentences.append(sentence)
        a1, a2 = ACTORS[n % len(ACTORS)], ACTORS[(n * 3 + 1) % len(ACTORS)]
        sub = SUB_TYPES[n % len(SUB_TYPES)]
        events.append(
            {
                "event_id": f"s-{i}-{k}",
                "event_type": SUB_EVENT_TYPES[sub],
                "sub_event_type": sub,
                "date": (date(2018, 1, 1) + timedelta(days=n % 365)).isoformat(),
                "time_precision": 1,
                "actor1": {"mention": a1[0], "name": a1[0], "name_ar": None, "kind": a1[1], "members": []},
                "actor2": {"mention": a2[0], "name": a2[0], "name_ar": None, "kind": a2[1], "members": []},
                "location": {
                    "mention": name_ar,
                    "name": name,
                    "name_ar": name_ar,
                    "admin1": admin1,
                    "admin2": None,
                    "country": country,
                    "lat": lat + (n % 50) / 100,
                    "lon": lon + (n % 30) / 100,
                    "geo_precision": 1,
                },
                "fatalities": {"min": n % 9, "max": None, "best": n % 9},
                "injuries": {"min": None, "max": None, "best": None},
                "casualties": {"min": None, "max": None, "best": None},
                "losses": [],
                "attribution": {"source": "OwnWire", "hedged": False},
                "evidence": [{"start": start, "end": start + len(sentence) - 1, "text": sentence[:-1]}],
                "confidence": 0.8,
            }
        )
    item = {"id": f"s-{i}", "text": text, "source": "OwnWire", "published": events[0]["date"], "title": None}
    record = {
        "article_id": item["id"],
        "source": "OwnWire",
        "published": item["published"],
        "language": "ar",
        "events": events,
        "errors": [],
    }
    return item, record


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('big') / 'big.db'}"
    pairs = [_synthetic(i) for i in range(N_ARTICLES)]
    records = {item["id"]: record for item, record in pairs}
    with Store(url) as store:
        ingest(
            store,
            [item for item, _ in pairs],
            extract=lambda item: records[item["id"]],
            batch_size=250,
            keep_outcomes=False,
        )
        assert store.count_events() == N_ARTICLES * EVENTS_PER_ARTICLE == 10_000
    return url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(big_db: str) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "MARSAD_API_TOKEN": "load-token"}
    # Two server processes (`--workers 2`), as on a 2-core server.
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from marsad.cli import app; app()",
            "serve",
            "--db",
            big_db,
            "--port",
            str(port),
            "--workers",
            "2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("server did not start: " + (proc.stderr.read() or b"").decode()[-2000:])
            time.sleep(0.1)
        workers = [
            c
            for c in psutil.Process(proc.pid).children(recursive=True)
            if "spawn_main" in " ".join(c.cmdline())
        ]
        assert len(workers) == 2, "marsad serve --workers 2 runs two server processes"
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


QUERIES: list[dict[str, Any]] = [
    {},
    {"country": "Syria"},
    {"event_type": "Battles", "since": "2018-03-01", "until": "2018-06-30"},
    {"actor": "Houthis"},
    {"q": "الموصل"},
    {"bbox": "35,32,38,37"},
    {"admin1": "Marib", "limit": 20},
    {"offset": 5000, "limit": 100},
]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _save(artifacts: Path, name: str, figures: dict[str, Any]) -> None:
    out = artifacts / "api_load.json"
    data = json.loads(out.read_text()) if out.exists() else {}
    data[name] = figures
    out.write_text(json.dumps(data, indent=1) + "\n")


def test_events_query_latency_over_10000_events(server: str, artifacts_dir: Path) -> None:
    timings: dict[str, list[float]] = {}
    with httpx.Client(base_url=server, timeout=30) as http:
        for _ in range(25):
            for params in QUERIES:
                t0 = time.perf_counter()
                response = http.get("/api/events", params=params)
                elapsed = time.perf_counter() - t0
                assert response.status_code == 200
                timings.setdefault(json.dumps(params), []).append(elapsed)
        assert http.get("/api/events").json()["total"] == 10_000
    every = [t for ts in timings.values() for t in ts]
    figures = {
        "events": 10_000,
        "requests": len(every),
        "p50_ms": round(1000 * statistics.median(every), 1),
        "p95_ms": round(1000 * _percentile(every, 0.95), 1),
        "p95_ms_by_query": {k: round(1000 * _percentile(v, 0.95), 1) for k, v in timings.items()},
    }
    _save(artifacts_dir, "events_query_latency_sqlite", figures)
    print("\nAPI /api/events over 10,000 events (SQLite):", json.dumps(figures, ensure_ascii=False))
    assert figures["p95_ms"] < 1500


def test_load_50_concurrent_clients(server: str, artifacts_dir: Path) -> None:
    seconds = float(os.environ.get("MARSAD_LOAD_SECONDS", "5"))
    latencies: list[float] = []
    errors: list[str] = []

    async def client(n: int, http: httpx.AsyncClient, stop_at: float) -> None:
        i = n
        while time.monotonic() < stop_at:
            params = QUERIES[i % len(QUERIES)]
            i += 1
            t0 = time.perf_counter()
            try:
                response = await http.get("/api/events", params={**params, "view": "summary"})
                if response.status_code != 200:
                    errors.append(f"HTTP {response.status_code}")
            except httpx.HTTPError as exc:
                errors.append(repr(exc))
            latencies.append(time.perf_counter() - t0)

    async def run() -> None:
        limits = httpx.Limits(max_connections=50, max_keepalive_connections=50)
        async with httpx.AsyncClient(base_url=server, timeout=60, limits=limits) as http:
            stop_at = time.monotonic() + seconds
            await asyncio.gather(*(client(n, http, stop_at) for n in range(50)))

    started = time.monotonic()
    asyncio.run(run())
    wall = time.monotonic() - started
    figures = {
        "clients": 50,
        "seconds": round(wall, 1),
        "requests": len(latencies),
        "errors": len(errors),
        "requests_per_s": round(len(latencies) / wall, 1),
        "p50_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": round(1000 * _percentile(latencies, 0.95), 1),
    }
    _save(artifacts_dir, "load_50_clients", figures)
    print("\nload test, 50 clients:", json.dumps(figures))
    assert errors == []
    assert len(latencies) >= 50
