"""Two ingests of the same sources at once (issue 17): each article stored once, counted once.

Two real ``rashomon ingest`` processes on one new SQLite file. A gate in each holds its first
write until both have read the store, analysed and decided what is new (the race, made
certain); then both write. Before, both reported every article as new.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import textwrap

# Runs `rashomon ingest ARGS` with its first write held at a gate: it marks GATE/NAME and
# waits for the other process's mark before it writes.
GATED = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from rashomon.store.sql import SQLStore

    gate, name = Path(sys.argv[1]), sys.argv[2]
    real = SQLStore.add

    def add(self, entries, moves={}):
        if entries and not (gate / name).exists():
            (gate / name).touch()
            deadline = time.monotonic() + 300
            while len(list(gate.iterdir())) < 2:
                if time.monotonic() > deadline:
                    sys.exit("the other ingest never reached its write")
                time.sleep(0.01)
        return real(self, entries, moves)

    SQLStore.add = add
    sys.argv = ["rashomon", "ingest", *sys.argv[3:]]
    from rashomon.cli import main
    main()
    """
)

ARTICLES = {
    "voa.txt": (
        "VOA",
        "2024-05-06",
        "The mayor of Springfield said on Monday that the old Main "
        "Street bridge would close for repairs in June. Engineers found cracks in two of "
        "its steel beams last winter. The city council approved four million dollars for "
        "the work.",
    ),
    "gazette.txt": (
        "Springfield Gazette",
        "2024-05-06",
        "Springfield's bridge will shut for "
        "three months, city hall announced. Shop owners on the east bank fear the "
        "detour will keep customers away. The council voted 7 to 2 to pay for the "
        "repairs, which officials put at five million dollars.",
    ),
    "radio.txt": (
        "City Radio",
        "2024-05-07",
        "Commuters face long detours after the mayor "
        "confirmed the Main Street bridge closure. A transport official said buses "
        "would be rerouted over the northern crossing. Repairs are expected to finish "
        "in September.",
    ),
}


def _sources(tmp_path) -> list[str]:
    paths = []
    for name, (outlet, date, text) in ARTICLES.items():
        path = tmp_path / name
        path.write_text(
            f"---\noutlet: {outlet}\npublished: {date}\n---\n{text}\n", encoding="utf-8"
        )
        paths.append(str(path))
    # A wire copy of the first: a near-duplicate, linked rather than counted again.
    outlet, date, text = ARTICLES["voa.txt"]
    copy = tmp_path / "wire.txt"
    copy.write_text(
        f"---\noutlet: Wire Desk\npublished: {date}\n---\nFrom wire reports. {text}\n",
        encoding="utf-8",
    )
    return [*paths, str(copy)]


def _counts(stdout: str) -> tuple[int, int, int]:
    m = re.search(r"(\d+) new articles, (\d+) near-duplicates linked, (\d+) already stored", stdout)
    assert m, stdout
    return int(m[1]), int(m[2]), int(m[3])


def test_two_ingests_at_once_store_and_count_each_article_once(tmp_path):
    sources = _sources(tmp_path)
    gate = tmp_path / "gate"
    gate.mkdir()
    db = tmp_path / "news.db"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", GATED, str(gate), name, *sources, "--db", str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    outs = []
    try:
        for proc in procs:
            out, err = proc.communicate(timeout=600)
            assert proc.returncode == 0, err
            outs.append(out)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert sorted(p.name for p in gate.iterdir()) == ["first", "second"], "both reached the write"

    counts = [_counts(out) for out in outs]
    new, duplicates, unchanged = (sum(c[i] for c in counts) for i in range(3))
    assert (new, duplicates) == (3, 1), f"each article counted new once, not by both: {outs}"
    assert unchanged == 4, "what one stored, the other reports as already stored"

    con = sqlite3.connect(db)
    try:
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        assert one("SELECT COUNT(*) FROM articles") == 4
        assert one("SELECT COUNT(DISTINCT id) FROM articles") == 4
        assert one("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL") == 1
        assert one("SELECT COUNT(*) FROM analyses") == 3
        assert one("SELECT COUNT(*) FROM docs") == 3
        assert one("SELECT COUNT(*) FROM articles_fts") == 4
        assert one("SELECT COUNT(*) FROM claims_fts") == one("SELECT COUNT(*) FROM claims")
        # The near-duplicate sits in its original's story, and every story has a fresh report.
        assert (
            one(
                "SELECT COUNT(*) FROM articles d JOIN articles o ON o.id = d.duplicate_of"
                " WHERE d.story != o.story"
            )
            == 0
        )
        assert (
            one(
                "SELECT COUNT(*) FROM articles a LEFT JOIN stories s ON s.id = a.story"
                " WHERE s.id IS NULL"
            )
            == 0
        )
        assert one("SELECT COUNT(*) FROM stories WHERE stale = 1 OR report IS NULL") == 0
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        con.close()


def test_a_store_migrated_by_another_process_meanwhile_opens(tmp_path, monkeypatch):
    """Two ingests made the same new file at once: one read schema version 0, then the other
    migrated before this one took the write lock. Before, it migrated again and failed with
    'table articles already exists' (2 of 15 simultaneous starts did)."""
    from rashomon.store.sqlite import SQLiteStore

    db = tmp_path / "news.db"
    SQLiteStore(db).close()  # the other process's migration
    real = SQLiteStore.schema_version
    reads: list[int] = []

    def read_before_the_other_migrated(self) -> int:
        reads.append(1)
        return 0 if len(reads) == 1 else real(self)

    monkeypatch.setattr(SQLiteStore, "schema_version", read_before_the_other_migrated)
    store = SQLiteStore(db)
    try:
        assert len(reads) >= 2, "the version is read again under the write lock"
        assert real(store) == 1
        assert store._rows("SELECT COUNT(*) FROM schema_version") == [(1,)]
    finally:
        store.close()
