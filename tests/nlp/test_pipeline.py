"""The Analyzer end to end: batches, offsets into the text, skipped text, ids, failing stages."""

from __future__ import annotations

import numpy as np
import pytest

from rashomon.errors import StageError
from rashomon.nlp.pipeline import Analyzer

FIRST = (
    "Ferry runs aground off Port Ellery\n\n"
    "By Mara Okonkwo\n\n"
    "The ferry ran aground near the breakwater on Sunday, the Coast Guard said. "
    "Harriet Vance, who runs the ferry company, said the crew had followed every rule.\n\n"
    "“We will reopen the route by early July,” Ms. Vance told reporters, “once the hull "
    "has been checked twice.”\n\n"
    "The company may sell its two oldest boats next year, according to the harbour authority."
)
SECOND = (
    "Divers inspected the hull of the grounded ferry on Monday and found two cracks.\n\n"
    "Tomas Eriksen, the lead diver, said there was no sign of an earlier repair. "
    "“The steel is older than the paint suggests,” he said."
)
THIRD = (
    "The council voted last month to dredge the channel, but work has not started.\n\n"
    "Sources say the contract will be signed in December."
)


@pytest.fixture(scope="module")
def articles(make_article):
    return [
        make_article(FIRST, published="2021-06-16", outlet="The Port Ellery Courier"),
        make_article(SECOND, published="2021-06-15", outlet="Coastal Radio"),
        make_article(THIRD, published="2021-06-14", outlet="The Harbour Gazette"),
    ]


@pytest.fixture(scope="module")
def results(analyzer, articles):
    return analyzer.analyze_many(articles)


def test_analyze_many_returns_one_result_per_article_in_order(results, articles):
    assert [r.analysis.article.id for r in results] == [a.id for a in articles]
    assert [r.analysis.article for r in results] == articles
    for r in results:
        assert r.analysis.claims
        assert r.vectors.shape == (len(r.analysis.claims), 384)
        assert np.allclose(np.linalg.norm(r.vectors, axis=1), 1.0, atol=1e-4)


def test_analyze_many_matches_one_at_a_time(analyzer, articles, results):
    for article, r in zip(articles, results, strict=True):
        alone = analyzer.analyze(article)
        assert alone.claims == r.analysis.claims
        assert alone.quotes == r.analysis.quotes
        assert alone.times == r.analysis.times


def test_analyze_many_every_offset_indexes_text(results):
    for r in results:
        a = r.analysis
        text = a.article.text
        records = [*a.mentions, *a.claims, *a.quotes, *a.times]
        assert records
        for x in records:
            assert 0 <= x.start < x.end <= len(text)
            assert text[x.start : x.end] == x.text, x
            assert x.article == a.article.id
        for q in a.quotes:
            if q.speaker_start is not None:
                assert 0 <= q.speaker_start < q.speaker_end <= len(text)
            if q.cue_start is not None:
                assert text[q.cue_start : q.cue_end] == q.cue
        for c in a.claims:
            att = c.attribution
            if att.cue_start is not None:
                assert text[att.cue_start : att.cue_end] == att.cue
            if att.source_start is not None:
                assert text[att.source_start : att.source_end] == att.source
            assert 0 <= c.sentence < len(a.sentences)
        for start, end, _title in a.titles:
            assert any((m.start, m.end) == (start, end) for m in a.mentions)
        for start, end in a.sentences:
            assert 0 <= start < end <= len(text)


def test_analyze_many_references_resolve(results):
    for r in results:
        a = r.analysis
        quote_ids = {q.id for q in a.quotes}
        time_ids = {t.id for t in a.times}
        for c in a.claims:
            assert c.quote is None or c.quote in quote_ids
            assert set(c.times) <= time_ids


def test_analyze_many_ids_unique_within_article(results):
    for r in results:
        a = r.analysis
        for records in (a.claims, a.quotes, a.times):
            ids = [x.id for x in records]
            assert len(ids) == len(set(ids))


def test_analyze_many_spots_quotes_and_dates_of_each_article(results):
    first, second, third = (r.analysis for r in results)

    def direct(a):
        return [q.speaker for q in a.quotes if q.kind == "direct"]

    assert direct(first) == ["Harriet Vance", "Harriet Vance"]
    assert direct(second) == ["Tomas Eriksen"]
    assert {t.text: t.value for t in second.times}["Monday"] == "2021-06-14"
    assert {t.text: t.value for t in third.times} == {
        "last month": "2021-05",
        "December": "2021-12",
    }


def test_analyze_article_of_skipped_lines_gives_nothing(analyzer, make_article):
    article = make_article(
        "By Mara Okonkwo and Lis Brandt\n\n"
        "Rescuers pull a passenger from the water near the breakwater on Sunday. "
        "(AP Photo/Jon Doe)\n"
    )
    assert article.skip
    a = analyzer.analyze(article)
    assert (a.claims, a.quotes, a.times, a.sentences) == ((), (), (), ())


def test_analyze_many_with_skipped_only_article_keeps_others(analyzer, make_article, articles):
    skipped = make_article(
        "By Mara Okonkwo\n\n"
        "Divers check the hull of the ferry near the breakwater on Monday. (AP Photo/Jon Doe)"
    )
    results = analyzer.analyze_many([articles[2], skipped, articles[1]])
    assert [r.analysis.article.id for r in results] == [articles[2].id, skipped.id, articles[1].id]
    assert results[1].analysis.claims == ()
    assert results[1].vectors.shape[0] == 0
    assert results[0].analysis.claims and results[2].analysis.claims


def test_analyze_claim_ids_deterministic_across_runs(analyzer, articles, results):
    fresh = Analyzer(nlp=analyzer.nlp, embedder=analyzer.embedder)
    again = fresh.analyze_many(articles)
    for r1, r2 in zip(results, again, strict=True):
        assert [c.id for c in r1.analysis.claims] == [c.id for c in r2.analysis.claims]
        assert [q.id for q in r1.analysis.quotes] == [q.id for q in r2.analysis.quotes]
        assert [t.id for t in r1.analysis.times] == [t.id for t in r2.analysis.times]


def test_analyze_claim_ids_depend_on_article(analyzer, make_article):
    body = "The harbour master resigned after the ferry ran aground."
    one = analyzer.analyze(make_article(body, outlet="The Port Ellery Courier"))
    two = analyzer.analyze(
        make_article(body + " The ferry was towed away.", outlet="Coastal Radio")
    )
    assert one.claims[0].text == two.claims[0].text
    assert one.claims[0].id != two.claims[0].id


class _BrokenEmbedder:
    dim = 384

    def embed(self, texts):
        raise RuntimeError("embedding backend unavailable")


def test_analyze_many_failing_stage_names_article(analyzer, articles):
    broken = Analyzer(nlp=analyzer.nlp, embedder=_BrokenEmbedder())
    with pytest.raises(StageError) as info:
        broken.analyze_many(articles)
    assert info.value.article == articles[0].id
    assert info.value.stage == "analyze"
    assert broken.analyze_many(articles, on_error="skip") == []
