"""FNC-1 end to end: do two article bodies that disagree about a rumour give a disputed fact,
and two that agree not?

From FNC-1 dev (`pairs.jsonl`, `bodies.jsonl`): for every headline with at least one agreeing
and one disagreeing body, a *conflict* story of the first of each; for every headline with two
agreeing bodies, a *control* story of the first two. Each story is compared as two articles;
the figure is the share of stories of each kind whose report has a disputed fact (conflict
high, control low).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rashomon.errors import InputError
from rashomon.evaluation.data import read_rows
from rashomon.model import Article, Report


def fnc1_stories(directory: Path) -> list[dict[str, Any]]:
    """[{headline, kind: conflict|control, bodies: (id, id)}] in file order."""
    pairs_path, bodies_path = directory / "pairs.jsonl", directory / "bodies.jsonl"
    if not pairs_path.exists() or not bodies_path.exists():
        raise InputError(f"{directory} needs pairs.jsonl and bodies.jsonl")
    by_headline: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for p in read_rows(pairs_path):
        by_headline[p["headline"]][p["stance"]].append(int(p["body_id"]))
    out = []
    for headline, stances in by_headline.items():
        agree, disagree = stances.get("agree", []), stances.get("disagree", [])
        if agree and disagree:
            out.append(
                {"headline": headline, "kind": "conflict", "bodies": (agree[0], disagree[0])}
            )
        if len(agree) >= 2:
            out.append({"headline": headline, "kind": "control", "bodies": (agree[0], agree[1])})
    return out


def _bodies(directory: Path) -> dict[int, str]:
    return {
        int(b["body_id"]): b.get("body") or b.get("text") or ""
        for b in read_rows(directory / "bodies.jsonl")
    }


def evaluate_fnc1_stories(
    directory: Path,
    compare: Callable[[Sequence[Article]], Report],
    *,
    limit: int | None = None,
) -> dict[str, Any]:
    bodies = _bodies(directory)
    stories = fnc1_stories(directory)[:limit]
    counts: dict[str, list[int]] = {"conflict": [0, 0], "control": [0, 0]}
    rows = []
    for s in stories:
        arts = [Article(id=f"body-{b}", text=bodies[b], outlet=f"body {b}") for b in s["bodies"]]
        report = compare(arts)
        disputed = [f for f in report.facts if f.verdict == "disputed"]
        counts[s["kind"]][0] += 1
        counts[s["kind"]][1] += bool(disputed)
        rows.append(
            {
                "headline": s["headline"],
                "kind": s["kind"],
                "bodies": list(s["bodies"]),
                "disputed": len(disputed),
                "reasons": [f.reason for f in disputed],
            }
        )
    return {
        "conflict_stories": counts["conflict"][0],
        "control_stories": counts["control"][0],
        "conflict_disputed_share": round(counts["conflict"][1] / counts["conflict"][0], 3)
        if counts["conflict"][0]
        else None,
        "control_disputed_share": round(counts["control"][1] / counts["control"][0], 3)
        if counts["control"][0]
        else None,
        "stories": rows,
    }
