"""The HTML renderer: one mark per claim at its offsets, article text escaped, self-contained."""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from rashomon.model import Article, Attribution, Claim, Fact, Report
from rashomon.report import to_html
from rashomon.report.view import build

VOID = {"br", "meta", "img", "input", "link", "hr", "wbr", "source", "area", "base", "col"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, tag: str | None = None, cls: str | None = None):  # type: ignore[no-untyped-def]
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    yield child
                yield from child.iter(tag, cls)

    def by_id(self, ident: str) -> Node:
        found = [n for n in self.iter() if n.attrs.get("id") == ident]
        assert len(found) == 1, (ident, len(found))
        return found[0]

    def ancestors(self):  # type: ignore[no-untyped-def]
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.current = self.root
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        assert self.current.parent is not None
        self.current = self.current.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> tuple[Node, list[str]]:
    """A tree of the page (asserting it is well nested) and every start tag in order."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    assert builder.current is builder.root, "unclosed elements"
    return builder.root, builder.tags


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def page(report: Report) -> Node:
    return parse(to_html(report))[0]


def test_to_html_marks_each_claim_once_with_its_verdict(report: Report, page: Node) -> None:
    fact_of = {cid: f for f in report.facts for cid in f.claims}
    marks = list(page.iter("mark", "claim"))
    assert sorted(m.attrs["id"] for m in marks) == sorted(f"claim-{c.id}" for c in report.claims)
    for claim in report.claims:
        mark = page.by_id(f"claim-{claim.id}")
        fact = fact_of[claim.id]
        assert mark.classes == {"claim", f"verdict-{fact.verdict}"}
        assert mark.attrs["data-fact"] == fact.id
        links = [n for n in mark.children if isinstance(n, Node) and n.tag == "a"]
        assert [a.attrs["href"] for a in links] == [f"#fact-{fact.id}"]


def test_to_html_mark_text_matches_claim_offsets(report: Report, page: Node) -> None:
    articles = {a.id: a for a in report.articles}
    for claim in report.claims:
        mark = page.by_id(f"claim-{claim.id}")
        assert mark.text() == articles[claim.article].text[claim.start : claim.end]
        column = next(n for n in mark.ancestors() if n.tag == "article")
        assert column.attrs["id"] == f"article-{claim.article}"


def test_to_html_keeps_every_character_of_each_article(report: Report, page: Node) -> None:
    for article in report.articles:
        body = next(page.by_id(f"article-{article.id}").iter("div", "text"))
        assert _squash(body.text()) == _squash(article.text)


def test_to_html_paragraphs_follow_newlines(report: Report, page: Node) -> None:
    for article in report.articles:
        body = next(page.by_id(f"article-{article.id}").iter("div", "text"))
        paragraphs = [p.text() for p in body.iter("p")]
        assert paragraphs == [line for line in article.text.split("\n") if line.strip()]


def test_to_html_dims_skipped_spans(report: Report, page: Node) -> None:
    for article in report.articles:
        column = page.by_id(f"article-{article.id}")
        skipped = "".join(n.text() for n in column.iter("span", "skip"))
        expected = "".join(article.text[s.start : s.end] for s in article.skip)
        assert _squash(skipped) == _squash(expected)
        labels = [
            n.attrs["data-label"] for n in column.iter("span", "skip") if "data-label" in n.attrs
        ]
        assert labels == [s.label for s in article.skip]
    assert not list(page.by_id("article-a-voa").iter("mark", "skip"))


def test_to_html_underlines_quotes_inside_their_claims(report: Report, page: Node) -> None:
    for quote in report.quotes:
        first = page.by_id(f"quote-{quote.id}")
        assert first.tag == "u"
        pieces = [n for n in page.iter("u", "quote") if n.attrs["data-quote"] == quote.id]
        assert "".join(n.text() for n in pieces) == quote.text
        claim = next(c for c in report.claims if c.quote == quote.id)
        assert any(a.attrs.get("id") == f"claim-{claim.id}" for a in first.ancestors())


def test_to_html_facts_grouped_disputed_corroborated_unique(report: Report) -> None:
    html = to_html(report)
    page = parse(html)[0]
    order = [html.index(f'id="{name}"') for name in ("disputed", "corroborated", "unique")]
    assert order == sorted(order)
    for fact in report.facts:
        card = page.by_id(f"fact-{fact.id}")
        section = next(
            n
            for n in card.ancestors()
            if n.attrs.get("id") in {"disputed", "corroborated", "unique"}
        )
        assert section.attrs["id"] == fact.verdict
        assert f"verdict-{fact.verdict}" in card.classes
        links = [a.attrs["href"] for a in card.iter("a")]
        assert links == [f"#claim-{cid}" for cid in _reading_order(report, fact)]
    unique = page.by_id("unique")
    assert [h.text() for h in unique.iter("h3")] == [
        "Only in VOA",
        "Only in The Washington Times",
        "One source, carried by VOA and The Washington Times",
    ]


def _reading_order(report: Report, fact: Fact) -> list[str]:
    order = {a.id: i for i, a in enumerate(report.articles)}
    claims = [c for c in report.claims if c.id in fact.claims]
    return [c.id for c in sorted(claims, key=lambda c: (order[c.article], c.start))]


def test_to_html_disputed_fact_shows_grade_and_negation(page: Node) -> None:
    card = page.by_id("fact-f-meeting")
    text = " ".join(card.text().split())
    assert "contradicted: the outlets say opposite things" in text
    assert "negated" in text
    assert "hearsay" in text
    assert "Saturday = Sat 9 Nov 2019" in text
    assert "Why disputed: 'held a meeting' vs 'no substantial meeting'" in text
    sides = [" ".join(d.text().split()) for d in card.iter("div", "side")]
    assert len(sides) == 2
    assert sides[0].startswith("Version 1 VOA") and "held a meeting" in sides[0]
    assert (
        sides[1].startswith("Version 2 The Washington Times")
        and "no substantial meeting" in sides[1]
    )


def test_to_html_quote_group_shows_word_diff(report: Report, page: Node) -> None:
    group = page.by_id("quote-group-g-jo")
    assert [d.text() for d in group.iter("del")] == [
        "We’ve",
        "the United States quite a lot of time,",
        "we’re waiting for an answer by",
    ]
    assert [i.text() for i in group.iter("ins")] == [
        "We have",
        "considerably much time to the U.S.,",
        "we will wait for some results until",
    ]
    hrefs = [a.attrs["href"] for a in group.iter("a")]
    assert hrefs == ["#quote-q-voa-jo", "#quote-q-wt-jo"]


def test_to_html_people_sourcing_timeline(report: Report, page: Node) -> None:
    jo = page.by_id("entity-e-jo")
    cells = [td.text() for td in jo.iter("td")]
    assert cells[0] == "Jo Chol-su"
    assert cells[2] == "Jo Chol Su; Mr. Jo"
    assert "director general for North America" in cells[3]
    assert cells[4] == "VOA, The Washington Times"
    sourcing = " ".join(page.by_id("sourcing").text().split())
    assert "hearsay 2" in sourcing and "Yonhap (other media, 1 claim)" in sourcing
    times = [t.attrs["datetime"] for t in page.by_id("timeline").iter("time")]
    assert times == [
        "2019-06",
        "2019-10",
        "2019-10",
        "2019-W45",
        "2019-11-09",
        "2019-11-10",
        "2019",
        "2019",
    ]


def test_to_html_header_and_legend(page: Node) -> None:
    assert next(page.by_id("article-a-voa").iter("h2")).text() == "VOA"
    title = next(page.iter("h1")).text()
    assert " ".join(title.split()) == "VOA vs The Washington Times"
    legend = next(page.iter("ul", "legend"))
    assert {s.text() for s in legend.iter("mark", "swatch")} == {
        "disputed",
        "corroborated",
        "unique",
    }
    stats = [p.text() for p in page.iter("p", "stats")]
    assert stats == ["5 claims: 2 disputed · 1 corroborated · 2 unique"] * 2


def test_to_html_is_self_contained(report: Report) -> None:
    html = to_html(report)
    page, tags = parse(html)
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(tags)
    assert "@import" not in html and "url(" not in html
    external = [a.attrs["href"] for a in page.iter("a") if not a.attrs["href"].startswith("#")]
    assert external == [a.url for a in report.articles if a.url]
    assert "src=" not in html


def test_to_html_escapes_hostile_article_text(hostile_report: Report) -> None:
    html = to_html(hostile_report)
    page, tags = parse(html)
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert not {"script", "img"} & set(tags)
    assert not [n for n in page.iter() if any(k.startswith("on") for k in n.attrs)]
    mark = page.by_id("claim-c-voa-hostile")
    assert mark.text() == hostile_report.claims[-1].text
    # The javascript: URL of the article is shown as text, never linked.
    assert not [a for a in page.iter("a") if "javascript" in a.attrs["href"]]
    assert "javascript:alert(1)" in page.by_id("article-a-voa").text()


def _tiny(text: str, spans: list[tuple[int, int]], *, fact: bool = True) -> Report:
    article = Article(id="a", text=text, outlet="Tiny")
    claims = tuple(
        Claim(
            id=f"c{i}",
            article="a",
            start=s,
            end=e,
            text=text[s:e],
            sentence=i,
            attribution=Attribution(kind="outlet"),
            certainty="asserted",
            polarity="positive",
        )
        for i, (s, e) in enumerate(spans)
    )
    facts = tuple(
        Fact(
            id=f"f{c.id}",
            verdict="unique",
            grade=None,
            claims=(c.id,),
            sources=1,
            outlets=("Tiny",),
            summary=c.text,
        )
        for c in claims
        if fact
    )
    return Report(
        articles=(article,),
        entities=(),
        claims=claims,
        quotes=(),
        times=(),
        facts=facts,
        quote_groups=(),
        relations=(),
        sourcing=(),
    )


def test_to_html_newline_inside_claim_becomes_br() -> None:
    text = "One two.\nThree four.\n\nFive."
    page = parse(to_html(_tiny(text, [(4, 14)])))[0]
    mark = page.by_id("claim-c0")
    assert mark.text() == "two.Three"
    assert [n.tag for n in mark.iter("br")] == ["br"]
    body = next(page.iter("div", "text"))
    assert [p.text() for p in body.iter("p")] == ["One two.Three four.", "Five."]


def test_to_html_overlapping_claim_is_logged_not_nested(caplog: pytest.LogCaptureFixture) -> None:
    text = "Alpha beta gamma delta."
    with caplog.at_level(logging.WARNING, logger="rashomon.report.html"):
        page = parse(to_html(_tiny(text, [(0, 10), (6, 16)])))[0]
    assert [m.attrs["id"] for m in page.iter("mark", "claim")] == ["claim-c0"]
    assert "c1" in caplog.text


def test_to_html_clips_claim_past_the_end_of_the_text() -> None:
    report = _tiny("Short text.", [(6, 11)])
    claim = dataclasses.replace(report.claims[0], end=99)
    page = parse(to_html(dataclasses.replace(report, claims=(claim,))))[0]
    assert page.by_id("claim-c0").text() == "text."


def test_to_html_claim_without_fact_is_marked_unlinked() -> None:
    page = parse(to_html(_tiny("Just one claim.", [(0, 15)], fact=False)))[0]
    mark = page.by_id("claim-c0")
    assert mark.classes == {"claim", "verdict-none"}
    assert not list(mark.iter("a"))


def test_to_html_duplicate_outlets_get_distinct_names(report: Report) -> None:
    both_voa = dataclasses.replace(
        report, articles=tuple(dataclasses.replace(a, outlet="VOA") for a in report.articles)
    )
    view = build(both_voa)
    assert list(view.outlets.values()) == ["VOA (1)", "VOA (2)"]
    page = parse(to_html(both_voa))[0]
    assert [next(page.by_id(f"article-{a.id}").iter("h2")).text() for a in report.articles] == [
        "VOA (1)",
        "VOA (2)",
    ]
