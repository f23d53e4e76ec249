"""Load: 50 concurrent ``POST /api/compare`` of the founding pair against ``rashomon serve``.

The server is a real ``rashomon serve`` process on 127.0.0.1 (port 0: the port the system
gives it, read from uvicorn's own log line; an empty store in a temporary folder); the client
sends all requests at once over loopback and waits for every answer. Bounded: 50 requests, a
deadline of 20 minutes, then the server is stopped. While the comparisons queue on the model
thread, a probe reads ``GET /api/stories`` every half second to show that reads are still
answered. Peak memory is the server process's VmHWM.

Writes bench/results/web_load.json. Run: .venv/bin/python bench/web_load.py [--requests 50]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = [
    # The benchmark's inputs: any two files with an outlet label and a publication date (the
    # seed files carry neither; the dates are those their README gives). The labels only name
    # the columns of the report: nothing reads them.
    (SHARED / "seeds" / "000_7f752ea312c1a10c.txt", "outlet A", "2019-11-14"),
    (SHARED / "seeds" / "001_0f23a78d9893c12c.txt", "outlet B", "2019-11-11"),
]
DEADLINE_S = 1200.0
OUT = ROOT / "bench" / "results" / "web_load.json"


def served_url(server: subprocess.Popen[str], deadline: float) -> str:
    """The address ``rashomon serve --port 0`` listens on, from uvicorn's "Uvicorn running on"
    line on its stderr (read to the end in a thread, so the pipe never fills)."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in server.stderr or ()], daemon=True
    ).start()
    seen = ""
    while not (m := re.search(r"Uvicorn running on (http://127\.0\.0\.1:\d+)", seen)):
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the server did not start: {seen}")
        with contextlib.suppress(queue.Empty):
            seen += lines.get(timeout=0.5)
    return m[1]


def payload() -> dict:
    return {
        "articles": [
            {"text": path.read_text(encoding="utf-8"), "outlet": outlet, "published": date}
            for path, outlet, date in SEEDS
        ]
    }


def memory_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def load(url: str, n: int, body: dict) -> dict:
    limits = httpx.Limits(max_connections=n + 4, max_keepalive_connections=n + 4)
    async with httpx.AsyncClient(base_url=url, timeout=DEADLINE_S, limits=limits) as client:
        # One request first: the models load on the first comparison (reported apart).
        t = time.perf_counter()
        first = await client.post("/api/compare", json=body)
        cold = time.perf_counter() - t
        assert first.status_code == 200, first.text[:300]
        reference = first.json()

        async def one() -> tuple[float, int, bool]:
            start = time.perf_counter()
            response = await client.post("/api/compare", json=body)
            elapsed = time.perf_counter() - start
            same = response.status_code == 200 and response.json() == reference
            return elapsed, response.status_code, same

        reads: list[float] = []
        done = asyncio.Event()

        async def probe() -> None:
            while not done.is_set():
                start = time.perf_counter()
                response = await client.get("/api/stories")
                assert response.status_code == 200
                reads.append(time.perf_counter() - start)
                await asyncio.sleep(0.5)

        prober = asyncio.create_task(probe())
        start = time.perf_counter()
        results = await asyncio.wait_for(asyncio.gather(*(one() for _ in range(n))), DEADLINE_S)
        wall = time.perf_counter() - start
        done.set()
        await prober
    latencies = [r[0] for r in results]
    return {
        "cold_first_request_s": round(cold, 3),
        "requests": n,
        "succeeded": sum(1 for r in results if r[1] == 200),
        "statuses": sorted({r[1] for r in results}),
        "identical_reports": all(r[2] for r in results),
        "wall_s": round(wall, 2),
        "throughput_per_s": round(n / wall, 3),
        "service_time_s": round(wall / n, 3),
        "latency_s": {
            "p50": round(percentile(latencies, 0.50), 2),
            "p95": round(percentile(latencies, 0.95), 2),
            "min": round(min(latencies), 2),
            "max": round(max(latencies), 2),
            "mean": round(statistics.fmean(latencies), 2),
        },
        "reads_during_load": {
            "count": len(reads),
            "p50_ms": round(1000 * percentile(reads, 0.5), 1) if reads else None,
            "max_ms": round(1000 * max(reads), 1) if reads else None,
        },
    }


def busy_note(load: float, cpus: int) -> str:
    if load > cpus:
        return (
            f"the machine was busy when this ran (load average {load:.1f} on {cpus} cores, other "
            "jobs included): every latency here is inflated by that contention"
        )
    return "the machine was otherwise idle when this ran"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    from rashomon.settings import load_settings

    judge = load_settings().judge  # the server resolves the same settings
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "RASHOMON_API_TOKEN": ""}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "rashomon",
                "serve",
                "--db",
                f"{tmp}/bench.db",
                "--port",
                "0",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        try:
            deadline = time.monotonic() + 120
            url = served_url(server, deadline)
            while True:
                try:
                    if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the server did not answer /api/health")
                time.sleep(0.2)
            idle_kb = memory_kb(server.pid, "VmRSS")
            result = asyncio.run(load(url, args.requests, payload()))
            peak_kb = memory_kb(server.pid, "VmHWM")
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    result.update(
        {
            "server": (
                "rashomon serve (uvicorn, one process); comparisons run one at a time on one "
                "model thread"
            ),
            "judge": judge,
            "server_rss_idle_mb": round(idle_kb / 1024, 1),
            "server_peak_rss_mb": round(peak_kb / 1024, 1),
            "machine": {
                "cpus": os.cpu_count(),
                "load_average_before": [round(x, 2) for x in load_before],
                "python": platform.python_version(),
            },
            "date": time.strftime("%Y-%m-%d"),
        }
    )
    result["note"] = busy_note(load_before[0], os.cpu_count() or 1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    if result["succeeded"] != args.requests:
        raise SystemExit("not every request succeeded")


if __name__ == "__main__":
    main()
