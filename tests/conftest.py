"""Shared fixtures: real databases (SQLite file, throwaway PostgreSQL cluster), hand-made
article records that follow event-schema.md, and paths to ../shared.

PostgreSQL: a cluster is created with initdb and started with pg_ctl on a free port
(as the `postgres` user when running as root, since PostgreSQL refuses root). When the
binaries are missing the PostgreSQL tests skip locally, but under CI (CI=true) they fail,
so a CI machine without PostgreSQL can never pass by skipping.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = (REPO_ROOT / "../shared").resolve()
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(what: str) -> None:
    """Skip locally; fail in CI, where every test must run."""
    if IN_CI:
        pytest.fail(f"{what} (required in CI)")
    pytest.skip(what)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        missing(f"shared data not found at {SHARED_DIR}")
    return SHARED_DIR


# ---------------------------------------------------------------- PostgreSQL


def _pg_bindir() -> Path | None:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


@dataclass
class PostgresCluster:
    port: int
    workdir: Path
    bindir: Path
    as_postgres: bool

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if self.as_postgres:
            cmd = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(_quote(a) for a in cmd)]
        return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{dbname}"

    def create_database(self) -> str:
        import psycopg

        name = "marsad_" + uuid.uuid4().hex[:12]
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
        return self.url(name)


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    bindir = _pg_bindir()
    if bindir is None or not (bindir / "pg_ctl").exists():
        missing("PostgreSQL server binaries (initdb, pg_ctl) not found; run scripts/setup_services.sh")
    as_postgres = os.geteuid() == 0
    workdir = Path(tempfile.mkdtemp(prefix="marsad-pg-"))
    if as_postgres:
        shutil.chown(workdir, "postgres", "postgres")
    cluster = PostgresCluster(port=free_port(), workdir=workdir, bindir=bindir, as_postgres=as_postgres)
    data = workdir / "data"
    cluster.run(
        str(bindir / "initdb"),
        "-D",
        str(data),
        "-U",
        "postgres",
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
    )
    opts = f"-p {cluster.port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off"
    try:
        cluster.run(
            str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(workdir / "log"), "-w", "start"
        )
    except subprocess.CalledProcessError as exc:
        log = (workdir / "log").read_text(errors="replace") if (workdir / "log").exists() else ""
        pytest.fail(f"PostgreSQL did not start: {exc.stderr}\n{log}")
    try:
        yield cluster
    finally:
        subprocess.run(
            ["su", "postgres", "-s", "/bin/sh", "-c", f"{bindir / 'pg_ctl'} -D {data} -m immediate -w stop"]
            if as_postgres
            else [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def pg_url(postgres_cluster: PostgresCluster) -> str:
    """A fresh, empty PostgreSQL database for one test."""
    return postgres_cluster.create_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'marsad.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using this runs on both databases."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'marsad.db'}"
    return str(request.getfixturevalue("pg_url"))


# ---------------------------------------------------------------- hand-made records


def _span(text: str, phrase: str) -> dict[str, Any]:
    start = text.index(phrase)
    return {"start": start, "end": start + len(phrase), "text": phrase}


def _actor(
    name: str, name_ar: str, kind: str, mention: str, members: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {"mention": mention, "name": name, "name_ar": name_ar, "kind": kind, "members": members or []}


def _place(
    mention: str,
    name: str,
    name_ar: str,
    admin1: str,
    country: str,
    lat: float,
    lon: float,
    precision: int = 1,
    admin2: str | None = None,
) -> dict[str, Any]:
    return {
        "mention": mention,
        "name": name,
        "name_ar": name_ar,
        "admin1": admin1,
        "admin2": admin2,
        "country": country,
        "lat": lat,
        "lon": lon,
        "geo_precision": precision,
    }


def _count(best: int | None, low: int | None = None, high: int | None = None) -> dict[str, Any]:
    return {"min": best if low is None else low, "max": high, "best": best}


NO_COUNT: dict[str, Any] = {"min": None, "max": None, "best": None}

# Our own short reports (not corpus text), written for these tests.
TEXT_IDLIB = (
    "قصفت طائرات حربية سورية وروسية بلدة كفرنبل في ريف إدلب الجنوبي يوم السبت، ما أدى إلى مقتل خمسة "
    "مدنيين وإصابة عشرة آخرين، بحسب الدفاع المدني.\n"
    "وفي حلب، اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في حي صلاح الدين."
)
TEXT_BASRA = "تظاهر مئات الأشخاص في مدينة البصرة جنوبي العراق يوم الثلاثاء احتجاجا على انقطاع الكهرباء."
TEXT_SCRIPT = (
    "<script>window.__marsad_pwned = 1</script><b>عاجل</b> انفجرت عبوة ناسفة زرعها مسلحون مجهولون "
    "بدورية للشرطة في مدينة الرمادي، ما أسفر عن مقتل شرطيين اثنين."
)
TEXT_SPORT = "فاز الفريق المحلي على ضيفه بثلاثة أهداف مقابل هدف في المباراة التي أقيمت مساء أمس."


def _records() -> dict[str, dict[str, Any]]:
    syria = _actor(
        "Military Forces of Syria",
        "القوات الحكومية السورية",
        "state",
        "طائرات حربية سورية",
        members=[_actor("Military Forces of Russia", "القوات الروسية", "external", "وروسية")],
    )
    return {
        "t-idlib": {
            "article_id": "t-idlib",
            "source": "TestWire",
            "published": "2018-03-03",
            "language": "ar",
            "errors": [],
            "events": [
                {
                    "event_id": "t-idlib-e1",
                    "event_type": "Explosions/Remote violence",
                    "sub_event_type": "Air/drone strike",
                    "date": "2018-03-03",
                    "time_precision": 1,
                    "actor1": syria,
                    "actor2": _actor("Civilians (Syria)", "مدنيون", "civilians", "مدنيين"),
                    "location": _place(
                        "كفرنبل",
                        "Kafr Nabl",
                        "كفرنبل",
                        "Idlib",
                        "Syria",
                        35.6131,
                        36.5611,
                        admin2="Maarrat an Nu'man",
                    ),
                    "fatalities": _count(5),
                    "injuries": _count(10),
                    "casualties": NO_COUNT,
                    "losses": [],
                    "attribution": {"source": "Syrian Civil Defence", "hedged": False},
                    "evidence": [_span(TEXT_IDLIB, TEXT_IDLIB.split("\n")[0])],
                    "confidence": 0.9,
                },
                {
                    "event_id": "t-idlib-e2",
                    "event_type": "Battles",
                    "sub_event_type": "Armed clash",
                    "date": "2018-03-03",
                    "time_precision": 1,
                    "actor1": _actor(
                        "Military Forces of Syria", "القوات الحكومية السورية", "state", "قوات النظام"
                    ),
                    "actor2": _actor("Syrian Opposition", "المعارضة السورية", "rebel", "فصائل المعارضة"),
                    "location": _place(
                        "حي صلاح الدين", "Salah al-Din", "صلاح الدين", "Aleppo", "Syria", 36.1867, 37.1283
                    ),
                    "fatalities": _count(0),
                    "injuries": NO_COUNT,
                    "casualties": NO_COUNT,
                    "losses": [{"item": "tank", "count": 2, "side": "actor1"}],
                    "attribution": {"source": None, "hedged": True},
                    "evidence": [_span(TEXT_IDLIB, "اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة")],
                    "confidence": 0.7,
                },
            ],
        },
        "t-basra": {
            "article_id": "t-basra",
            "source": "OtherWire",
            "published": "2018-07-10",
            "language": "ar",
            "errors": [],
            "events": [
                {
                    "event_id": "t-basra-e1",
                    "event_type": "Protests",
                    "sub_event_type": "Peaceful protest",
                    "date": "2018-07-10",
                    "time_precision": 1,
                    "actor1": _actor("Protesters (Iraq)", "محتجون", "protesters", "مئات الأشخاص"),
                    "actor2": None,
                    "location": _place("مدينة البصرة", "Basra", "البصرة", "Basra", "Iraq", 30.5085, 47.7804),
                    "fatalities": _count(0),
                    "injuries": NO_COUNT,
                    "casualties": NO_COUNT,
                    "losses": [],
                    "attribution": None,
                    "evidence": [_span(TEXT_BASRA, TEXT_BASRA)],
                    "confidence": 0.8,
                }
            ],
        },
        "t-script": {
            "article_id": "t-script",
            "source": "TestWire",
            "published": "2018-05-20",
            "language": "ar",
            "errors": [],
            "events": [
                {
                    "event_id": "t-script-e1",
                    "event_type": "Explosions/Remote violence",
                    "sub_event_type": "Remote explosive/landmine/IED",
                    "date": "2018-05-20",
                    "time_precision": 2,
                    "actor1": _actor(
                        "Unidentified Armed Group (Iraq)",
                        "مسلحون مجهولون",
                        "political_militia",
                        "مسلحون مجهولون",
                    ),
                    "actor2": _actor("Police Forces of Iraq", "الشرطة العراقية", "state", "دورية للشرطة"),
                    "location": _place(
                        "مدينة الرمادي", "Ramadi", "الرمادي", "Al Anbar", "Iraq", 33.4258, 43.2992
                    ),
                    "fatalities": _count(2),
                    "injuries": NO_COUNT,
                    "casualties": NO_COUNT,
                    "losses": [],
                    "attribution": None,
                    "evidence": [_span(TEXT_SCRIPT, "انفجرت عبوة ناسفة زرعها مسلحون مجهولون بدورية للشرطة")],
                    "confidence": 0.6,
                }
            ],
        },
        "t-sport": {
            "article_id": "t-sport",
            "source": "TestWire",
            "published": "2018-06-01",
            "language": "ar",
            "events": [],
            "errors": [],
        },
    }


@dataclass
class Handmade:
    """Items plus an `extract` that returns the matching hand-made record (a deep copy)."""

    items: list[dict[str, Any]]
    records: dict[str, dict[str, Any]]

    def extract(self, item: dict[str, Any]) -> dict[str, Any]:
        import copy

        return copy.deepcopy(self.records[item["id"]])

    @property
    def event_count(self) -> int:
        return sum(len(r["events"]) for r in self.records.values())


def make_handmade() -> Handmade:
    texts = {"t-idlib": TEXT_IDLIB, "t-basra": TEXT_BASRA, "t-script": TEXT_SCRIPT, "t-sport": TEXT_SPORT}
    titles = {
        "t-idlib": "غارات على ريف إدلب",
        "t-basra": "احتجاجات في البصرة",
        "t-script": "انفجار في الرمادي",
        "t-sport": "نتيجة مباراة",
    }
    records = _records()
    items = [
        {
            "id": k,
            "text": texts[k],
            "source": records[k]["source"],
            "published": records[k]["published"] + "T08:00:00+00:00",
            "title": titles[k],
        }
        for k in texts
    ]
    return Handmade(items=items, records=records)


@pytest.fixture
def handmade() -> Handmade:
    return make_handmade()


@pytest.fixture
def handmade_store(tmp_path: Path) -> Iterator[Any]:
    """A SQLite store filled with the hand-made records."""
    from marsad.service import ingest
    from marsad.store import Store

    hm = make_handmade()
    with Store(f"sqlite:///{tmp_path / 'handmade.db'}") as store:
        ingest(store, hm.items, extract=hm.extract, origin="test")
        yield store


# ---------------------------------------------------------------- live HTTP server


@dataclass
class LiveServer:
    url: str
    server: Any
    thread: Any


def start_uvicorn(app: Any) -> LiveServer:
    """Serve an ASGI app with uvicorn on a free loopback port, in a daemon thread."""
    import threading
    import time

    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    return LiveServer(url=f"http://127.0.0.1:{port}", server=server, thread=thread)


def stop_uvicorn(live: LiveServer) -> None:
    live.server.should_exit = True
    live.thread.join(timeout=15)


@pytest.fixture
def live_server() -> Iterator[Callable[[Any], LiveServer]]:
    """A factory: `live_server(app)` starts it; every server stops when the test ends."""
    started: list[LiveServer] = []

    def start(app: Any) -> LiveServer:
        live = start_uvicorn(app)
        started.append(live)
        return live

    yield start
    for live in started:
        stop_uvicorn(live)


@pytest.fixture(scope="session")
def handmade_factory() -> Callable[[], Handmade]:
    """`make_handmade` for fixtures wider than one test."""
    return make_handmade


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """artifacts/ at the repository root (screenshots, measured figures); not committed."""
    path = REPO_ROOT / "artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def unused_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def uvicorn_runner() -> tuple[Callable[[Any], LiveServer], Callable[[LiveServer], None]]:
    """(start, stop) for servers that live longer than one test (module-scoped fixtures)."""
    return start_uvicorn, stop_uvicorn


@pytest.fixture(scope="session")
def require() -> Callable[[str], None]:
    """`require(reason)`: skip locally, fail under CI=true."""
    return missing
