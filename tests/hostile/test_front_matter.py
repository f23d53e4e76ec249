"""Issue 17, case 1: YAML front matter cannot make rashomon expand, construct or recurse.

The "billion laughs" here has 4 levels (6,561 strings if expanded): the assertion is that the
loader refuses aliases outright, so 9 levels (387 M strings) cost the same as 4.
"""

from __future__ import annotations

import resource
import time

import pytest

from rashomon.errors import InputError
from rashomon.ingest import article_from_text
from tests.hostile.conftest import BODY, alias_bomb


def test_alias_bomb_is_refused_without_expanding_it():
    with pytest.raises(InputError) as caught:
        article_from_text(alias_bomb(levels=4), source="bomb.md")
    message = str(caught.value)
    assert message.startswith("bomb.md: front matter line ") and "alias" in message
    assert "lol" not in message and "\n" not in message


def test_full_size_alias_bomb_costs_no_time_or_memory():
    """The issue's reproduction (9 levels: 50 s and 2.8 GB before) answered at once."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(InputError, match="alias"):
        article_from_text(alias_bomb(levels=9), source="bomb.md")
    assert time.perf_counter() - started < 1.0
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 20_000, f"peak memory grew {grown_kb} KB"


def test_an_anchor_without_alias_is_harmless_yaml():
    article = article_from_text(
        "---\nx: &keep [1]\ntitle: Bridge closes\n---\n" + BODY, source="t.md"
    )
    assert article.title == "Bridge closes"


@pytest.mark.parametrize(
    ("front_matter", "needle"),
    [
        ("title: !!python/object/apply:os.system ['true']\n", "tag"),
        ("title: !custom x\n", "tag"),
        ("title: " + "[" * 50 + "x" + "]" * 50 + "\n", "nested more than"),
        ("title: " + "[" * 100_000 + "\n", "more than the limit"),
    ],
    ids=["python-tag", "custom-tag", "deep", "huge"],
)
def test_front_matter_tags_nesting_and_size_are_refused(front_matter, needle):
    with pytest.raises(InputError, match=needle) as caught:
        article_from_text("---\n" + front_matter + "---\n" + BODY, source="t.md")
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 300


def test_a_bad_date_in_front_matter_is_an_input_error_naming_the_date():
    """YAML's own date constructor raised a bare ValueError for 2019-13-45."""
    with pytest.raises(InputError, match=r"t\.md: published date '2019-13-45' is not a valid date"):
        article_from_text("---\npublished: 2019-13-45\n---\n" + BODY, source="t.md")


def test_a_good_date_in_front_matter_still_reads():
    article = article_from_text("---\npublished: 2019-11-14\n---\n" + BODY, source="t.md")
    assert article.published == "2019-11-14"


def test_a_non_string_value_is_not_echoed_whole():
    items = ", ".join(f"word{i}" for i in range(2000))
    with pytest.raises(InputError) as caught:
        article_from_text(f"---\ntitle: {{a: [{items}]}}\n---\n" + BODY, source="t.md")
    assert len(str(caught.value)) < 200 and "word1999" not in str(caught.value)


def test_alias_bomb_through_the_api_is_a_fast_4xx(app_client):
    payload = {"articles": [{"text": alias_bomb(levels=9)}, {"text": BODY}]}
    started = time.perf_counter()
    response = app_client.post("/api/compare", json=payload)
    assert time.perf_counter() - started < 1.0
    assert response.status_code == 422, response.text
    assert "articles[0]" in response.json()["error"] and "alias" in response.json()["error"]
    assert app_client.get("/api/health").json()["status"] == "ok"
