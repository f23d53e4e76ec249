"""`rashomon eval …`: score each stage on its dev data (see rashomon.evaluation)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from rashomon.cli.common import fail, service
from rashomon.errors import RashomonError

eval_app = typer.Typer(
    help="Score a stage on dev data; prints JSON, optionally writes it.", no_args_is_help=True
)

Out = Annotated[
    Path | None, typer.Option("--output", "-o", help="Also write the scores as JSON here.")
]
Limit = Annotated[int | None, typer.Option(help="Score only the first N items (a quick look).")]
JudgeOpt = Annotated[
    str | None, typer.Option("--judge", help="Judge to score (default: the configured one).")
]


def _emit(res: dict[str, Any], output: Path | None) -> None:
    text = json.dumps(res, indent=2, ensure_ascii=False)
    typer.echo(text)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text + "\n", encoding="utf-8")


def _labeller(judge: str | None, as_compare: bool = False):
    from rashomon.evaluation.judge import judge_labeller

    svc = service(judge=judge) if judge else service()
    return svc.settings.judge, judge_labeller(
        svc.judge, embedder=svc.embedder if as_compare else None
    )


@eval_app.command("fnc1")
def fnc1(
    directory: Annotated[Path, typer.Argument(help="Folder with pairs.jsonl and bodies.jsonl.")],
    judge: JudgeOpt = None,
    limit: Limit = None,
    output: Out = None,
) -> None:
    """FNC-1 stance: relative score and macro-F1 (headline = a, body = b)."""
    from rashomon.evaluation.judge import evaluate_fnc1

    try:
        name, label = _labeller(judge)
        _emit({"judge": name, **evaluate_fnc1(directory, label, limit=limit)}, output)
    except RashomonError as exc:
        fail(exc)


@eval_app.command("claimdiff")
def claimdiff(
    path: Annotated[Path, typer.Argument(help="ClaimDiff JSON Lines (claim_a, claim_b, label).")],
    judge: JudgeOpt = None,
    limit: Limit = None,
    output: Out = None,
    as_compare: Annotated[
        bool,
        typer.Option(
            "--as-compare",
            help="Give each pair its embedding similarity, "
            "as `rashomon compare` does between claims of one story.",
        ),
    ] = False,
) -> None:
    """ClaimDiff: macro-F1 over strengthen / weaken / neither."""
    from rashomon.evaluation.judge import evaluate_claimdiff

    try:
        name, label = _labeller(judge, as_compare)
        res = evaluate_claimdiff(path, label, limit=limit)
        _emit({"judge": name, **({"as": "compare"} if as_compare else {}), **res}, output)
    except RashomonError as exc:
        fail(exc)


@eval_app.command("polnear")
def polnear(
    path: Annotated[
        Path, typer.Argument(help="PolNeAR JSON Lines (article_id, text, attributions).")
    ],
    limit: Limit = None,
    output: Out = None,
) -> None:
    """PolNeAR attribution: P/R/F1 of direct quotes and of all attributions, speaker accuracy."""
    from rashomon.evaluation.polnear import evaluate, rashomon_extractor

    try:
        svc = service()
        _emit(evaluate(path, rashomon_extractor(svc.read), limit=limit), output)
    except RashomonError as exc:
        fail(exc)


@eval_app.command("ecbplus")
def ecbplus(
    path: Annotated[
        Path, typer.Argument(help="ECB+ documents.jsonl (doc_id, text, event_cluster).")
    ],
    limit: Limit = None,
    output: Out = None,
) -> None:
    """ECB+ story clustering: B-cubed P/R/F1 and adjusted Rand vs the gold event clusters,
    with the TF-IDF + average-link baseline."""
    from rashomon.evaluation.ecbplus import evaluate_ecbplus

    try:
        _emit(evaluate_ecbplus(path, service(), limit=limit), output)
    except RashomonError as exc:
        fail(exc)


@eval_app.command("facts")
def facts(
    directory: Annotated[
        Path, typer.Argument(help="A factbench folder (stories/, gold/, score.py).")
    ],
    reports: Annotated[
        Path | None,
        typer.Option(
            "--reports", help="Keep the per-story reports here (default: a temporary folder)."
        ),
    ] = None,
    only: Annotated[
        list[str] | None, typer.Option("--story", help="Only this story (repeatable).")
    ] = None,
    output: Out = None,
) -> None:
    """factbench: compare every story and score the facts with the benchmark's own score.py
    (link P/R/F1, fact recall and precision, dispute precision and recall)."""
    from rashomon.evaluation.factbench import run_reports, score

    try:
        svc = service()
        with tempfile.TemporaryDirectory() as tmp:
            folder = reports or Path(tmp)
            run_reports(directory, svc.compare, folder, only=only)
            _emit({"judge": svc.settings.judge, **score(directory, folder)}, output)
    except RashomonError as exc:
        fail(exc)


@eval_app.command("fnc1-stories")
def fnc1_stories(
    directory: Annotated[
        Path, typer.Argument(help="Folder with FNC-1 pairs.jsonl and bodies.jsonl.")
    ],
    limit: Limit = None,
    output: Out = None,
) -> None:
    """FNC-1 end to end: the share of conflict stories (an agreeing and a disagreeing body) and
    of control stories (two agreeing bodies) whose report has a disputed fact."""
    from rashomon.evaluation.fnc1_stories import evaluate_fnc1_stories

    try:
        svc = service()
        _emit(
            {
                "judge": svc.settings.judge,
                **evaluate_fnc1_stories(directory, svc.compare, limit=limit),
            },
            output,
        )
    except RashomonError as exc:
        fail(exc)
