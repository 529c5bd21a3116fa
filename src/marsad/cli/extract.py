"""`marsad extract PATH… [--format jsonl|json|table|csv] [--output F]`."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

from marsad.cli.app import app

FORMATS = ("jsonl", "json", "table", "csv")
_CSV_COLUMNS = ("article_id", "event_id", "date", "event_type", "sub_event_type", "actor1", "actor2",
                "location", "admin1", "country", "lat", "lon", "geo_precision", "fatalities", "injuries",
                "casualties", "source", "hedged", "confidence", "evidence")


def to_jsonl_line(record: dict[str, Any]) -> str:
    """One JSON line. U+2028/U+2029/U+0085 are escaped: line splitters treat them as breaks."""
    line = json.dumps(record, ensure_ascii=False)
    return line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\u0085", "\\u0085")


def records(paths: list[str]) -> Iterator[dict[str, Any]]:
    """Article records for every input item, streamed."""
    from marsad.extract.pipeline import extract_record
    from marsad.inputs import iter_items

    for item in iter_items(paths):
        yield extract_record({
            "id": item.id, "text": item.text, "source": item.source, "published": item.published,
            "title": item.title, "language": item.language, "errors": list(item.errors),
        })


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files or directories (.txt, .jsonl, .jsonl.gz, .json, .html) or - for stdin."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | json | table | csv"),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
) -> None:
    """Extract event records from Arabic reports (one article record per input item)."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    n_articles = n_events = n_errors = 0
    try:
        if fmt == "jsonl":
            for rec in records(paths):
                out.write(to_jsonl_line(rec) + "\n")
                n_articles += 1
                n_events += len(rec["events"])
                n_errors += bool(rec["errors"])
        elif fmt == "json":
            out.write("[")
            for i, rec in enumerate(records(paths)):
                out.write(("," if i else "") + "\n" + json.dumps(rec, ensure_ascii=False, indent=1))
                n_articles += 1
                n_events += len(rec["events"])
                n_errors += bool(rec["errors"])
            out.write("\n]\n")
        elif fmt == "csv":
            writer = csv.writer(out)
            writer.writerow(_CSV_COLUMNS)
            for rec in records(paths):
                n_articles += 1
                n_errors += bool(rec["errors"])
                for ev in rec["events"]:
                    n_events += 1
                    writer.writerow(flat_row(rec, ev))
        else:
            _table(records(paths), out)
    finally:
        if output:
            out.close()
    if output or fmt != "table":
        typer.echo(f"{n_articles} articles, {n_events} events, {n_errors} with errors", err=True)


def flat_row(rec: dict[str, Any], ev: dict[str, Any]) -> list[Any]:
    loc = ev.get("location") or {}
    attr = ev.get("attribution") or {}

    def best(key: str) -> Any:
        v = ev.get(key)
        return v.get("best") if v else None

    def actor(key: str) -> Any:
        a = ev.get(key)
        return a.get("name") if a else None

    return [rec["article_id"], ev["event_id"], ev["date"], ev["event_type"], ev["sub_event_type"], actor("actor1"),
            actor("actor2"), loc.get("name") or loc.get("mention"), loc.get("admin1"), loc.get("country"),
            loc.get("lat"), loc.get("lon"), loc.get("geo_precision"), best("fatalities"), best("injuries"),
            best("casualties"), attr.get("source"), attr.get("hedged"), ev["confidence"],
            " … ".join(e["text"] for e in ev["evidence"])]


def _table(recs: Iterator[dict[str, Any]], out: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="marsad events", show_lines=False)
    for col in ("article", "date", "type", "place", "actor1", "actor2", "killed", "wounded", "lumped", "source", "conf"):
        table.add_column(col)
    for rec in recs:
        if not rec["events"]:
            table.add_row(rec["article_id"], "", "—" if not rec["errors"] else "error: " + "; ".join(rec["errors"])[:60],
                          "", "", "", "", "", "", "", "")
        for ev in rec["events"]:
            row = flat_row(rec, ev)
            table.add_row(rec["article_id"], str(ev["date"] or ""), ev["sub_event_type"], str(row[7] or ""),
                          str(row[5] or ""), str(row[6] or ""), str(row[13] if row[13] is not None else ""),
                          str(row[14] if row[14] is not None else ""), str(row[15] if row[15] is not None else ""),
                          str(row[16] or ""), f"{ev['confidence']:.2f}")
    Console(file=out, width=200).print(table)
