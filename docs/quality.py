"""Write docs/quality.md from the committed measurements, so that page cannot drift.

Every figure on the page is read from ``eval/results/*.json`` (quality, written by ``make eval``
and the scripts named in each section), ``bench/results/*.json`` (speed, ``make bench`` and the
other ``bench/`` scripts) and ``eval/floors.toml`` (the floors CI holds the dev scores to); the
prose around them is the template text below, with no figure typed by hand. A missing file
makes its section say "not measured" instead of failing.

    python docs/quality.py            # rewrite docs/quality.md
    python docs/quality.py --check    # exit 1 when docs/quality.md is not what this writes
    python docs/quality.py --root DIR --output -   # read DIR's results, print the page

Standard library only: it runs in CI and in the tests without loading any model.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import re
import sys
import tomllib
from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, TypeGuard

ROOT = Path(__file__).resolve().parents[1]
PAGE = Path("docs") / "quality.md"
EVAL = "eval/results"
BENCH = "bench/results"
DASH = "–"

# A floor key that ends in this is a ceiling: the figure must stay at or below it.
CEILING_SUFFIX = "_max"
# floors.toml [table] key -> (results file, path to the figure in it). The eval gate
# (tests/test_eval_floors.py) checks a fresh run against the same keys.
FLOOR_FIGURES: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("html_extraction", "f1"): (f"{EVAL}/html_extraction.json", ("f1",)),
    ("judge_fnc1", "relative_score"): (f"{EVAL}/judge_fnc1_model.json", ("relative_score",)),
    ("judge_fnc1", "macro_f1"): (f"{EVAL}/judge_fnc1_model.json", ("macro_f1",)),
    ("judge_claimdiff", "macro_f1"): (f"{EVAL}/judge_claimdiff_model.json", ("macro_f1",)),
    ("polnear", "direct_f1"): (f"{EVAL}/polnear.json", ("direct", "f1")),
    ("polnear", "direct_speaker_accuracy"): (
        f"{EVAL}/polnear.json",
        ("direct", "speaker_accuracy"),
    ),
    ("polnear", "all_f1"): (f"{EVAL}/polnear.json", ("all", "f1")),
    ("ecbplus", "bcubed_f1"): (f"{EVAL}/ecbplus.json", ("rashomon_batch", "bcubed_f1")),
    ("ecbplus", "ari"): (f"{EVAL}/ecbplus.json", ("rashomon_batch", "ari")),
    ("factbench", "link_f1"): (f"{EVAL}/factbench.json", ("link_f1",)),
    ("factbench", "fact_recall"): (f"{EVAL}/factbench.json", ("fact_recall",)),
    ("factbench", "core_fact_recall"): (f"{EVAL}/factbench.json", ("core_fact_recall",)),
    ("factbench", "fact_precision"): (f"{EVAL}/factbench.json", ("fact_precision",)),
    ("fnc1_stories", "control_disputed_share_max"): (
        f"{EVAL}/fnc1_stories.json",
        ("control_disputed_share",),
    ),
}


# -- reading -------------------------------------------------------------------------------


class Sources:
    """The results files and floors under one root; remembers which files the page used."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.used: set[str] = set()
        self._read: dict[str, dict[str, Any] | None] = {}
        floors = root / "eval" / "floors.toml"
        self.floors: dict[str, dict[str, Any]] = (
            tomllib.loads(floors.read_text(encoding="utf-8")) if floors.is_file() else {}
        )

    def load(self, rel: str) -> dict[str, Any] | None:
        """The JSON object in ``rel`` (a path under the root), or None when there is none;
        each file is read once (the sections and the summary at the top share it)."""
        self.used.add(rel)
        if rel not in self._read:
            self._read[rel] = self._parse(self.root / rel)
        return self._read[rel]

    @staticmethod
    def _parse(path: Path) -> dict[str, Any] | None:
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def files(self, folder: str, pattern: str = "*.json") -> list[str]:
        return sorted(
            p.relative_to(self.root).as_posix() for p in (self.root / folder).glob(pattern)
        )

    def floor(self, table: str, key: str) -> float | None:
        value = self.floors.get(table, {}).get(key)
        return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def dig(data: Any, *path: str | int) -> Any:
    """``data[path[0]][path[1]]…``, or None where any step is missing."""
    for step in path:
        if isinstance(data, dict) and isinstance(step, str):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and -len(data) <= step < len(data):
            data = data[step]
        else:
            return None
    return data


def is_num(x: Any) -> TypeGuard[int | float]:
    return isinstance(x, int | float) and not isinstance(x, bool)


def constant(path: Path, name: str) -> str | None:
    """The string a module assigns to ``name`` at its top level, read without importing it."""
    if not path.is_file():
        return None
    source = path.read_text(encoding="utf-8")
    if name not in source:
        return None
    for node in ast.parse(source).body:
        target = value = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        if (
            isinstance(target, ast.Name)
            and target.id == name
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
        ):
            return value.value
    return None


def package_version(root: Path) -> str:
    """pyproject's version, or the module attribute its dynamic version names."""
    package = root / "src" / "rashomon"
    places = [package / "version.py", package / "__init__.py"]
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        meta = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        if isinstance(dig(meta, "project", "version"), str):
            return str(meta["project"]["version"])
        attr = dig(meta, "tool", "setuptools", "dynamic", "version", "attr")
        if isinstance(attr, str) and "." in attr:
            module, _, name = attr.rpartition(".")
            stem = root / "src" / Path(*module.split("."))
            for path in (stem.with_suffix(".py"), stem / "__init__.py"):
                found = constant(path, name)
                if found:
                    return found
    for path in places:
        found = constant(path, "__version__")
        if found:
            return found
    return "unknown"


def schema_version(root: Path) -> str:
    """``SCHEMA_VERSION`` as the package's source assigns it (read, not imported)."""
    package = root / "src" / "rashomon"
    if not package.is_dir():
        return "unknown"
    for path in [package / "model.py", *sorted(package.rglob("*.py"))]:
        found = constant(path, "SCHEMA_VERSION")
        if found:
            return found
    return "unknown"


# -- formatting ----------------------------------------------------------------------------


def num(x: Any, places: int = 3) -> str:
    """A number with ``places`` decimals (a dash when there is none)."""
    if not is_num(x):
        return DASH
    if isinstance(x, int) and places == 0:
        return f"{x:,}"
    # Half up from the number as the file writes it (0.9105 -> 0.911), as a reader would round.
    exact = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{exact:,f}"


def count(x: Any) -> str:
    return f"{x:,}" if isinstance(x, int) and not isinstance(x, bool) else num(x, 0)


def secs(x: Any, places: int = 2) -> str:
    return f"{num(x, places)} s" if is_num(x) else DASH


def pct(x: Any, places: int = 1) -> str:
    return f"{x * 100:.{places}f}%" if is_num(x) else DASH


def mb(x: Any) -> str:
    return f"{num(x, 0)} MB" if is_num(x) else DASH


def runs(xs: Any, places: int) -> str:
    if not isinstance(xs, list) or not xs:
        return DASH
    return ", ".join(num(x, places) for x in xs)


def loads(xs: Any) -> str:
    return " / ".join(num(x, 2) for x in xs) if isinstance(xs, list) and xs else DASH


def text(x: Any) -> str:
    return str(x) if x not in (None, "") else DASH


def yes_no(x: Any) -> str:
    return {True: "yes", False: "no"}.get(x, DASH) if isinstance(x, bool) else DASH


def code(x: Any) -> str:
    return f"`{x}`" if x not in (None, "") else DASH


def gate(value: Any, limit: float | None, *, ceiling: bool = False, places: int = 2) -> str:
    """``≥ limit, met`` / ``≥ limit, **not met**`` (``≤`` for a ceiling); a dash if none."""
    if limit is None:
        return DASH
    sign = "≤" if ceiling else "≥"
    if not is_num(value):
        return f"{sign} {num(limit, places)}"
    met = value <= limit if ceiling else value >= limit
    return f"{sign} {num(limit, places)}, {'met' if met else '**not met**'}"


def target(
    value: Any, limit: Any, unit: str = "", *, at_least: bool = False, percent: bool = False
) -> str:
    """A bench target beside its figure: ``≤ 5 s, met``."""
    if not is_num(limit):
        return DASH
    sign = "≥" if at_least else "≤"
    shown = pct(limit, 0) if percent else f"{num(limit, 2).rstrip('0').rstrip('.')}{unit}"
    shown = f"{sign} {shown}"
    if not is_num(value):
        return shown
    met = value >= limit if at_least else value <= limit
    return f"{shown}, {'met' if met else '**not met**'}"


def table(
    header: Sequence[str], rows: Iterable[Sequence[str]], right: Sequence[int] = ()
) -> list[str]:
    """A Markdown table; columns whose index is in ``right`` are right-aligned."""
    align = ["---:" if i in right else "---" for i in range(len(header))]
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def missing(rel: str, how: str) -> list[str]:
    return [f"Not measured: `{rel}` is not in this checkout ({how} writes it).", ""]


def para(*sentences: str) -> list[str]:
    return [" ".join(s for s in sentences if s), ""]


# -- quality -------------------------------------------------------------------------------


def html_extraction(src: Sources) -> list[str]:
    rel = f"{EVAL}/html_extraction.json"
    out: list[str] = []
    d = src.load(rel)
    if d is None:
        return out + missing(rel, "`python eval/html_extraction.py`")
    floor = src.floor("html_extraction", "f1")
    out += para(
        "`eval/html_extraction.py` runs `rashomon.ingest.article_from_html` (trafilatura) over",
        f"{text(d.get('data'))} and compares each extracted text with the page's human gold",
        f"body. Metric: {text(d.get('metric'))}.",
    )
    out += table(
        ["pages", "failures", "precision", "recall", "F1", "floor (F1)", "seconds"],
        [
            [
                count(d.get("pages")),
                count(d.get("failures")),
                num(d.get("precision")),
                num(d.get("recall")),
                f"**{num(d.get('f1'))}**",
                gate(d.get("f1"), floor),
                num(d.get("seconds"), 1),
            ]
        ],
        right=range(7),
    )
    pages = [p for p in d.get("per_page") or [] if isinstance(p, dict) and is_num(p.get("f1"))]
    if pages:
        worst = sorted(pages, key=lambda p: (p["f1"], str(p.get("domain"))))[:5]
        worst_f1 = "; ".join(f"{text(p.get('domain'))} {num(p['f1'])}" for p in worst)
        out += ["", *para(f"The pages it does worst on (F1): {worst_f1}.")]
    else:
        out.append("")
    return out


JUDGE_ORDER = {"model": 0, "cue": 1}


def judges(src: Sources) -> list[str]:
    out: list[str] = []
    runs_by: dict[tuple[str, str], dict[str, Any]] = {}
    for rel in src.files(EVAL, "judge_*.json"):
        d = src.load(rel)
        if d is None or not isinstance(d.get("judge"), str) or not isinstance(d.get("set"), str):
            continue
        kind = f"{d['set']}_{d['as']}" if d.get("as") else d["set"]
        runs_by[(str(d["judge"]), kind)] = d
    if not runs_by:
        return out + missing(f"{EVAL}/judge_*.json", "`python eval/judge.py all --judge NAME`")
    out += para(
        "`python eval/judge.py all --judge NAME` (the same code as `rashomon eval fnc1` and",
        "`rashomon eval claimdiff`) scores a judge on the dev portions of FNC-1",
        "(`../shared/data/fnc1`: headline as claim, whole body as evidence) and ClaimDiff",
        "(`../shared/data/claimdiff/dev.jsonl`). FNC-1's relative score gives 0.25 for telling",
        "related from unrelated and 0.75 more for the right stance of a related pair, over the",
        "best possible; macro-F1 is over its four classes. ClaimDiff is scored by macro-F1 over",
        "strengthen / weaken / neither (agree, contradict, and neutral or unrelated). *As",
        "compare* (`--as-compare`) gives each ClaimDiff pair its embedding similarity, as",
        "`rashomon compare` does between claims of one story, so the stance band and confidence",
        "bar apply: most of ClaimDiff's strengthen pairs support each other without telling the",
        "same thing, and compare keeps those apart on purpose. `model` is the shipped",
        "cross-encoder (the default), `cue` the transparent first judge. The floors apply to",
        "`model`.",
    )
    names = sorted({j for j, _ in runs_by}, key=lambda j: (JUDGE_ORDER.get(j, 9), j))
    cols = [
        ("fnc1", "relative_score", "judge_fnc1", "FNC-1 relative"),
        ("fnc1", "macro_f1", "judge_fnc1", "FNC-1 macro-F1"),
        ("claimdiff", "macro_f1", "judge_claimdiff", "ClaimDiff macro-F1"),
        ("claimdiff_compare", "macro_f1", None, "ClaimDiff as compare"),
    ]
    rows = [[code(j)] + [num(dig(runs_by.get((j, s)), k)) for s, k, _, _ in cols] for j in names]
    rows.append(
        ["floor"]
        + [
            num(src.floor(t, k), 2) if t and src.floor(t, k) is not None else DASH
            for _, k, t, _ in cols
        ]
    )
    out += table(["judge"] + [c[3] for c in cols], rows, right=range(1, 5))
    out.append("")
    model_met = [
        gate(dig(runs_by.get(("model", s)), k), src.floor(t, k))
        for s, k, t, _ in cols
        if t and src.floor(t, k) is not None
    ]
    if model_met:
        out += para("`model` against its floors: " + "; ".join(model_met) + ".")
    if ("model", "fnc1") in runs_by and ("cue", "fnc1") in runs_by:
        gains = []
        for s, k, _, label in cols[:3]:
            a, b = dig(runs_by.get(("model", s)), k), dig(runs_by.get(("cue", s)), k)
            if is_num(a) and is_num(b):
                gains.append(f"{(a - b) * 100:+.1f} points of {label}")
        out += para("`model` over `cue`: " + ", ".join(gains) + ".")
    for s, title in (("fnc1", "FNC-1"), ("claimdiff", "ClaimDiff")):
        have = [j for j in names if (j, s) in runs_by]
        classes: list[str] = []
        for j in have:
            for c in dig(runs_by[(j, s)], "per_class_f1") or {}:
                if c not in classes:
                    classes.append(c)
        if not have or not classes:
            continue
        out.append(
            f"Per-class F1 on {title} dev ({count(runs_by[(have[0], s)].get('pairs'))} pairs):"
        )
        out.append("")
        out += table(
            ["judge", *classes, "seconds"],
            [
                [code(j)]
                + [num(dig(runs_by[(j, s)], "per_class_f1", c)) for c in classes]
                + [num(runs_by[(j, s)].get("seconds"), 1)]
                for j in have
            ],
            right=range(1, len(classes) + 2),
        )
        out.append("")
    out += para(
        "The modality check: an article whose best evidence passes the claim on as others'",
        'word, with several cues such as "reportedly", "according to", "claims", "may", is',
        "discussing it, so the model's weaker agreement there becomes no stance (the model is",
        "agree-biased; the bar was chosen on FNC-1 dev). The judge runs one pair a batch, so",
        "that a pair's scores do not depend on its neighbours: the int8 graph quantises",
        "activations per batch, and these dev sets are small enough for that noise to show.",
        "The judge's [model card](../src/rashomon/resources/judge/MODEL_CARD.md) has the",
        "training data, earlier passes and what would close the rest.",
    )
    return out


def polnear(src: Sources) -> list[str]:
    rel = f"{EVAL}/polnear.json"
    out: list[str] = []
    d = src.load(rel)
    if d is None:
        return out + missing(rel, "`rashomon eval polnear ../shared/data/polnear/dev.jsonl`")
    out += para(
        "`rashomon eval polnear ../shared/data/polnear/dev.jsonl` over",
        f"{count(d.get('articles'))} political news articles",
        f"({count(dig(d, 'direct', 'gold'))} gold direct quotes,",
        f"{count(dig(d, 'all', 'gold'))} gold attributions in all). A match overlaps at least",
        "half of each span. *Direct* is direct quotes; *all* is every attribution (direct,",
        'indirect, "according to", noun cues). Speaker accuracy is over the matched ones.',
        "The peer is textacy's `direct_quotations` through the same scorer",
        "(`eval/textacy_peer.py`, run from a separate venv), per paragraph and on whole articles.",
    )
    systems: list[tuple[str, dict[str, Any]]] = [("rashomon", d)]
    for peer in src.files(EVAL, "polnear_*.json"):
        p = src.load(peer)
        if p is not None:
            label = f"{text(p.get('system'))} ({text(p.get('mode'))})"
            systems.append((label, p))
    header = ["system", "direct P", "direct R", "direct F1", "direct speaker", "all P", "all R"]
    header += ["all F1", "all speaker"]

    def row(label: str, r: dict[str, Any]) -> list[str]:
        cells = [label]
        for part in ("direct", "all"):
            cells += [
                num(dig(r, part, "precision")),
                num(dig(r, part, "recall")),
                num(dig(r, part, "f1")),
                num(dig(r, part, "speaker_accuracy")),
            ]
        return cells

    floors = [
        "floor (rashomon)",
        DASH,
        DASH,
        num(src.floor("polnear", "direct_f1"), 2),
        num(src.floor("polnear", "direct_speaker_accuracy"), 2),
        DASH,
        DASH,
        num(src.floor("polnear", "all_f1"), 2),
        DASH,
    ]
    out += table(header, [row(*s) for s in systems] + [floors], right=range(1, 9))
    out.append("")
    checks = [
        gate(dig(d, "direct", "f1"), src.floor("polnear", "direct_f1")),
        gate(dig(d, "direct", "speaker_accuracy"), src.floor("polnear", "direct_speaker_accuracy")),
        gate(dig(d, "all", "f1"), src.floor("polnear", "all_f1")),
    ]
    out += para(
        "rashomon against its floors (direct F1, direct speaker accuracy, all F1):",
        "; ".join(checks) + ".",
    )
    common = d.get("speaker_accuracy_common")
    if isinstance(common, dict) and common:
        out += para(
            "Each system's speaker accuracy is over the quotes it matches, so the two are over",
            "different sets; on the gold direct quotes both match (`speaker_accuracy_common`):",
        )
        out += table(
            ["textacy run", "quotes both match", "rashomon", "textacy"],
            [
                [
                    code(k.removeprefix("textacy_")),
                    count(dig(v, "n")),
                    num(dig(v, "rashomon")),
                    num(dig(v, "textacy")),
                ]
                for k, v in sorted(common.items())
            ],
            right=(1, 2, 3),
        )
        out.append("")
    wrong = dig(d, "matched_direct_speakers", "wrong")
    right = dig(d, "matched_direct_speakers", "right")
    if isinstance(wrong, list) and isinstance(right, list):
        out += para(
            f"rashomon's speaker errors on matched direct quotes: {len(wrong)} of",
            f"{len(wrong) + len(right)} (listed by id in the results file).",
        )
    out += para(
        "All-attribution F1 stays well below direct-quote F1: PolNeAR annotates attribution",
        'broadly (stances and noun cues such as "concerns about", "support for", "rated", polls',
        'that "show"), which a parse-and-lexicon method reaches only in part.',
    )
    return out


ECB_ROWS = (
    ("rashomon_batch", "batch (`rashomon cluster`), shipped"),
    ("rashomon_batch_fast", "batch `--fast` (no parse)"),
    ("rashomon_online", "online index, file order"),
    ("baseline_tfidf_average_link", "baseline: TF-IDF + average link, best threshold"),
    ("baseline_one_cluster_per_topic", "baseline: one cluster per topic"),
)


def ecbplus(src: Sources) -> list[str]:
    rel = f"{EVAL}/ecbplus.json"
    out: list[str] = []
    d = src.load(rel)
    if d is None:
        return out + missing(rel, "`rashomon eval ecbplus ../shared/data/ecbplus/documents.jsonl`")
    topics = dig(d, "baseline_one_cluster_per_topic", "clusters")
    out += para(
        "`rashomon eval ecbplus ../shared/data/ecbplus/documents.jsonl`:",
        f"{count(d.get('documents'))} dev documents in {count(d.get('gold_clusters'))} gold events",
        f"({count(topics)} topics of near-miss events)." if is_num(topics) else "",
        "Only the text is used (the source URL would leak the answer). B-cubed precision,",
        "recall and F1 and the adjusted Rand index (ARI), every system through the same scorer.",
        "Tuned on this dev file only; the MiniLM vectors gate pairs rather than score them, since",
        "on ECB+ they pull near-miss events together.",
    )
    rows = []
    for key, label in ECB_ROWS:
        r = d.get(key)
        if not isinstance(r, dict):
            continue
        if key == "baseline_tfidf_average_link" and is_num(r.get("threshold")):
            label += f" ({num(r['threshold'], 4)})"
        rows.append(
            [
                label,
                num(r.get("bcubed_precision")),
                num(r.get("bcubed_recall")),
                num(r.get("bcubed_f1")),
                num(r.get("ari")),
                count(r.get("clusters")),
            ]
        )
    rows.append(
        [
            "floor (batch)",
            DASH,
            DASH,
            num(src.floor("ecbplus", "bcubed_f1"), 2),
            num(src.floor("ecbplus", "ari"), 2),
            DASH,
        ]
    )
    out += table(
        ["system", "B-cubed P", "B-cubed R", "B-cubed F1", "ARI", "clusters"],
        rows,
        right=range(1, 6),
    )
    out.append("")
    batch = d.get("rashomon_batch")
    out += para(
        "The batch clustering against its floors:",
        gate(dig(batch, "bcubed_f1"), src.floor("ecbplus", "bcubed_f1")) + " (B-cubed F1);",
        gate(dig(batch, "ari"), src.floor("ecbplus", "ari")) + " (ARI).",
        f"Analysis took {secs(d.get('analyze_seconds'), 1)}, the batch clustering",
        f"{secs(dig(batch, 'seconds'), 1)}.",
    )
    params = d.get("params")
    if isinstance(params, dict) and params:
        out += para(
            "Parameters of this run: " + ", ".join(f"`{k}={v}`" for k, v in params.items()) + "."
        )
    return out


FACT_COLUMNS = (
    "link P",
    "link R",
    "link F1",
    "fact recall",
    "core fact recall",
    "fact precision",
    "dispute P",
    "dispute R",
)
FACT_KEYS = (
    "link_precision",
    "link_recall",
    "link_f1",
    "fact_recall",
    "core_fact_recall",
    "fact_precision",
    "dispute_precision",
    "dispute_recall",
)


def factbench(src: Sources) -> list[str]:
    cv_rel, in_rel = f"{EVAL}/factbench_cv.json", f"{EVAL}/factbench.json"
    out: list[str] = []
    cv, ins = src.load(cv_rel), src.load(in_rel)
    if cv is None and ins is None:
        return out + missing(in_rel, "`rashomon eval facts ../shared/data/factbench`")
    any_run = cv or ins or {}
    out += para(
        f"factbench: {count(any_run.get('stories'))} real three-outlet stories annotated fact by",
        "fact. `rashomon eval facts ../shared/data/factbench` compares every story and scores",
        "the reports with the benchmark's own `score.py`. *Link* precision / recall / F1 is over",
        "cross-outlet sentence pairs inside one fact; *fact recall* is the share of gold",
        "multi-outlet facts found (*core*: the facts every outlet reports); *fact precision* the",
        "share of reported multi-outlet facts that are right; *dispute* precision and recall are",
        "over the gold conflict or framing facts.",
        "**Held out** (`train/align_cv.py`, run by `make train-aligner`): by story folds through",
        "the real pipeline, the aligner of each fold never saw its stories; this is the figure to",
        "quote. **In-sample** (`make eval`): the shipped aligner was trained on these same",
        "stories, so this figure guards against regressions (the floors apply to it) and is not",
        "a measure of quality.",
    )
    rows = []
    for label, d in (("held out", cv), ("in-sample", ins)):
        if d is None:
            rows.append([label] + ["not measured"] + [DASH] * (len(FACT_KEYS) - 1))
            continue
        cells = [num(d.get(k)) for k in FACT_KEYS]
        if label == "held out" and is_num(dig(d, "params", "folds")):
            label += f" ({count(dig(d, 'params', 'folds'))} story folds)"
        rows.append([f"**{label}**" if d is cv else label, *cells])
    rows.append(
        ["floor (in-sample)"]
        + [
            num(src.floor("factbench", k), 2) if src.floor("factbench", k) is not None else DASH
            for k in FACT_KEYS
        ]
    )
    out += table(["run", *FACT_COLUMNS], rows, right=range(1, len(FACT_KEYS) + 1))
    out.append("")
    if ins is not None:
        checks = [
            f"{k.replace('_', ' ')} {gate(ins.get(k), src.floor('factbench', k))}"
            for k in FACT_KEYS
            if src.floor("factbench", k) is not None
        ]
        out += para("In-sample against its floors: " + "; ".join(checks) + ".")
    counts = []
    for label, d in (("held out", cv), ("in-sample", ins)):
        t = dig(d, "totals")
        if isinstance(t, dict):
            counts.append(
                [
                    label,
                    f"{count(t.get('found'))} of {count(t.get('gold_facts'))}",
                    f"{count(t.get('found_core'))} of {count(t.get('gold_core'))}",
                    f"{count(t.get('precise_facts'))} of {count(t.get('pred_facts'))}",
                    f"{count(t.get('tp'))} of {count(t.get('pred_pairs'))}"
                    f" ({count(t.get('gold_pairs'))} gold)",
                    f"{count(t.get('disputed_right'))} of {count(t.get('pred_disputed'))}",
                    f"{count(t.get('conflicts_found'))} of {count(t.get('gold_conflicts'))}",
                ]
            )
    if counts:
        out += table(
            [
                "run",
                "gold facts found",
                "core found",
                "reported facts right",
                "pairs right",
                "disputes right",
                "gold conflicts found",
            ],
            counts,
            right=range(1, 7),
        )
        out.append("")
    out += para(
        "Precision first: a fact is disputed only for a reason a reader checks in seconds (two",
        "counts of the same thing, two dates of one happening, the same predicate affirmed and",
        "denied, or the judge sure of a contradiction), so disputes are rare and dispute recall",
        "is low. The aligner's [model card](../src/rashomon/resources/aligner/MODEL_CARD.md) says",
        "what was tried and the figures before it.",
    )
    params = dig(cv, "params")
    if isinstance(params, dict):
        shown = [f"`{k}`: `{v}`" for k, v in params.items() if k != "folds"]
        if shown:
            out += para("Knobs of the held-out run, as it recorded them: " + "; ".join(shown) + ".")
    return out


def fnc1_stories(src: Sources) -> list[str]:
    rel = f"{EVAL}/fnc1_stories.json"
    out: list[str] = []
    d = src.load(rel)
    if d is None:
        return out + missing(rel, "`rashomon eval fnc1-stories ../shared/data/fnc1`")
    ceiling = src.floor("fnc1_stories", "control_disputed_share_max")
    out += para(
        "`rashomon eval fnc1-stories ../shared/data/fnc1` builds two-article stories from FNC-1",
        "dev: for each headline with an agreeing and a disagreeing body a *conflict* story, with",
        "two agreeing bodies a *control* story, compares each and counts the stories with a",
        f"disputed fact (judge `{text(d.get('judge'))}`). A disputed fact between two agreeing",
        "bodies is the worst error, so the control share has a ceiling; no floor is set on the",
        "conflict stories while none is found.",
    )
    stories = [s for s in d.get("stories") or [] if isinstance(s, dict)]

    def disputed(kind: str) -> str:
        n = sum(
            1
            for s in stories
            if s.get("kind") == kind and is_num(s.get("disputed")) and s["disputed"] > 0
        )
        return count(n) if stories else DASH

    out += table(
        ["stories", "count", "with a disputed fact", "share", "ceiling"],
        [
            [
                "conflict",
                count(d.get("conflict_stories")),
                disputed("conflict"),
                num(d.get("conflict_disputed_share")),
                DASH,
            ],
            [
                "control",
                count(d.get("control_stories")),
                disputed("control"),
                num(d.get("control_disputed_share")),
                gate(d.get("control_disputed_share"), ceiling, ceiling=True),
            ],
        ],
        right=range(1, 4),
    )
    out.append("")
    flagged = [s for s in stories if is_num(s.get("disputed")) and s["disputed"] > 0]
    if flagged:
        out.append("Stories with a disputed fact:")
        out.append("")
        for s in flagged:
            reasons = "; ".join(str(r) for r in s.get("reasons") or []) or DASH
            out.append(f"- {text(s.get('kind'))}: {text(s.get('headline'))} ({reasons})")
        out.append("")
    return out


# -- speed ---------------------------------------------------------------------------------


def machine(d: dict[str, Any]) -> str:
    m = d.get("machine")
    if isinstance(m, dict):
        parts = [f"{count(m.get('cpus'))} cores" if m.get("cpus") else ""]
        parts.append(f"Python {m['python']}" if m.get("python") else "")
        return ", ".join(p for p in parts if p) or DASH
    return text(m)


def compare_latency(src: Sources) -> list[str]:
    rel = f"{BENCH}/compare_latency.json"
    out: list[str] = []
    d = src.load(rel)
    if d is None:
        return out + missing(rel, "`make bench` (`bench/compare_latency.py`)")
    t = d.get("targets") or {}
    out += para(
        "`bench/compare_latency.py`: `rashomon compare` on the founding pair (the two articles",
        "`make demo` compares). *Cold* is a new process, models loaded; *warm* is in process",
        "with the judge's pair cache emptied before each run, as for articles not seen before;",
        "*cached* re-runs the same pair. The per-article stage is timed over",
        f"{text(d.get('analyze_corpus'))}.",
        f"Machine: {machine(d)}; load average {loads(d.get('load_average'))}.",
    )
    out += table(
        ["measure", "median", "runs", "target"],
        [
            [
                "compare, cold",
                f"**{secs(dig(d, 'compare_cold_s', 'median'))}**",
                runs(dig(d, "compare_cold_s", "runs"), 2),
                target(dig(d, "compare_cold_s", "median"), t.get("cold_s"), " s"),
            ],
            [
                "compare, warm",
                f"**{secs(dig(d, 'compare_warm_s', 'median'), 3)}**",
                runs(dig(d, "compare_warm_s", "runs"), 3),
                target(dig(d, "compare_warm_s", "median"), t.get("warm_s"), " s"),
            ],
            [
                "compare, warm, pair cached",
                secs(dig(d, "compare_warm_cached_s", "median"), 3),
                runs(dig(d, "compare_warm_cached_s", "runs"), 3),
                DASH,
            ],
            [
                "per-article stage",
                f"{num(d.get('analyze_articles_per_s'), 2)} articles/s"
                f" ({num(d.get('analyze_chars_per_s'), 0)} characters/s)",
                DASH,
                DASH,
            ],
            [
                "peak RSS",
                mb(d.get("peak_rss_mb")),
                DASH,
                target(d.get("peak_rss_mb"), t.get("peak_rss_mb"), " MB"),
            ],
        ],
        right=(1,),
    )
    out.append("")
    out += para(
        "The MiniLM graph shipped with rashomon is its own export with onnxruntime's dynamic",
        "int8 quantisation (`make export-embedder`, `train/export_embedder.py`: integer MatMuls),",
        "run one text a batch so that a vector does not move with its neighbours.",
    )
    return out


def facts_latency(src: Sources) -> list[str]:
    rel = f"{BENCH}/facts_latency.json"
    out: list[str] = []
    d = src.load(rel)
    if d is None:
        return out + missing(rel, "`make bench` (`bench/facts_latency.py`)")
    t = d.get("targets") or {}
    cold = d.get("story_cold_s") or {}
    out += para(
        "`bench/facts_latency.py`: `rashomon compare` with the alignment, grouping and verdict",
        "stage, on factbench's three-outlet stories nearest a target length and its longest",
        "story (warm: median of three runs each, the judge's cache emptied) and on the founding",
        "pair (warm, five runs).",
        f"Machine: {machine(d)}; load average {loads(d.get('load_average'))}.",
    )
    rows = [
        [
            f"story `{text(cold.get('story'))}`, cold",
            count(cold.get("words")),
            f"**{secs(cold.get('median'))}**",
            runs(cold.get("runs"), 2),
            target(cold.get("median"), t.get("story_cold_s"), " s"),
        ]
    ]
    warm = d.get("story_warm_s")
    if isinstance(warm, dict):
        for story, w in warm.items():
            rows.append(
                [
                    f"story `{story}`, warm",
                    count(dig(w, "words")),
                    f"**{secs(dig(w, 'warm_s'), 3)}**",
                    DASH,
                    target(dig(w, "warm_s"), t.get("story_warm_s"), " s"),
                ]
            )
    pair = d.get("founding_pair_warm_s") or {}
    rows.append(
        [
            "founding pair, warm",
            DASH,
            f"**{secs(pair.get('median'), 3)}**",
            runs(pair.get("runs"), 3),
            target(pair.get("median"), t.get("founding_pair_warm_s"), " s"),
        ]
    )
    rows.append(
        [
            "peak RSS",
            DASH,
            mb(d.get("peak_rss_mb")),
            DASH,
            target(d.get("peak_rss_mb"), t.get("peak_rss_mb"), " MB"),
        ]
    )
    out += table(["measure", "words", "median", "runs", "target"], rows, right=(1, 2))
    out.append("")
    other = src.load(f"{BENCH}/compare_latency.json")
    there = dig(other, "compare_warm_s", "median")
    if is_num(there) and is_num(pair.get("median")) and there != pair["median"]:
        out += para(
            "The founding pair's warm compare is measured the same way by",
            f"`bench/compare_latency.py`, in a run of its own: {secs(there, 3)} there. Each",
            "figure is its own run's; `make bench` takes both on the same code.",
        )
    return out


def judge_speed(src: Sources) -> list[str]:
    rel = f"{BENCH}/judge_speed.json"
    out: list[str] = []
    d = src.load(rel)
    if d is None:
        return out + missing(rel, "`make bench` (`bench/judge_speed.py`)")
    out += para(
        "`bench/judge_speed.py`: the shipped judge's throughput at batch",
        f"{count(d.get('batch'))}. Sentence pairs are ClaimDiff dev claims (short, like",
        "cross-outlet claim pairs); article pairs are FNC-1 dev headlines against whole bodies",
        f"(evidence selection included). Machine: {machine(d)}.",
    )
    out += table(
        ["measure", "value", "runs"],
        [
            [
                f"sentence pairs ({count(d.get('sentence_pairs'))})",
                f"**{num(d.get('sentence_pairs_per_s'), 1)} pairs/s**",
                runs(d.get("sentence_pairs_per_s_runs"), 1),
            ],
            [
                f"headline vs article pairs ({count(d.get('article_pairs'))})",
                f"{num(d.get('article_pairs_per_s'), 1)} pairs/s",
                DASH,
            ],
            [
                "a cached pair run again",
                f"{num(d.get('cached_rerun_pairs_per_s'), 0)} pairs/s",
                DASH,
            ],
            ["model on disk", mb(d.get("model_mb")), DASH],
        ],
        right=(1,),
    )
    out.append("")
    return out


def quote_overhead(src: Sources) -> list[str]:
    rel = f"{BENCH}/quote_overhead.json"
    out: list[str] = []
    d = src.load(rel)
    if d is None:
        return out + missing(rel, "`make bench` (`bench/quote_overhead.py`)")
    found = d.get("quotes_found") or {}
    out += para(
        "`bench/quote_overhead.py` runs the full per-article stage (parse, entities, quotes,",
        "reported speech, claims, dates, claim embeddings) over",
        f"{text(d.get('corpus'))}, timing the two quote steps (`direct_quotes`,",
        "`indirect_quotes`) inside it; the overhead is their time over the time of everything",
        f"else. Machine: {machine(d)}.",
    )
    out += table(
        ["measure", "value"],
        [
            [
                "overhead of quotes and attributions",
                f"**{pct(d.get('overhead'))}** (target"
                f" {target(d.get('overhead'), d.get('target_overhead'), percent=True)})",
            ],
            ["per article, whole stage", f"{num(d.get('per_article_ms'), 1)} ms"],
            ["per article, the quote steps", f"{num(d.get('quotes_per_article_ms'), 2)} ms"],
            ["direct quotes, in all", secs(d.get("direct_quotes_s"))],
            ["indirect quotes, in all", secs(d.get("indirect_quotes_s"))],
            ["everything else, in all", secs(d.get("stage_without_quotes_s"))],
            [
                "quotes found",
                f"{count(found.get('direct'))} direct, {count(found.get('indirect'))} indirect",
            ],
        ],
        right=(1,),
    )
    out.append("")
    return out


def ingest_store(src: Sources) -> list[str]:
    rel = f"{BENCH}/ingest_store.json"
    out: list[str] = []
    d = src.load(rel)
    if d is None:
        return out + missing(rel, "`python bench/ingest_store.py`")
    out += para(
        f"`bench/ingest_store.py` ingests the first {count(d.get('articles'))} BASIL articles",
        "(real news, three outlets per event) into a fresh SQLite file with the real models,",
        "then measures what the store makes fast afterwards. Machine:",
        f"{machine(d)}.",
    )
    db = d.get("db_bytes")
    out += table(
        ["measure", "value"],
        [
            [
                "ingest",
                f"{secs(d.get('ingest_s'), 1)} ({num(d.get('ingest_articles_per_s'), 2)}"
                f" articles/s): {count(d.get('stories'))} stories,"
                f" {count(d.get('duplicates'))} near-duplicates",
            ],
            [
                "the same file again (all already stored)",
                f"{secs(d.get('reingest_unchanged_s'), 3)}"
                f" ({count(d.get('reingest_unchanged'))} unchanged)",
            ],
            [
                f"report of a stored story ({count(d.get('story_articles'))} articles), cached",
                f"**{secs(d.get('report_cached_median_s'), 3)}** (median)",
            ],
            [
                "the same report from the stored analyses",
                secs(d.get("report_from_stored_analyses_s"), 1),
            ],
            ["the same report by a fresh compare", secs(d.get("report_fresh_compare_s"), 1)],
            ["search", f"{ms(d.get('search_median_s'))} (median)"],
            ["near-duplicate fingerprints", f"{num(d.get('fingerprints_per_s'), 1)} articles/s"],
            ["database size", mb(db / 1e6) if is_num(db) else DASH],
            ["peak RSS", mb(d.get("peak_rss_mb"))],
        ],
        right=(1,),
    )
    out.append("")
    return out


def ms(seconds: Any) -> str:
    return f"{num(seconds * 1000, 1)} ms" if is_num(seconds) else DASH


def scale_throughput(src: Sources) -> list[str]:
    rel = f"{BENCH}/scale_throughput.json"
    out: list[str] = []
    d = src.load(rel)
    if d is None:
        return out + missing(rel, "`python bench/scale_throughput.py`")
    out += para(
        "`bench/scale_throughput.py` builds a corpus of real articles and measures, each in a",
        "fresh process with the peak RSS of its whole process tree (Ray included), the whole",
        "pipeline with each batch engine, the story embedding, and clustering alone at growing",
        f"sizes. Corpus: {text(d.get('corpus'))}. Machine: {machine(d)}; load average at start",
        f"{loads(dig(d, 'machine', 'load_at_start'))}.",
    )
    full = d.get("full")
    if isinstance(full, dict) and full:
        out.append(
            f"The whole pipeline (analysis, story vectors, clustering) over"
            f" {count(d.get('corpus_articles'))} articles, each engine in its own process:"
        )
        out.append("")
        rows = []
        for name, r in full.items():
            rows.append(
                [
                    code(name),
                    count(dig(r, "articles")),
                    count(dig(r, "stories")),
                    count(dig(r, "failed")),
                    secs(dig(r, "seconds"), 1),
                    f"**{num(dig(r, 'articles_per_second'), 2)}**",
                    mb(dig(r, "peak_rss_mb")),
                    num(dig(r, "tree_cpu_seconds"), 1),
                    loads(dig(r, "load_average")),
                    text(dig(r, "finished")),
                ]
            )
        out += table(
            [
                "engine",
                "articles",
                "stories",
                "failed",
                "wall",
                "articles/s",
                "peak RSS",
                "CPU s (tree)",
                "load",
                "finished",
            ],
            rows,
            right=range(1, 8),
        )
        out.append("")
        rates = {n: dig(r, "articles_per_second") for n, r in full.items()}
        if is_num(rates.get("ray")) and is_num(rates.get("local")) and rates["local"]:
            out += para(f"Ray over local: {num(rates['ray'] / rates['local'], 2)}x.")
        windows: dict[Any, dict[str, Any]] = {}
        for name, r in full.items():
            for w in dig(r, "growth", "windows") or []:
                windows.setdefault(dig(w, "up_to"), {})[name] = dig(w, "ms_per_article")
        if windows:
            names = list(full)
            out.append(
                "Cost per article over the thousand articles before each mark (flat means no"
                " quadratic step), and the clustering after the last batch:"
            )
            out.append("")
            rows = [
                [count(up_to)] + [f"{num(v.get(n), 1)} ms" for n in names]
                for up_to, v in windows.items()
            ]
            rows.append(
                ["clustering at the end"]
                + [secs(dig(full[n], "growth", "after_last_batch_seconds"), 1) for n in names]
            )
            out += table(["articles", *[code(n) for n in names]], rows, right=range(0, 3))
            out.append("")
    cs = d.get("cluster_scaling")
    if isinstance(cs, dict):
        out += para(
            f"Clustering alone over {count(cs.get('articles'))} articles: story vectors from",
            f"title + the first {count(cs.get('vector_lead_chars'))} characters at",
            f"{count(cs.get('vector_max_tokens'))} tokens, embedded at",
            f"{num(cs.get('embed_articles_per_second'), 1)} articles/s",
            f"({secs(cs.get('embed_seconds'), 1)}); peak RSS {mb(cs.get('peak_rss_mb'))}.",
        )
        rows = [
            [
                count(dig(c, "docs")),
                num(dig(c, "batch_ms_per_doc"), 2),
                num(dig(c, "batch_cpu_ms_per_doc"), 2),
                count(dig(c, "batch_stories")),
                num(dig(c, "online_ms_per_doc"), 2),
                num(dig(c, "online_cpu_ms_per_doc"), 2),
                count(dig(c, "online_stories")),
            ]
            for c in cs.get("cluster") or []
        ]
        out += table(
            [
                "docs",
                "batch ms/doc",
                "batch CPU ms/doc",
                "batch stories",
                "online ms/doc",
                "online CPU ms/doc",
                "online stories",
            ],
            rows,
            right=range(7),
        )
        out.append("")
    for key, title in (
        ("engines", "Engines on embed + cluster only (`--fast`)"),
        ("analyze", "Engines with the full spaCy analysis"),
    ):
        e = d.get(key)
        if not isinstance(e, dict):
            continue
        out.append(f"{title}, {count(e.get('articles'))} articles:")
        out.append("")
        rows = [
            [
                code(dig(r, "engine")),
                count(dig(r, "stories")),
                count(dig(r, "failed")),
                secs(dig(r, "seconds"), 1),
                num(dig(r, "articles_per_second"), 3),
                num(dig(r, "driver_cpu_seconds"), 1),
                mb(dig(r, "peak_rss_mb")),
                loads(dig(r, "load_average")),
            ]
            for r in e.get("runs") or []
        ]
        out += table(
            [
                "engine",
                "stories",
                "failed",
                "wall",
                "articles/s",
                "driver CPU s",
                "peak RSS",
                "load",
            ],
            rows,
            right=range(1, 7),
        )
        out.append("")
        out += para(f"Ray over local: {num(e.get('ray_over_local'), 2)}x.")
    if d.get("note"):
        out += para(f"The run's own note: {d['note']}")
    out += para("No GPU was lent to this project's runs, so GPU throughput is not measured.")
    return out


def scale_stories_gold(src: Sources) -> list[str]:
    rel = f"{BENCH}/scale_stories_gold.json"
    out: list[str] = []
    d = src.load(rel)
    if d is None:
        return out + missing(rel, "`python bench/scale_stories_gold.py`")
    out += para(
        "`bench/scale_stories_gold.py`: BASIL and PAC, each clustered on its own and scored like",
        "ECB+, beside the TF-IDF + average-link baseline at the threshold that was best on ECB+",
        f"dev ({num(d.get('baseline_threshold_from_ecbplus'), 4)}; not re-tuned here).",
    )
    rows = []
    for name in ("basil", "pac"):
        s = d.get(name)
        if not isinstance(s, dict):
            continue
        for key in (
            "batch_full",
            "batch_fast",
            "online_full",
            "online_fast",
            "baseline_tfidf_average_link",
        ):
            r = s.get(key)
            if isinstance(r, dict):
                rows.append(
                    [
                        f"{name} ({count(s.get('articles'))} articles,"
                        f" {count(s.get('gold_stories'))} stories)",
                        code(key),
                        num(r.get("bcubed_f1")),
                        num(r.get("ari")),
                        count(r.get("clusters")),
                    ]
                )
    out += table(["set", "system", "B-cubed F1", "ARI", "clusters"], rows, right=(2, 3, 4))
    out.append("")
    return out


def web_load(src: Sources) -> list[str]:
    rel = f"{BENCH}/web_load.json"
    out: list[str] = []
    d = src.load(rel)
    if d is None:
        return out + missing(rel, "`python bench/web_load.py`")
    lat = d.get("latency_s") or {}
    reads = d.get("reads_during_load") or {}
    out += para(
        f"`bench/web_load.py`: {count(d.get('requests'))} concurrent `POST /api/compare` of the",
        "founding pair against a real `rashomon serve` on loopback, while a probe reads",
        "`GET /api/stories` every half second. Comparisons queue on the one model thread, so",
        f"latency grows with the queue. Server: {text(d.get('server'))}; judge",
        f"`{text(d.get('judge'))}`.",
        f"Machine: {machine(d)}; load average before",
        f"{loads(dig(d, 'machine', 'load_average_before'))};",
        f"date {text(d.get('date'))}.",
    )
    statuses = d.get("statuses")
    out += table(
        ["measure", "value"],
        [
            [
                "requests answered",
                f"{count(d.get('succeeded'))} of {count(d.get('requests'))} (statuses"
                f" {', '.join(str(s) for s in statuses) if isinstance(statuses, list) else DASH};"
                f" identical reports: {yes_no(d.get('identical_reports'))})",
            ],
            ["first request, cold server", secs(d.get("cold_first_request_s"), 1)],
            ["service time per comparison", f"**{secs(d.get('service_time_s'), 1)}**"],
            [
                "latency p50 / p95",
                f"{secs(lat.get('p50'), 1)} / {secs(lat.get('p95'), 1)}",
            ],
            [
                "latency min / mean / max",
                " / ".join(secs(lat.get(k), 1) for k in ("min", "mean", "max")),
            ],
            [
                "wall time, throughput",
                f"{secs(d.get('wall_s'), 1)}, {num(d.get('throughput_per_s'), 3)} comparisons/s",
            ],
            [
                "story reads during the load",
                f"{count(reads.get('count'))}, p50 {num(reads.get('p50_ms'), 1)} ms,"
                f" max {num(reads.get('max_ms'), 1)} ms",
            ],
            [
                "server RSS idle / peak",
                f"{mb(d.get('server_rss_idle_mb'))} / {mb(d.get('server_peak_rss_mb'))}",
            ],
        ],
        right=(1,),
    )
    out.append("")
    if d.get("note"):
        out += para(f"The run's own note: {d['note']}.")
    return out


# -- the page ------------------------------------------------------------------------------

# (heading, section) in page order; a section's lines come under its heading.
QUALITY: tuple[tuple[str, Callable[[Sources], list[str]]], ...] = (
    ("HTML main-text extraction", html_extraction),
    ("The judge on FNC-1 and ClaimDiff", judges),
    ("Quotes and attributions on PolNeAR", polnear),
    ("Story clustering on ECB+", ecbplus),
    ("Facts on factbench", factbench),
    ("FNC-1 as two-body stories", fnc1_stories),
)
SPEED: tuple[tuple[str, Callable[[Sources], list[str]]], ...] = (
    ("Compare latency", compare_latency),
    ("Facts latency", facts_latency),
    ("Judge speed", judge_speed),
    ("Quote extraction overhead", quote_overhead),
    ("Ingest and the store", ingest_store),
    ("Stories at scale", scale_throughput),
    ("Story clustering on real multi-outlet coverage", scale_stories_gold),
    ("The web app under load", web_load),
)


def anchor(title: str) -> str:
    """The id GitHub gives a heading."""
    slug = re.sub(r"[^\w\- ]", "", title.lower())
    return "#" + slug.replace(" ", "-")


def glance(src: Sources) -> list[str]:
    """The headline figures, each linked to its section."""
    e, b = EVAL, BENCH
    fl = src.floor
    judge = src.load(f"{e}/judge_fnc1_model.json")
    claimdiff = src.load(f"{e}/judge_claimdiff_model.json")
    html = src.load(f"{e}/html_extraction.json")
    pol = src.load(f"{e}/polnear.json")
    ecb = src.load(f"{e}/ecbplus.json")
    cv = src.load(f"{e}/factbench_cv.json")
    stories = src.load(f"{e}/fnc1_stories.json")
    lat = src.load(f"{b}/compare_latency.json")
    facts = src.load(f"{b}/facts_latency.json")
    speed = src.load(f"{b}/judge_speed.json")
    quotes = src.load(f"{b}/quote_overhead.json")
    scale = src.load(f"{b}/scale_throughput.json")
    web = src.load(f"{b}/web_load.json")

    def warm_story(d: Any) -> Any:
        cold = dig(d, "story_cold_s", "story")
        return dig(d, "story_warm_s", cold, "warm_s") if isinstance(cold, str) else None

    t_lat, t_facts = dig(lat, "targets") or {}, dig(facts, "targets") or {}
    rows: list[tuple[str, str, str, Any, str]] = [
        # (section title, measure, figure, the data it needs, floor or target)
        (
            "HTML main-text extraction",
            "token F1 against the gold body",
            num(dig(html, "f1")),
            html,
            gate(dig(html, "f1"), fl("html_extraction", "f1")),
        ),
        (
            "The judge on FNC-1 and ClaimDiff",
            "FNC-1 relative score / macro-F1 (`model`)",
            f"{num(dig(judge, 'relative_score'))} / {num(dig(judge, 'macro_f1'))}",
            judge,
            f"{gate(dig(judge, 'relative_score'), fl('judge_fnc1', 'relative_score'))};"
            f" {gate(dig(judge, 'macro_f1'), fl('judge_fnc1', 'macro_f1'))}",
        ),
        (
            "The judge on FNC-1 and ClaimDiff",
            "ClaimDiff macro-F1 (`model`)",
            num(dig(claimdiff, "macro_f1")),
            claimdiff,
            gate(dig(claimdiff, "macro_f1"), fl("judge_claimdiff", "macro_f1")),
        ),
        (
            "Quotes and attributions on PolNeAR",
            "direct-quote F1 / all-attribution F1",
            f"{num(dig(pol, 'direct', 'f1'))} / {num(dig(pol, 'all', 'f1'))}",
            pol,
            f"{gate(dig(pol, 'direct', 'f1'), fl('polnear', 'direct_f1'))};"
            f" {gate(dig(pol, 'all', 'f1'), fl('polnear', 'all_f1'))}",
        ),
        (
            "Story clustering on ECB+",
            "B-cubed F1 (batch)",
            num(dig(ecb, "rashomon_batch", "bcubed_f1")),
            ecb,
            gate(dig(ecb, "rashomon_batch", "bcubed_f1"), fl("ecbplus", "bcubed_f1")),
        ),
        (
            "Facts on factbench",
            "held out: link F1 / fact recall / fact precision",
            f"{num(dig(cv, 'link_f1'))} / {num(dig(cv, 'fact_recall'))} /"
            f" {num(dig(cv, 'fact_precision'))}",
            cv,
            "floors on the in-sample run",
        ),
        (
            "FNC-1 as two-body stories",
            "control stories with a disputed fact",
            num(dig(stories, "control_disputed_share")),
            stories,
            gate(
                dig(stories, "control_disputed_share"),
                fl("fnc1_stories", "control_disputed_share_max"),
                ceiling=True,
            ),
        ),
        (
            "Compare latency",
            "founding pair, cold / warm",
            f"{secs(dig(lat, 'compare_cold_s', 'median'))} /"
            f" {secs(dig(lat, 'compare_warm_s', 'median'), 3)}",
            lat,
            f"{target(dig(lat, 'compare_cold_s', 'median'), t_lat.get('cold_s'), ' s')};"
            f" {target(dig(lat, 'compare_warm_s', 'median'), t_lat.get('warm_s'), ' s')}",
        ),
        (
            "Facts latency",
            f"a {count(dig(facts, 'story_cold_s', 'words'))}-word three-outlet story, cold / warm",
            f"{secs(dig(facts, 'story_cold_s', 'median'))} / {secs(warm_story(facts), 3)}",
            facts,
            f"{target(dig(facts, 'story_cold_s', 'median'), t_facts.get('story_cold_s'), ' s')};"
            f" {target(warm_story(facts), t_facts.get('story_warm_s'), ' s')}",
        ),
        (
            "Judge speed",
            "sentence pairs a second",
            num(dig(speed, "sentence_pairs_per_s"), 1),
            speed,
            DASH,
        ),
        (
            "Quote extraction overhead",
            "added to the per-article stage",
            pct(dig(quotes, "overhead")),
            quotes,
            target(dig(quotes, "overhead"), dig(quotes, "target_overhead"), percent=True),
        ),
        (
            "Stories at scale",
            f"{count(dig(scale, 'corpus_articles'))} articles, local / Ray, articles a second",
            f"{num(dig(scale, 'full', 'local', 'articles_per_second'), 2)} /"
            f" {num(dig(scale, 'full', 'ray', 'articles_per_second'), 2)}",
            scale,
            DASH,
        ),
        (
            "The web app under load",
            f"service time per comparison ({count(dig(web, 'requests'))} at once, judge"
            f" `{text(dig(web, 'judge'))}`)",
            secs(dig(web, "service_time_s"), 1),
            web,
            DASH,
        ),
    ]
    out = table(
        ["stage", "measure", "figure", "floor or target"],
        [
            [
                f"[{title}]({anchor(title)})",
                measure,
                figure if d is not None else "not measured",
                bound if d is not None else DASH,
            ]
            for title, measure, figure, d, bound in rows
        ],
        right=(2,),
    )
    out.append("")
    return out


def floors_table(src: Sources) -> list[str]:
    if not src.floors:
        return ["Not set: `eval/floors.toml` is not in this checkout.", ""]
    out = para(
        "`eval/floors.toml` holds each stage's dev score to a floor (a ceiling where the key",
        "ends in `_max`); `tests/test_eval_floors.py` re-runs the stages and fails CI below",
        "them. Raising a floor is easy; lowering one is a deliberate, reviewed change. Beside",
        "each floor, the committed figure it guards:",
    )
    rows = []
    for table_name, keys in src.floors.items():
        if not isinstance(keys, dict):
            continue
        for key, limit in keys.items():
            if not is_num(limit):
                continue
            where = FLOOR_FIGURES.get((table_name, key))
            if where is None:
                rows.append([code(f"{table_name}.{key}"), num(limit, 2), "no figure mapped", DASH])
                continue
            rel, path = where
            d = src.load(rel)
            value = dig(d, *path)
            ceiling = key.endswith(CEILING_SUFFIX)
            rows.append(
                [
                    code(f"{table_name}.{key}"),
                    f"{'≤' if ceiling else '≥'} {num(limit, 2)}",
                    f"{num(value)} (`{Path(rel).name}`)" if d is not None else "not measured",
                    ("met" if (value <= limit if ceiling else value >= limit) else "**not met**")
                    if is_num(value)
                    else DASH,
                ]
            )
    out += table(["floor", "bound", "figure", "holds"], rows, right=(1, 2))
    out.append("")
    return out


def guarded(section: Callable[[Sources], list[str]], src: Sources) -> list[str]:
    """A section's lines; a results file of an unexpected shape is named, not a crash."""
    before = set(src.used)
    try:
        return section(src)
    except (TypeError, ValueError, KeyError, AttributeError, ArithmeticError) as exc:
        files = ", ".join(code(f) for f in sorted(src.used - before)) or "its results file"
        return [f"Not shown: {files} has an unexpected shape ({type(exc).__name__}: {exc}).", ""]


def render(root: Path) -> str:
    src = Sources(root)
    out = [
        "# Quality and speed (measured)",
        "",
        "<!-- Generated by docs/quality.py from eval/results/*.json, bench/results/*.json and",
        "     eval/floors.toml. Do not edit by hand: re-run the measures, then",
        "     `python docs/quality.py`. -->",
        "",
    ]
    out += para(
        f"rashomon {package_version(root)}, report schema {schema_version(root)}. Every figure",
        "on this page is read from a results file committed in this repository, written by the",
        "measure named in its section; nothing here is typed by hand. `make eval` re-runs most",
        "quality measures on the dev data in `../shared/data` and `make bench` the latency ones;",
        "the held-out facts run, the textacy peer and the ingest, scale and web-load benchmarks",
        "are run by the commands their sections name. Then `python docs/quality.py` rewrites",
        "this page; `tests/test_docs_quality.py` fails while the page is older than its files.",
        "A *floor* is the CI gate of a dev score (`eval/floors.toml`); a *target* is the goal a",
        "benchmark script records beside its figure. Each speed run records the machine it ran",
        "on and its load average: a run taken while other jobs held the cores is slower than",
        "the code is.",
    )
    out += ["## At a glance", "", *guarded(glance, src)]
    for part, sections in (("Quality", QUALITY), ("Speed", SPEED)):
        out += [f"## {part}", ""]
        for title, section in sections:
            out += [f"### {title}", "", *guarded(section, src)]
    out += ["## The floors", "", *guarded(floors_table, src)]
    rest = [rel for folder in (EVAL, BENCH) for rel in src.files(folder) if rel not in src.used]
    if rest:
        out += ["## Other results files", ""]
        out += para("Committed but not shown on this page yet: " + ", ".join(map(code, rest)) + ".")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout to read (default: this)")
    ap.add_argument("--output", help="where to write (default: ROOT/docs/quality.md; - stdout)")
    ap.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when the page is stale"
    )
    args = ap.parse_args(argv)
    root = args.root.resolve()
    page = render(root)
    if args.output == "-":
        sys.stdout.write(page)
        return 0
    path = Path(args.output) if args.output else root / PAGE
    if args.check:
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        if old == page:
            return 0
        diff = difflib.unified_diff(
            old.splitlines(), page.splitlines(), f"{path} (committed)", "would write", lineterm=""
        )
        shown = list(diff)
        sys.stderr.write(
            f"{path} is stale: it differs from what docs/quality.py writes from eval/results/,"
            " bench/results/ and eval/floors.toml.\n"
            "Run `.venv/bin/python docs/quality.py` and commit docs/quality.md.\n"
        )
        sys.stderr.write("\n".join(shown[:60]) + ("\n…\n" if len(shown) > 60 else "\n"))
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
