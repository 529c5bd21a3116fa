"""`marsad eval`: score engine output against gold files."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from marsad.cli.app import app

# Metrics that are plain counts, shown without an n column.
_COUNT_METRICS = (
    "articles",
    "articles_missing_from_output",
    "unparseable_output_lines",
    "gold_events",
    "system_events",
)
# Event-level rates have no separate n in the metrics dict; these give it.
_EVENT_RATE_N = {"event_precision": "system_events", "event_recall": "gold_events"}


def _format_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _print_metrics_table(metrics: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="marsad eval", show_lines=False)
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_column("n", justify="right")
    for key, value in metrics.items():
        if key.endswith("_n"):
            continue
        if key in _COUNT_METRICS:
            table.add_row(key, _format_value(value), "")
            continue
        n = metrics.get(f"{key}_n", metrics.get(_EVENT_RATE_N.get(key, ""), ""))
        table.add_row(key, _format_value(value), _format_value(n) if n != "" else "")
    Console().print(table)


def _print_articles(report: Any) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console()
    for article_id, result in sorted(report.per_article.items()):
        status = "" if result.in_output else " [red](not in output)[/red]"
        console.print(
            f"[bold]{escape(article_id)}[/bold] tp={result.tp} fp={result.fp} fn={result.fn}{status}"
        )
        for brief in result.missed:
            console.print(f"  [yellow]missed[/yellow]      {escape(brief.line())}")
        for brief in result.false_alarms:
            console.print(f"  [red]false alarm[/red] {escape(brief.line())}")


def _class_title(name: str, label: str) -> str:
    # The reference tool's name in brackets, so the two listings can be compared.
    return name if label == name else f"{label} ({name})"


def _print_error_classes(errors: Any, verbose: bool) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from marsad.evaluation.error_classes import CLASSES, LABELS

    table = Table(title="error classes", show_lines=False)
    table.add_column("class")
    table.add_column("events", justify="right")
    for name in CLASSES:
        table.add_row(_class_title(name, LABELS[name]), str(errors.counts[name]))
    console = Console()
    console.print(table)
    if not verbose:
        return
    for name in CLASSES[1:]:
        items = errors.items_of(name)
        console.print(f"[bold]## {_class_title(name, LABELS[name])}: {len(items)}[/bold]")
        for item in items:
            console.print(f"  {escape(item.line())}")


def _json_payload(report: Any, articles: bool, verbose: bool) -> dict[str, Any]:
    # Plain --json stays the reference scorer's metrics object, key for key.
    if articles:
        return report.to_dict(with_error_items=verbose)
    if verbose:
        return {"metrics": report.metrics, "error_classes": report.error_classes.to_dict(with_items=True)}
    return report.metrics


@app.command("eval")
def evaluate_command(
    gold_dir: Annotated[
        Path, typer.Argument(help="Folder of <article_id>.gold.json files.", exists=True, file_okay=False)
    ],
    input_jsonl: Annotated[
        Path,
        typer.Argument(help="The engine's input: {id, text, ...} per line.", exists=True, dir_okay=False),
    ],
    system_jsonl: Annotated[
        Path | None, typer.Argument(help="The engine's article records (JSONL).", dir_okay=False)
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as one JSON object.")] = False,
    articles: Annotated[
        bool, typer.Option("--articles", help="Show misses and false alarms per article.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("-v", "--verbose", help="List the events of every error class.")
    ] = False,
    run: Annotated[
        bool, typer.Option("--run", help="Run the engine on INPUT_JSONL and score its output.")
    ] = False,
    without: Annotated[
        list[str] | None,
        typer.Option(
            "--without",
            help="With --run: leave out this engine component (repeatable); `--without list` names them.",
        ),
    ] = None,
) -> None:
    """Score engine output against gold: event P/R/F1 and field accuracies (gold-format.md).

    Then the error classes (evaluation/error_classes.py): wrong place, mistyped, split
    incident, non-news and missed; -v lists their events. With --json --articles the JSON
    holds {"metrics": ..., "articles": ..., "error_classes": ...}; --json -v adds the
    error classes and their events to the metrics.
    """
    from marsad.evaluation import evaluate, run_engine

    if without and "list" in without:
        from marsad.extract.pipeline import CORE, component_names

        for name in component_names():
            typer.echo(f"{name}{'  (core)' if name in CORE else ''}")
        return
    if without and not run:
        raise typer.BadParameter("--without needs --run (the engine must run without the component)")
    if without:
        from marsad.extract.pipeline import check_without

        try:
            check_without(without)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from exc
    if run == (system_jsonl is not None):
        raise typer.BadParameter("give SYSTEM_JSONL, or --run to produce it from INPUT_JSONL (not both)")
    if system_jsonl is not None:
        if not system_jsonl.is_file():
            raise typer.BadParameter(f"{system_jsonl} is not a file")
        report = evaluate(gold_dir, input_jsonl, system_jsonl)
    else:
        with tempfile.TemporaryDirectory(prefix="marsad-eval-") as tmp:
            output = Path(tmp) / "system.jsonl"
            run_engine(input_jsonl, output, frozenset(without or ()))
            report = evaluate(gold_dir, input_jsonl, output)

    if as_json:
        typer.echo(json.dumps(_json_payload(report, articles, verbose), ensure_ascii=False))
        return
    _print_metrics_table(report.metrics)
    _print_error_classes(report.error_classes, verbose)
    if articles:
        _print_articles(report)
