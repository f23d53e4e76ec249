"""``create_app(settings)``: the FastAPI app of rashomon, its REST API and its pages.

The app is a thin layer over the same service layer as the CLI: a
:class:`~rashomon.service.Library` for stored stories and ``Service.compare`` for
ad-hoc comparisons, run on the threads of :class:`~rashomon.web.worker.Worker`. Errors are
answered as ``{"error": ...}`` (or an HTML page, for a page) with the status that
:mod:`rashomon.web.errors` gives them.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles

from rashomon.errors import ConfigError, RashomonError
from rashomon.service import Library, Service
from rashomon.settings import Settings
from rashomon.version import __version__
from rashomon.web import api, pages
from rashomon.web.errors import BusyError, public_message, status_of
from rashomon.web.security import BodyLimit, HostCheck, SecurityHeaders
from rashomon.web.state import WebState, environment, state
from rashomon.web.worker import QUEUE_LIMIT, Worker

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
DESCRIPTION = """Reconcile what different news outlets report about the same event.

Every HTML page has a JSON twin here. Errors are `{"error": "..."}` with the matching
status. Write endpoints need `Authorization: Bearer TOKEN` when the server has an API token
(`RASHOMON_API_TOKEN`). Request bodies are limited to `max_request_bytes`.
"""


def create_app(
    settings: Settings | None = None,
    *,
    service: Service | None = None,
    queue_limit: int = QUEUE_LIMIT,
) -> FastAPI:
    """The web app over ``settings.db``; ``service`` (a Service) lets callers share loaded
    models."""
    settings = settings or Settings()
    if settings.max_request_bytes < 1:
        raise ConfigError(f"max_request_bytes={settings.max_request_bytes} must be at least 1")
    if service is None:
        service = Service(settings=settings)
    Library.open(settings, create=True).close()  # a bad database fails here, not per request

    def open_library() -> Library:
        return Library.open(settings, create=True, service=service)

    worker = Worker(open_library, service=service, queue_limit=queue_limit)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        restore = _stop_work_on_signals(worker)
        try:
            yield
        finally:
            restore()
            await run_in_threadpool(worker.close)

    app = FastAPI(
        title="rashomon",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # Swagger UI needs inline script and a CDN; /docs is ours
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.rashomon = WebState(settings=settings, worker=worker, env=environment())
    app.add_middleware(CatchAll)
    app.add_middleware(
        BodyLimit,
        limit=settings.max_request_bytes,
        timeout=settings.body_timeout,
        max_depth=settings.max_json_depth,
    )
    app.add_middleware(HostCheck, allowed=settings.allowed_hosts)  # before any body is read
    app.add_middleware(SecurityHeaders)  # the outermost: every response gets the headers
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    _install_error_handlers(app)
    return app


def _stop_work_on_signals(worker: Worker) -> Callable[[], None]:
    """On SIGTERM or SIGINT, stop the model work at once, then do what the server does.

    uvicorn waits for requests in flight before it shuts the app down; a comparison in flight
    would hold it for as long as the comparison runs. Stopping the work first answers those
    requests with 503 in a moment, so the server ends in seconds. (Only where signals can be
    handled: the main thread, as under ``rashomon serve``.) Returns what undoes it.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    installed: dict[int, Any] = {}
    for sig in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(sig)
        if not callable(previous):
            continue

        def handler(signum: int, frame: Any, previous: Any = previous) -> None:
            worker.stop_work()
            previous(signum, frame)

        signal.signal(sig, handler)
        installed[sig] = (previous, handler)

    def restore() -> None:
        for sig, (previous, handler) in installed.items():
            if signal.getsignal(sig) is handler:
                signal.signal(sig, previous)

    return restore


def wants_json(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/openapi")) or path == "/api":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(
    request: Request,
    status: int,
    message: str,
    *,
    details: list[Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if wants_json(request):
        body: dict[str, Any] = {"error": message}
        if details:
            body["details"] = details
        return JSONResponse(body, status_code=status, headers=headers)
    html = state(request).render("error.html.j2", status=status, message=message)
    return HTMLResponse(html, status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RashomonError)
    async def rashomon_error(request: Request, exc: RashomonError) -> Response:
        status = status_of(exc)
        if status >= 500:
            log.error("%s %s failed: %s", request.method, request.url.path, exc, exc_info=exc)
        headers = {"Retry-After": "5"} if isinstance(exc, BusyError) else None
        if status == 401:
            headers = {"WWW-Authenticate": 'Bearer realm="rashomon"'}
        return error_response(request, status, public_message(exc), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        errors = list(exc.errors())
        for e in errors:
            if e.get("type") == "json_invalid":
                where = e.get("ctx", {}).get("error", "")
                return error_response(
                    request, 400, f"invalid JSON in the request body: {where}".rstrip(": ")
                )
        details: list[dict[str, Any]] = [
            {
                "loc": [str(p) for p in e.get("loc", ())],
                "msg": str(e.get("msg", "")).removeprefix("Value error, "),
            }
            for e in errors
        ]
        loc: list[str] = details[0]["loc"] if details else []
        msg: str = details[0]["msg"] if details else "invalid request"
        where = ".".join(loc[1:] if loc[:1] == ["body"] else loc)
        message = f"{where}: {msg}" if where else msg
        return error_response(request, 422, message, details=details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 400 and message == "There was an error parsing the body":
            message = (  # UTF-8 and nesting were checked (BodyLimit): Python's own limits remain
                "invalid JSON in the request body: it cannot be read (a number of more than "
                "4,300 digits, say)"
            )
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or endpoint: {request.url.path}"
        headers = dict(exc.headers) if exc.headers else None
        return error_response(request, exc.status_code, message, headers=headers)


class CatchAll:
    """Turns an unexpected exception into a 500 in our format, inside the header middleware.

    (Starlette's own handler for ``Exception`` sits outside every middleware, so its
    responses would go out without the security headers.)
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            request = Request(scope)
            log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
            if started:
                raise
            response = error_response(request, 500, public_message(exc))
            await response(scope, receive, send)
