"""Where the web app's work runs: one model thread, one store-reading thread, and the jobs.

The models (spaCy, onnxruntime) take both cores for one comparison, so comparisons, ingests
and report builds run one at a time on a single model thread: concurrent requests queue
there instead of thrashing, and the queue is bounded (a full one answers 503). SQLite
connections belong to the thread that opened them, so the model thread has its own
:class:`~rashomon.service.Library` and a second thread serves the quick reads (story
list, search, cached reports) from another, never waiting behind a comparison.

Work nobody waits for any more is not done: a comparison whose client went away, or that
passed its time budget, is taken out of the queue, or stopped where it runs (an
:class:`Interrupted` raised in the model thread between two Python steps: comparisons write
nothing, so stopping one loses nothing). At shutdown queued work is refused and running
comparisons stopped, and the threads are daemons: a server ends in seconds, not when its
longest comparison would have. An ingest job that is running then ends with the process:
the batches it stored stay stored, the one in flight is rolled back by the store, and an
ingest of the same sources later completes it (ingest skips what is stored); a job still
queued never starts.
"""

from __future__ import annotations

import asyncio
import ctypes
import itertools
import logging
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rashomon.errors import RashomonError
from rashomon.web.errors import (
    BusyError,
    TimeBudgetError,
    UnknownJobError,
    public_message,
    status_of,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

QUEUE_LIMIT = 128  # model tasks waiting or running; past it, 503
KEEP_JOBS = 200  # finished jobs remembered for GET /api/jobs/{id}
# Seconds shutdown waits for each thread to close its store (a free thread does it in
# milliseconds; 2 s keeps the whole shutdown well under the 5 s issue 17 asks). A busy thread is
# left to die with the process (a daemon), its store's last transaction rolled back.
CLOSE_GRACE = 2.0
# How often a queued comparison looks whether it has started (the time budget counts from
# then): its budget is thus at most this much late, against a budget of minutes.
START_POLL_S = 0.5


class Interrupted(BaseException):
    """Raised in the model thread to stop a comparison nobody waits for. A BaseException, so
    that no stage's ``except Exception`` takes it for an article's failure."""


class Lane:
    """One daemon thread running the calls given to it in order: a one-thread executor whose
    queued calls can be taken back and whose running call, if it allows, interrupted."""

    def __init__(self, name: str) -> None:
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        # Re-entrant: a signal handler (stop_work) may run in a thread that holds it.
        self._lock = threading.RLock()
        self._current: tuple[Future[Any], bool] | None = None
        self._since = 0.0  # time.monotonic() when the current call started
        self.closed = False
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()

    def submit(
        self, fn: Callable[..., T], *args: Any, interruptible: bool = False, force: bool = False
    ) -> Future[T]:
        """Queue ``fn(*args)``; once the lane is closed only a ``force``d call is taken."""
        future: Future[T] = Future()
        if self.closed and not force:
            future.set_exception(BusyError("the server is shutting down; try again shortly"))
            return future
        self._queue.put((future, fn, args, interruptible))
        return future

    def stop(self, future: Future[Any], error: BaseException) -> None:
        """End ``future`` with ``error``: taken out of the queue if it waits there (it will
        not run), interrupted if it runs and allows it, else left to finish unheard."""
        if future.cancel():
            return
        with self._lock:
            if self._current is not None and self._current[0] is future:
                self._stop_current(error)

    def running_since(self, future: Future[Any]) -> float | None:
        """When ``future``'s call started (``time.monotonic()``), or None if it is not running."""
        with self._lock:
            if self._current is not None and self._current[0] is future:
                return self._since
        return None

    def close(self, error: BaseException) -> None:
        """Take no more calls; refuse the queued ones; stop the running one if it allows."""
        self.closed = True
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                _settle(item[0], exception=error)
        with self._lock:
            if self._current is not None:
                self._stop_current(error)

    def end(self, timeout: float) -> None:
        """Let the thread finish once what is queued has run (at most ``timeout`` waited)."""
        self.closed = True
        self._queue.put(None)
        self.thread.join(timeout=timeout)

    def _stop_current(self, error: BaseException) -> None:  # with self._lock held
        assert self._current is not None
        future, interruptible = self._current
        _settle(future, exception=error)
        if interruptible and self.thread.ident is not None:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(self.thread.ident), ctypes.py_object(Interrupted)
            )

    def _release(self, interruptible: bool) -> None:
        """No call runs now: clear ``_current`` and any interruption not yet raised (it must
        not hit the next call), even if one is raised while doing so."""
        while True:
            try:
                with self._lock:
                    self._current = None
                    if interruptible and self.thread.ident is not None:
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(
                            ctypes.c_ulong(self.thread.ident), None
                        )
                return
            except Interrupted:
                continue

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            future, fn, args, interruptible = item
            if future.done() or not future.set_running_or_notify_cancel():
                continue
            try:
                try:
                    with self._lock:
                        self._current = (future, interruptible)
                        self._since = time.monotonic()
                    result = fn(*args)
                finally:
                    self._release(interruptible)
            except Interrupted:
                log.info("%s: a comparison was stopped", self.thread.name)
                _settle(future, exception=Interrupted())
            except BaseException as exc:  # handed to whoever waits for it
                _settle(future, exception=exc)
            else:
                _settle(future, result=result)


def _settle(
    future: Future[Any], *, result: Any = None, exception: BaseException | None = None
) -> None:
    """Give ``future`` its outcome, unless it was already given one (stopped while it ran)."""
    try:
        if exception is not None:
            future.set_exception(exception)
        else:
            future.set_result(result)
    except InvalidStateError:
        pass


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
        self._model = Lane("rashomon-model")
        self._store = Lane("rashomon-store")
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

    async def model(
        self,
        fn: Callable[..., T],
        *args: Any,
        timeout: float | None = None,
        interruptible: bool = False,
    ) -> T:
        """``fn(*args)`` on the model thread, after the tasks queued before it.

        ``timeout``: seconds it may run (its wait in the queue not counted: that is bounded by
        the queue's length and the client's patience) before :class:`TimeBudgetError`.
        If the caller stops waiting (timeout, a cancelled request), the task leaves the
        queue, or, when ``interruptible`` (it writes nothing), is interrupted where it runs.
        """
        with self._lock:
            if self._pending >= self.queue_limit:
                raise BusyError(
                    f"{self._pending} comparisons are queued (the limit is {self.queue_limit}); "
                    "try again shortly"
                )
            self._pending += 1
        future = self._model.submit(fn, *args, interruptible=interruptible)
        wrapped = asyncio.wrap_future(future)
        # Its outcome is read here or, if this caller stopped waiting, by nobody: say so.
        wrapped.add_done_callback(lambda f: f.cancelled() or f.exception())
        try:
            while not wrapped.done():
                since = self._model.running_since(future) if timeout is not None else None
                if since is None or timeout is None:  # queued (or no budget): look again soon
                    await asyncio.wait({wrapped}, timeout=None if timeout is None else START_POLL_S)
                    continue
                left = timeout - (time.monotonic() - since)
                if left <= 0:
                    error = TimeBudgetError(
                        f"the comparison did not finish within its time budget of {timeout:g} s "
                        "(compare_timeout); compare fewer or shorter articles"
                    )
                    self._model.stop(future, error)
                    raise error
                await asyncio.wait({wrapped}, timeout=left)
            return wrapped.result()
        except asyncio.CancelledError:
            self._model.stop(future, BusyError("the request was abandoned"))
            raise
        except Interrupted:
            raise BusyError("the server is shutting down; try again shortly") from None
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
            raise UnknownJobError(
                f"no job {job_id!r} (finished jobs are kept for a while)"
            ) from None

    # -- shutdown -----------------------------------------------------------------------
    def stop_work(self) -> None:
        """Refuse queued work and stop running comparisons (quick: safe in a signal handler)."""
        error = BusyError("the server is shutting down; try again shortly")
        for lane in (self._model, self._store):
            lane.close(error)

    def close(self, grace: float = CLOSE_GRACE) -> None:
        """Stop the work, then close each thread's library in its own thread if the thread is
        free within ``grace`` seconds; a busy one ends with the process (it is a daemon)."""

        def close_here() -> None:
            library = getattr(self._local, "library", None)
            if library is not None:
                self._local.library = None
                library.close()

        self.stop_work()
        closing = [
            (lane, lane.submit(close_here, force=True)) for lane in (self._model, self._store)
        ]
        for lane, done in closing:
            try:
                done.result(timeout=grace)
            except Exception:  # a busy thread, or a library that will not close
                log.warning("%s: its store was not closed at shutdown", lane.thread.name)
            lane.end(timeout=0.1)
