"""Where the web app's work runs: one model thread, one store-reading thread, and the jobs.

The models (spaCy, onnxruntime) take both cores for one comparison, so comparisons, ingests
and report builds run one at a time on a single model thread: concurrent requests queue
there instead of thrashing, and the queue is bounded (a full one answers 503). SQLite
connections belong to the thread that opened them, so the model thread has its own
:class:`~rashomon.store.library.Library` and a second thread serves the quick reads (story
list, search, cached reports) from another, never waiting behind a comparison.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rashomon.errors import RashomonError
from rashomon.web.errors import BusyError, UnknownJobError, public_message, status_of

log = logging.getLogger(__name__)

T = TypeVar("T")

QUEUE_LIMIT = 128  # model tasks waiting or running; past it, 503
KEEP_JOBS = 200  # finished jobs remembered for GET /api/jobs/{id}


@dataclass
class Job:
    """A background ingest: its state as ``GET /api/jobs/{id}`` shows it."""

    id: str
    kind: str
    status: str = "queued"  # queued | running | done | failed
    stage: str | None = None  # read | report
    done: int = 0
    total: int | None = None
    source: str | None = None
    result: dict[str, Any] | None = None
    error: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "progress": {
                "stage": self.stage,
                "done": self.done,
                "total": self.total,
                "source": self.source,
            },
            "result": self.result,
            "error": self.error,
            "created": self.created,
            "finished": self.finished,
        }


class Worker:
    """Runs callables on the model thread or the store thread, and keeps the job table."""

    def __init__(
        self,
        open_library: Callable[[], Any],
        *,
        service: Any,
        queue_limit: int = QUEUE_LIMIT,
    ) -> None:
        self._open_library = open_library
        self.service = service
        self.queue_limit = queue_limit
        self._model = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rashomon-model")
        self._store = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rashomon-store")
        self._local = threading.local()
        self._pending = 0
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._ids = itertools.count(1)
        self._token = f"{time.time_ns():x}"[-8:]

    # -- the two threads ----------------------------------------------------------------
    def library(self) -> Any:
        """This thread's Library (opened on first use in the thread that uses it)."""
        library = getattr(self._local, "library", None)
        if library is None:
            library = self._open_library()
            self._local.library = library
        return library

    async def model(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` on the model thread, after the tasks queued before it."""
        with self._lock:
            if self._pending >= self.queue_limit:
                raise BusyError(
                    f"{self._pending} comparisons are queued (the limit is {self.queue_limit}); "
                    "try again shortly"
                )
            self._pending += 1
        try:
            return await asyncio.wrap_future(self._model.submit(fn, *args))
        finally:
            with self._lock:
                self._pending -= 1

    async def store(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` on the store thread (quick reads)."""
        return await asyncio.wrap_future(self._store.submit(fn, *args))

    @property
    def pending(self) -> int:
        return self._pending

    # -- jobs -------------------------------------------------------------------------
    def start_job(self, kind: str, run: Callable[[Job], dict[str, Any]]) -> Job:
        """Queue ``run(job)`` on the model thread; its return value becomes the job's result."""
        job = Job(id=f"job-{self._token}-{next(self._ids)}", kind=kind)
        with self._lock:
            if self._pending >= self.queue_limit:
                raise BusyError(f"{self._pending} tasks are queued; try again shortly")
            self._pending += 1
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                oldest = next(iter(self._jobs))
                if self._jobs[oldest].status in {"queued", "running"}:
                    break
                self._jobs.popitem(last=False)

        def body() -> None:
            job.status = "running"
            try:
                job.result = run(job)
                job.status = "done"
            except RashomonError as exc:
                log.warning("job %s failed: %s", job.id, exc)
                job.error = public_message(exc) if status_of(exc) >= 500 else str(exc)
                job.status = "failed"
            except Exception:
                log.exception("job %s failed", job.id)
                job.error = "internal error: the job failed (see the server log)"
                job.status = "failed"
            finally:
                job.finished = time.time()
                with self._lock:
                    self._pending -= 1

        self._model.submit(body)
        return job

    def job(self, job_id: str) -> Job:
        try:
            return self._jobs[job_id]
        except KeyError:
            raise UnknownJobError(f"no job {job_id!r} (finished jobs are kept for a while)") from None

    # -- shutdown -----------------------------------------------------------------------
    def close(self) -> None:
        """Finish queued work, then close each thread's library in its own thread."""

        def close_here() -> None:
            library = getattr(self._local, "library", None)
            if library is not None:
                self._local.library = None
                library.close()

        for pool in (self._model, self._store):
            try:
                pool.submit(close_here).result(timeout=60)
            except Exception:  # a library that will not close must not block shutdown
                log.exception("closing the store failed")
            pool.shutdown(wait=True, cancel_futures=True)
