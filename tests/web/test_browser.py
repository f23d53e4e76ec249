"""The pages in a real headless Chromium (Debian's, driven by Playwright) against a real server.

Screenshots of the story page and the story list go to tests/artifacts/.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

from tests.conftest import seed_files
from tests.web.conftest import ARTIFACTS, HOSTILE_OUTLET, HOSTILE_TEXT

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        message = "Debian's chromium is not installed (make test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


class Watched:
    """A page plus what it must not do: console errors (CSP violations land there), dialogs."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1440, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser):
    w = Watched(browser)
    yield w
    w.close()


def disputed_meeting(article):
    return article.locator("mark.claim.verdict-disputed").filter(has_text=re.compile("meeting"))


def test_story_page_shows_the_meeting_dispute_side_by_side(live, web_store, watched):
    page = watched.page
    page.goto(f"{live.url}/stories/{web_store['seed_story']}")
    columns = page.locator("section.articles > article.article")
    assert columns.count() == 2
    assert columns.nth(0).locator("h2").inner_text() == "VOA"
    assert columns.nth(1).locator("h2").inner_text() == "The Washington Times"
    voa, wt = (disputed_meeting(columns.nth(i)) for i in range(2))
    assert voa.count() >= 1 and wt.count() >= 1, "the meeting claims are disputed in both columns"
    # The colour comes from the stylesheet (no inline style): the disputed background.
    assert voa.first.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(251, 224, 222)"

    # Clicking the VOA claim shows its counterpart in The Washington Times and the judge's word.
    panel = page.locator("#claim-panel")
    assert panel.is_hidden()
    voa.first.click()
    panel.wait_for(state="visible")
    assert panel.locator(".panel-outlet").inner_text() == "VOA"
    assert "meeting" in panel.locator(".panel-text").inner_text()
    assert panel.locator(".panel-verdict .badge").inner_text().lower() == "disputed"
    counterparts = panel.locator("li.counterpart")
    assert counterparts.count() >= 1
    texts = [counterparts.nth(i).inner_text() for i in range(counterparts.count())]
    assert any("The Washington Times" in t and "meeting" in t for t in texts), texts
    assert all("Judge:" in t for t in texts)
    marked = columns.nth(1).locator("mark.claim.is-counterpart")
    assert marked.count() >= 1, "the counterpart is marked in the other column"
    assert voa.first.evaluate("e => e.classList.contains('is-selected')")
    # Following the counterpart link brings its mark into view.
    counterparts.first.locator("a.counterpart-text").click()
    target_id = counterparts.first.get_attribute("data-claim")
    page.locator(f"#claim-{target_id}").wait_for(state="visible")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "story.png"))
    page.screenshot(path=str(ARTIFACTS / "story-full.png"), full_page=True)
    assert not watched.errors, watched.errors
    assert not watched.dialogs


def test_story_page_quotes_entities_timeline_matrix(live, web_store, watched):
    page = watched.page
    page.goto(f"{live.url}/stories/{web_store['seed_story']}")
    group = page.locator("#quotes .quote-group").filter(has_text="Jo Chol")
    assert group.count() == 1
    wordings = group.locator(".variant blockquote").all_inner_texts()
    assert len(wordings) == 2
    assert any("considerably much time" in w for w in wordings)
    assert any("quite a lot of time" in w for w in wordings)
    assert group.locator(".diff ins").count() >= 1 and group.locator(".diff del").count() >= 1
    # Facts grouped as disputed / corroborated / unique.
    assert page.locator("#disputed .fact.verdict-disputed").count() >= 1
    assert page.locator("#corroborated .fact.verdict-corroborated").count() >= 1
    assert page.locator("#unique .fact.verdict-unique").count() >= 1
    # Entities with their aliases: Jo Chol-su under both spellings.
    jo = page.locator("#people tr").filter(has_text=re.compile("Jo Chol"))
    assert (
        jo.count() >= 1
        and "VOA" in jo.first.inner_text()
        and "The Washington Times" in jo.first.inner_text()
    )
    # A timeline from the resolved dates, in order.
    dates = page.locator("#timeline time").evaluate_all(
        "ts => ts.map(t => t.getAttribute('datetime'))"
    )
    # (ordered by when each period falls: "2019" first, "end of 2019" last)
    assert dates[0] == "2019" and dates[-1] == "2019"
    days = [d for d in dates if len(d) == 10]
    assert days == sorted(days) and "2019-11-09" in days, days
    # The agreement matrix: VOA × The Washington Times shares the disputed meeting.
    cell = page.locator("#agreement table.matrix tbody tr").nth(0).locator("td").nth(1)
    assert int(cell.get_attribute("data-conflict")) >= 1
    assert not watched.errors, watched.errors


def test_story_list_search_and_screenshot(live, web_store, watched):
    page = watched.page
    page.goto(f"{live.url}/")
    rows = page.locator("tr.story-row")
    assert rows.count() == 2
    assert rows.nth(0).get_attribute("data-story") == web_store["hostile_story"]
    seed_row = rows.nth(1)
    assert "VOA" in seed_row.inner_text() and "The Washington Times" in seed_row.inner_text()
    assert int(seed_row.locator(".disputed-count").inner_text()) >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "stories.png"), full_page=True)
    page.fill("#q", "Stockholm")
    page.click("form.search button")
    page.wait_for_url(re.compile(r"q=Stockholm"))
    assert [r.get_attribute("data-story") for r in page.locator("tr.story-row").all()] == [
        web_store["seed_story"]
    ]
    page.locator("tr.story-row a").first.click()
    page.wait_for_url(re.compile(r"/stories/"))
    assert page.locator("section.articles > article").count() == 2
    assert not watched.errors, watched.errors


def test_hostile_article_renders_as_text(live, web_store, watched):
    page = watched.page
    page.goto(f"{live.url}/stories/{web_store['hostile_story']}")
    page.wait_for_load_state("load")
    text = page.locator("article.article .text")
    assert "<script>window.__xss = 1;" in text.inner_text()
    assert "<img src=x onerror=" in text.inner_text()
    assert text.locator("script, img").count() == 0, "no element injected"
    assert page.locator("article.article h2").inner_text() == HOSTILE_OUTLET
    assert page.locator("article.article h2 b").count() == 0
    # The script reads the claims' JSON and writes the panel with textContent only.
    page.locator("article.article mark.claim").filter(has_text="onerror").first.click()
    panel = page.locator("#claim-panel")
    panel.wait_for(state="visible")
    assert panel.locator(".panel-outlet").inner_text() == HOSTILE_OUTLET
    assert "onerror=" in panel.locator(".panel-text").inner_text()
    assert panel.locator("b, img, script").count() == 0
    assert page.evaluate("() => window.__xss") is None
    # The list page too.
    page.goto(f"{live.url}/")
    assert page.locator("tr.story-row b, tr.story-row i").count() == 0
    assert HOSTILE_OUTLET in page.locator("tr.story-row").first.inner_text()
    assert page.evaluate("() => window.__xss") is None
    assert not watched.dialogs, watched.dialogs
    assert not watched.errors, watched.errors


def test_compare_page_pastes_texts_and_shows_the_report(live, watched):
    page = watched.page
    page.goto(f"{live.url}/compare")
    slots = page.locator("fieldset.slot")
    assert slots.count() == 2
    for i, (path, outlet, date) in enumerate(seed_files()):
        slot = slots.nth(i)
        slot.locator("input[name=outlet]").fill(outlet)
        slot.locator("input[name=published]").fill(date)
        slot.locator("textarea[name=text]").fill(path.read_text(encoding="utf-8"))
    # The answer comes when the comparison is done: on a busy machine that can take minutes.
    with page.expect_navigation(timeout=300_000):
        page.click("form.compare-form button[type=submit]", no_wait_after=True)
    page.wait_for_selector("section.articles")
    columns = page.locator("section.articles > article.article")
    assert columns.count() == 2
    assert (
        disputed_meeting(columns.nth(0)).count() >= 1
        and disputed_meeting(columns.nth(1)).count() >= 1
    )
    assert "not stored" in page.locator(".story-title").inner_text()
    assert not watched.errors, watched.errors


def test_ingest_page_shows_the_job_progress(tmp_path, svc, serve, watched):
    from rashomon.settings import Settings
    from rashomon.web import create_app

    server = serve(create_app(Settings(db=str(tmp_path / "ingest.db")), service=svc))
    page = watched.page
    page.goto(f"{server.url}/ingest")
    page.fill("input[name=outlet]", "Town Crier")
    page.fill("input[name=published]", "2024-05-02")
    page.fill("textarea[name=text]", HOSTILE_TEXT)
    page.click("form.ingest-form button[type=submit]")
    page.wait_for_url(re.compile(r"/jobs/job-"))
    status = page.locator(".job-status")
    page.wait_for_function(
        "() => document.querySelector('.job-status').textContent === 'done'", timeout=180_000
    )
    assert status.inner_text() == "done"
    link = page.locator(".job-stories a")
    assert link.count() == 1
    link.click()
    page.wait_for_url(re.compile(r"/stories/"))
    assert page.locator("article.article h2").inner_text() == "Town Crier"
    assert not watched.errors, watched.errors
