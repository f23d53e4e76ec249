"""The HTML pages; each has a JSON twin under ``/api/`` and reads the same data as it.

Forms post ``application/x-www-form-urlencoded`` bodies (parsed here, no multipart) and
carry a double-submit CSRF token: a random value in a ``SameSite=Strict`` cookie, repeated
in a hidden field, which must match.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from rashomon.errors import InputError, RashomonError
from rashomon.report.view import SOURCE_KIND_WORDS, VERDICT_ORDER, VERDICT_WORDS, diff_segments
from rashomon.web import api
from rashomon.web.errors import status_of
from rashomon.web.inputs import ArticleIn
from rashomon.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    check_csrf,
    check_token,
    new_csrf_token,
)
from rashomon.web.state import state
from rashomon.web.views import story_page

router = APIRouter(include_in_schema=False)

SLOTS = 2  # article slots the compare form starts with
MAX_SLOTS = 10
MAX_ENTITIES = 60  # rows of the names table; the JSON has all
MAX_FORM_FIELDS = 200


def _html(
    request: Request, template: str, *, status: int = 200, csrf: str | None = None, **context: Any
) -> HTMLResponse:
    html = state(request).render(template, csrf=csrf or "", **context)
    response = HTMLResponse(html, status_code=status)
    if csrf is not None and request.cookies.get(CSRF_COOKIE) != csrf:
        response.set_cookie(
            CSRF_COOKIE,
            csrf,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
    return response


def _csrf(request: Request) -> str:
    token = request.cookies.get(CSRF_COOKIE) or ""
    return token if 20 <= len(token) <= 64 else new_csrf_token()


async def _form(request: Request) -> dict[str, list[str]]:
    """The posted form, after the CSRF check."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise HTTPException(415, "forms are posted as application/x-www-form-urlencoded")
    body = await request.body()
    try:
        form = parse_qs(
            body.decode("utf-8"),
            keep_blank_values=True,
            max_num_fields=MAX_FORM_FIELDS,
            strict_parsing=False,
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"the form cannot be read: {exc}") from exc
    check_csrf(
        request.cookies.get(CSRF_COOKIE),
        (form.get(CSRF_FIELD) or [""])[0] or None,
        origin=request.headers.get("origin"),
        host=request.headers.get("host"),
    )
    return form


def _first(form: dict[str, list[str]], name: str) -> str:
    return (form.get(name) or [""])[0]


def _story_context(report: Any) -> dict[str, Any]:
    return {
        "page": story_page(report),
        "verdicts": VERDICT_ORDER,
        "verdict_words": VERDICT_WORDS,
        "kind_words": SOURCE_KIND_WORDS,
        "diff_segments": diff_segments,
        "max_entities": MAX_ENTITIES,
    }


# -- the story list -------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
async def stories(request: Request, q: str | None = None, offset: int = 0) -> Response:
    limit = 50
    query = (q or "")[:200]
    try:
        data = await api.stories_json(state(request), query, limit, max(0, offset))
    except InputError as exc:  # a query with no words in it: say so on the page
        data = {
            "stories": [],
            "query": query,
            "hits": [],
            "limit": limit,
            "offset": 0,
            "next_offset": None,
            "error": str(exc),
        }
    hits: dict[str, list[Any]] = {}
    for hit in data["hits"]:
        hits.setdefault(hit["story"], []).append(hit)

    def pager(to: int) -> str:
        params = {"offset": max(0, to)}
        if data["query"]:
            params = {"q": data["query"], **params}
        return urlencode(params)

    twin = "/api/stories" + (f"?{urlencode({'q': data['query']})}" if data["query"] else "")
    return _html(request, "stories.html.j2", data=data, hits_by_story=hits, pager=pager, twin=twin)


# -- a story ---------------------------------------------------------------------------------
@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story(request: Request, story_id: str) -> Response:
    report = await api.story_report(state(request), story_id)
    heading = next((a.title for a in report.articles if a.title), None)
    return _html(
        request,
        "story.html.j2",
        twin=f"/api/stories/{story_id}",
        heading=heading,
        twin_note=None,
        **_story_context(report),
    )


# -- compare ---------------------------------------------------------------------------------
@router.get("/compare", response_class=HTMLResponse)
async def compare_form(request: Request, n: int = SLOTS) -> Response:
    csrf = _csrf(request)
    slots = [_blank_slot()] * max(2, min(n, MAX_SLOTS))
    return _html(request, "compare.html.j2", csrf=csrf, slots=slots, error=None)


def _blank_slot() -> dict[str, str]:
    return {"outlet": "", "published": "", "url": "", "text": ""}


@router.post("/compare", response_class=HTMLResponse)
async def compare_post(request: Request) -> Response:
    form = await _form(request)
    fields = ("outlet", "published", "url", "text")
    columns = [form.get(name, []) for name in fields]
    n = min(max((len(c) for c in columns), default=0), MAX_SLOTS)
    slots = [
        {name: (col[i] if i < len(col) else "") for name, col in zip(fields, columns, strict=True)}
        for i in range(n)
    ]
    csrf = _csrf(request)
    try:
        items = []
        for slot in slots:
            if not slot["text"].strip() and not slot["url"].strip():
                continue
            try:
                items.append(
                    ArticleIn(
                        text=slot["text"] if slot["text"].strip() else None,
                        url=slot["url"].strip() or None,
                        outlet=slot["outlet"] or None,
                        published=slot["published"] or None,
                    )
                )
            except ValidationError as exc:
                first = exc.errors()[0]
                raise InputError(f"article {len(items) + 1}: {first['msg']}") from exc
        report = await api.run_compare(state(request), items)
    except RashomonError as exc:
        status = status_of(exc)
        if status >= 500:
            raise
        while len(slots) < 2:
            slots.append(_blank_slot())
        return _html(
            request, "compare.html.j2", status=status, csrf=csrf, slots=slots, error=str(exc)
        )
    return _html(
        request,
        "story.html.j2",
        csrf=csrf,
        twin=None,
        heading="A comparison of the texts you gave (not stored)",
        twin_note="As JSON: POST the same articles to /api/compare.",
        **_story_context(report),
    )


# -- ingest ----------------------------------------------------------------------------------
@router.get("/ingest", response_class=HTMLResponse)
async def ingest_form(request: Request) -> Response:
    return _ingest_page(request, {}, None)


def _ingest_page(
    request: Request, form: dict[str, str], error: str | None, status: int = 200
) -> Response:
    values = {k: form.get(k, "") for k in ("urls", "outlet", "published", "title", "text")}
    return _html(
        request,
        "ingest.html.j2",
        status=status,
        csrf=_csrf(request),
        form=values,
        error=error,
        token_required=bool(state(request).settings.api_token),
    )


@router.post("/ingest")
async def ingest_post(request: Request) -> Response:
    st = state(request)
    raw = await _form(request)
    form = {k: _first(raw, k) for k in ("urls", "outlet", "published", "title", "text", "token")}
    try:
        check_token(st.settings.api_token, f"Bearer {form['token']}" if form["token"] else None)
        items: list[ArticleIn] = []
        try:
            for line in form["urls"].splitlines():
                if line.strip():
                    items.append(ArticleIn(url=line.strip()))
            if form["text"].strip():
                items.append(
                    ArticleIn(
                        text=form["text"],
                        outlet=form["outlet"] or None,
                        published=form["published"] or None,
                        title=form["title"] or None,
                    )
                )
        except ValidationError as exc:
            raise InputError(str(exc.errors()[0]["msg"]).removeprefix("Value error, ")) from exc
        if not items:
            raise InputError("give at least one URL or an article's text")
        if len(items) > 20:
            raise InputError(f"{len(items)} sources; at most 20 per request")
        job = await api.start_ingest(st, items)
    except RashomonError as exc:
        status = status_of(exc)
        if status >= 500:
            raise
        return _ingest_page(request, form, str(exc), status)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
async def job_page(request: Request, job_id: str) -> Response:
    job = api.job_json(state(request).worker.job(job_id))
    return _html(request, "job.html.j2", job=job, twin=job["url"])


# -- the API, described ----------------------------------------------------------------------
@router.get("/docs", response_class=HTMLResponse)
async def docs(request: Request) -> Response:
    return _html(request, "docs.html.j2", spec=request.app.openapi(), twin="/openapi.json")
