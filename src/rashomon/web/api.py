"""The REST API under ``/api/``: stories, a story's report, ad-hoc comparisons, ingest jobs.

``GET /api/stories/{id}`` and ``POST /api/compare`` answer exactly the report JSON of
``rashomon compare --format json`` (:func:`rashomon.report.to_dict`).
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from rashomon.errors import InputError, UnknownStoryError
from rashomon.ingest.url import Fetcher
from rashomon.report.json import to_dict
from rashomon.web import inputs
from rashomon.web.security import check_token
from rashomon.web.state import WebState, state
from rashomon.web.worker import Job


async def json_only(request: Request) -> None:
    """POSTs must say ``application/json``: a cross-site page cannot send that unasked."""
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            raise HTTPException(
                415, "send the request body as JSON (Content-Type: application/json)"
            )


router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(json_only)])
# Documents the Bearer scheme in the OpenAPI description; the check is ours (check_token), so
# that a server without a token accepts requests without one.
bearer = HTTPBearer(
    auto_error=False, description="The server's api_token (RASHOMON_API_TOKEN), when it has one."
)

# Paging further than a billion stories is a mistake or a probe; SQLite's limit is 2**63 - 1.
MAX_OFFSET = 1_000_000_000
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": 'Malformed request (invalid JSON): `{"error": ...}`'},
    415: {"description": "The body is not sent as application/json"},
    413: {"description": "Request body over max_request_bytes"},
    422: {"description": 'Content that cannot be used: `{"error": ..., "details": [...]}`'},
    503: {"description": "The model queue is full; retry after Retry-After seconds"},
}
REPORT_DOC = (
    "The report JSON, as `rashomon compare --format json` writes it (schema in docs/schema.md)."
)


@router.get("/health", summary="Liveness and queue length")
async def health(request: Request) -> dict[str, Any]:
    worker = state(request).worker
    return {"status": "ok", "queued": worker.pending}


@router.get("/stories", summary="Stored stories, newest first (optionally matching a search)")
async def list_stories(
    request: Request,
    q: Annotated[
        str | None, Query(max_length=200, description="Words to find in articles and claims.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    return await stories_json(state(request), q, limit, offset)


async def stories_json(st: WebState, q: str | None, limit: int, offset: int) -> dict[str, Any]:
    """The story list (and, with ``q``, the search hits behind it), as the list page shows it."""
    q = (q or "").strip() or None
    if not 0 <= offset <= MAX_OFFSET:  # SQLite's integers are 64-bit: a larger one overflows
        raise InputError(f"offset {offset} is out of range; give 0 to {MAX_OFFSET:,}")

    def read() -> dict[str, Any]:
        library = st.worker.library()
        if q is None:
            rows = library.stories(limit=limit + 1, offset=offset)
            hits: list[Any] = []
        else:
            hits = library.search(q, limit=limit)
            wanted = list(dict.fromkeys(h.story for h in hits))
            by_id = {s.id: s for s in library.stories()}
            rows = [by_id[s] for s in wanted if s in by_id][offset : offset + limit + 1]
        more = len(rows) > limit
        return {
            "stories": [asdict(r) for r in rows[:limit]],
            "query": q,
            "hits": [asdict(h) for h in hits],
            "limit": limit,
            "offset": offset,
            "next_offset": offset + limit if more else None,
        }

    return await st.worker.store(read)


@router.get(
    "/stories/{story_id}",
    summary="A stored story's report",
    description=REPORT_DOC,
    responses={404: {"description": 'No such story: `{"error": ...}`'}},
)
async def get_story(request: Request, story_id: str) -> JSONResponse:
    report = await story_report(state(request), story_id)
    return JSONResponse(to_dict(report))


async def story_report(st: WebState, story_id: str) -> Any:
    """The cached report (store thread), or one built on the model thread if it is stale."""
    if len(story_id) > 100:
        raise UnknownStoryError(f"no story {story_id[:100]!r}…")
    cached = await st.worker.store(lambda: st.worker.library().store.cached_report(story_id))
    if cached is not None:
        return cached[0]
    try:
        return await st.worker.model(lambda: st.worker.library().report(story_id))
    except UnknownStoryError:  # the store's message names the server's file
        raise UnknownStoryError(f"no story {story_id!r}") from None


@router.post(
    "/compare",
    summary="Compare two or more articles (texts, HTML or URLs); nothing is stored",
    description=REPORT_DOC,
    responses=ERRORS,
)
async def compare(request: Request, body: inputs.CompareIn) -> JSONResponse:
    report = await run_compare(state(request), body.articles, request)
    return JSONResponse(to_dict(report))


async def run_compare(
    st: WebState, items: list[inputs.ArticleIn], request: Request | None = None
) -> Any:
    """The report of ``items``, held to the character budget (max_compare_chars, checked
    before any model work) and the time budget (compare_timeout). With ``request``, a client
    that goes away takes its comparison with it: out of the queue, or stopped where it runs."""
    articles = await run_in_threadpool(
        inputs.compare_articles, items, lambda: Fetcher.from_settings(st.settings), st.settings
    )
    work = asyncio.ensure_future(
        st.worker.model(
            st.worker.service.compare,
            articles,
            timeout=st.settings.compare_timeout or None,
            interruptible=True,  # a comparison writes nothing: stopping it loses nothing
        )
    )
    if request is None:
        return await work
    gone = asyncio.ensure_future(_disconnected(request))
    try:
        await asyncio.wait({work, gone}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        gone.cancel()
    if not work.done():
        work.cancel()  # the worker takes it out of the queue, or stops it
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await work
        raise HTTPException(499, "the client went away")
    return work.result()


async def _disconnected(request: Request) -> None:
    """Returns once the client has gone (the body was read already: only a disconnect comes)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


@router.post(
    "/articles",
    status_code=202,
    summary="Ingest articles into the store, as a background job",
    description="Answers 202 with the job; follow it at `GET /api/jobs/{id}` (its `url`).",
    responses={**ERRORS, 401: {"description": "The API token is missing or wrong"}},
)
async def ingest(
    request: Request,
    body: inputs.IngestIn,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)] = None,
) -> JSONResponse:
    st = state(request)
    given = f"{credentials.scheme} {credentials.credentials}" if credentials else None
    check_token(st.settings.api_token, given)
    job = await start_ingest(st, body.articles)
    payload = job_json(job)
    return JSONResponse(payload, status_code=202, headers={"Location": payload["url"]})


async def start_ingest(st: WebState, items: list[inputs.ArticleIn]) -> Job:
    inputs.check_ingest(items)

    def run(job: Job) -> dict[str, Any]:
        library = st.worker.library()
        if library.fetcher is None:
            library.fetcher = Fetcher.from_settings(st.settings)

        def progress(p: Any) -> None:
            job.stage, job.done, job.total, job.source = p.stage, p.done, p.total, p.source

        items_in = inputs.ingest_items(items, library.fetcher, st.settings)
        summary = library.ingest_items(items_in, progress=progress)
        return {
            "added": summary.added,
            "duplicates": summary.duplicates,
            "unchanged": summary.unchanged,
            "failures": [{"source": f.source, "reason": f.reason} for f in summary.failures],
            "stories": sorted(summary.stories_touched),
            "reports": summary.reports,
            "totals": summary.totals,
        }

    return st.worker.start_job("ingest", run)


@router.get(
    "/jobs/{job_id}",
    summary="A background job's status and progress",
    responses={404: {"description": 'No such job: `{"error": ...}`'}},
)
async def get_job(request: Request, job_id: str) -> dict[str, Any]:
    return job_json(state(request).worker.job(job_id))


def job_json(job: Job) -> dict[str, Any]:
    return {**job.as_dict(), "url": f"/api/jobs/{job.id}", "page": f"/jobs/{job.id}"}
