"""The HTML pages in process: escaping, JSON twins, CSRF on form posts, errors as pages."""

from __future__ import annotations

import re

import pytest

from rashomon.version import __version__
from tests.conftest import seed_files
from tests.web.conftest import HOSTILE_OUTLET


def csrf_of(client, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token, "the form carries a CSRF token"
    assert client.cookies.get("rashomon_csrf") == token.group(1)
    return token.group(1)


def test_story_list_page_has_its_json_twin(client, web_store):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<link rel="alternate" type="application/json" href="/api/stories">' in page.text
    assert f'href="/stories/{web_store["seed_story"]}"' in page.text
    searched = client.get("/", params={"q": "Stockholm"})
    assert f"/stories/{web_store['seed_story']}" in searched.text
    assert f"/stories/{web_store['hostile_story']}" not in searched.text
    assert 'href="/api/stories?q=Stockholm"' in searched.text


def test_story_page_escapes_every_piece_of_article_text(client, web_store):
    html = client.get(f"/stories/{web_store['hostile_story']}").text
    assert "<script>window" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__xss = 1;" in html
    assert "<b>Gazette</b>" not in html and "Evil &lt;b&gt;Gazette&lt;/b&gt;" in html
    assert "<i>Park</i>" not in html
    # The only script elements: the page's own file and the inert JSON data block.
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == [
        f'<script src="/static/app.js?v={__version__}" defer>',
        '<script type="application/json" id="claim-data">',
    ]
    data = html.split('id="claim-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data, "the JSON block cannot close its script element"
    assert " style=" not in html and "<style" not in html, "no inline style (CSP)"


def test_story_page_marks_claims_by_verdict_in_both_columns(client, web_store):
    html = client.get(f"/stories/{web_store['seed_story']}").text
    columns = html.split('<article class="article"')[1:]
    assert len(columns) == 2
    for column in columns:
        disputed = re.findall(
            r'<mark class="claim verdict-disputed"[^>]*>(.*?)</mark>', column, re.S
        )
        assert any("meeting" in m for m in disputed)
    assert '<link rel="alternate" type="application/json" href="/api/stories/' in html


def test_story_page_shows_a_disputed_fact_as_its_sides_with_the_reason(client, web_store):
    html = client.get(f"/stories/{web_store['seed_story']}").text
    card = html.split('<section class="fact verdict-disputed"', 1)[1].split("</section>", 1)[0]
    assert '<p class="reason"><strong>Why disputed:</strong>' in card
    sides = card.split('<div class="side">')[1:]
    assert len(sides) == 2
    assert "VOA" in sides[0].split("</h5>", 1)[0] and "held a meeting" in sides[0]
    assert (
        "The Washington Times" in sides[1].split("</h5>", 1)[0]
        and "no substantial meeting" in sides[1]
    )


def test_compare_form_needs_the_csrf_token(client):
    texts = [path.read_text(encoding="utf-8") for path, _, _ in seed_files()]
    form = {"outlet": ["A", "B"], "published": ["", ""], "url": ["", ""], "text": texts}
    missing = client.post("/compare", data=form)
    assert missing.status_code == 403 and "security token" in missing.text
    assert missing.headers["content-type"].startswith("text/html")
    token = csrf_of(client, "/compare")
    wrong = client.post("/compare", data={**form, "csrf": "x" * 32})
    assert wrong.status_code == 403
    foreign = client.post(
        "/compare", data={**form, "csrf": token}, headers={"Origin": "https://evil.example"}
    )
    assert foreign.status_code == 403 and "another origin" in foreign.text


def test_compare_form_errors_keep_what_was_typed(client):
    token = csrf_of(client, "/compare")
    form = {
        "csrf": token,
        "outlet": ["Mine <b>", ""],
        "published": ["", ""],
        "url": ["", ""],
        "text": ["Only one article here, which is not enough to compare.", ""],
    }
    page = client.post("/compare", data=form)
    assert page.status_code == 422
    assert "two or more" in page.text
    assert 'value="Mine &lt;b&gt;"' in page.text


def test_ingest_form_with_a_token_set(settings_for, svc, tmp_path):
    from fastapi.testclient import TestClient

    from rashomon.settings import Settings
    from rashomon.web import create_app

    settings = Settings(db=str(tmp_path / "x.db"), api_token="tok-123")
    with TestClient(create_app(settings, service=svc)) as c:
        token = csrf_of(c, "/ingest")
        assert 'name="token"' in c.get("/ingest").text
        refused = c.post(
            "/ingest", data={"csrf": token, "urls": "https://example.org/a", "token": "bad"}
        )
        assert refused.status_code == 401 and "does not match" in refused.text
        bad_url = c.post(
            "/ingest", data={"csrf": token, "urls": "file:///etc/passwd", "token": "tok-123"}
        )
        assert bad_url.status_code == 422 and "http" in bad_url.text
        nothing = c.post("/ingest", data={"csrf": token, "token": "tok-123"})
        assert nothing.status_code == 422


@pytest.mark.parametrize("path", ["/stories/nope", "/jobs/nope", "/no/such/page"])
def test_unknown_pages_are_html_404s(client, path):
    page = client.get(path)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Error 404" in page.text


def test_pages_ask_for_json_get_json_errors(client):
    response = client.get("/stories/nope", headers={"Accept": "application/json"})
    assert response.status_code == 404 and "error" in response.json()


def test_hostile_outlet_in_story_list(client):
    html = client.get("/").text
    assert HOSTILE_OUTLET not in html and "Evil &lt;b&gt;Gazette&lt;/b&gt;" in html
