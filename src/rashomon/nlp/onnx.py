"""onnxruntime for rashomon's models: one CPU session a model, its batches run side by side."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np


def onnx_session(path: Path, threads: int = 1) -> Any:
    """A CPU session. The memory arena is off: inputs change shape with every batch (texts of
    every length), and the arena keeps the largest of them for ever (1.0 GB resident against
    0.47 GB after 200 news articles, for the same speed)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.enable_cpu_mem_arena = False
    opts.log_severity_level = 3
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


class BatchRunner:
    """Runs batches of one model, ``workers`` at a time, each on one core.

    rashomon's batches are small (a few sentences, sorted by length so they pad little), and
    on a small batch onnxruntime's intra-op threads mostly wait for each other: two batches
    side by side, one thread each, do the same work in about 0.55-0.7 of the time on two cores
    (``bench/results/compare_latency.json``). onnxruntime releases the GIL while it runs, and a
    session may run from several threads at once. ``workers`` is the ``threads`` setting, or
    the machine's cores (at most 4); a Ray actor asks for 1.
    """

    def __init__(self, path: Path, workers: int | None = None) -> None:
        self.workers = max(1, workers or min(os.cpu_count() or 1, 4))
        self.session = onnx_session(path, 1)
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def run(self, feeds: Sequence[Mapping[str, np.ndarray]]) -> list[np.ndarray]:
        """The first output of the model for each batch of inputs, in order."""
        if self.workers == 1 or len(feeds) < 2:
            return [self.session.run(None, dict(f))[0] for f in feeds]
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="rashomon-onnx")
        return list(self._pool.map(lambda f: self.session.run(None, dict(f))[0], feeds))
