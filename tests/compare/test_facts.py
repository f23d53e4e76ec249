from __future__ import annotations

import numpy as np

from rashomon.compare.facts import build_facts, claim_origin, copy_groups
from rashomon.model import Article, Attribution, Claim, Relation

OUTLET = Attribution(kind="outlet")


def _article(id_, outlet, text="Some text of an article."):
    return Article(id=id_, text=text, outlet=outlet)


def _claim(id_, article, text, polarity="positive", attribution=OUTLET, sentence=0, start=0):
    return Claim(
        id=id_, article=article, start=start, end=start + len(text), text=text, sentence=sentence,
        attribution=attribution, certainty="asserted", polarity=polarity,
    )


def _rel(a, b, label, score=0.8, cues=()):
    return Relation(a=a, b=b, label=label, score=score, reason="test", cues=cues)


def test_facts_verdicts_disputed_corroborated_unique():
    arts = [_article("A", "Outlet A", "alpha text " * 20), _article("B", "Outlet B", "beta words " * 20)]
    claims = [
        _claim("a1", "A", "The talks took place in Oslo"),
        _claim("b1", "B", "The talks did not take place in Oslo", polarity="negated"),
        _claim("a2", "A", "The storm hit the coast on Monday", start=40),
        _claim("b2", "B", "A storm struck the coast Monday", start=40),
        _claim("a3", "A", "Only A says this", start=80),
    ]
    rels = [_rel("a1", "b1", "contradict", cues=("negation",)), _rel("a2", "b2", "agree")]
    facts = {f.claims: f for f in build_facts(arts, claims, rels)}
    assert facts[("a1", "b1")].verdict == "disputed"
    assert facts[("a1", "b1")].grade == "contradicted"
    assert facts[("a2", "b2")].verdict == "corroborated"
    assert facts[("a2", "b2")].sources == 2
    assert facts[("a3",)].verdict == "unique"
    # disputed first, then corroborated, then unique
    order = [f.verdict for f in build_facts(arts, claims, rels)]
    assert order == sorted(order, key=["disputed", "corroborated", "unique"].index)


def test_facts_one_named_origin_counts_once():
    arts = [_article("A", "Outlet A", "alpha " * 30), _article("B", "Outlet B", "beta " * 30)]
    agency = Attribution(kind="media", source="the Northern Press Agency")
    claims = [
        _claim("a1", "A", "The dam burst at dawn", attribution=agency),
        _claim("b1", "B", "The dam burst early in the morning", attribution=agency),
    ]
    (fact,) = build_facts(arts, claims, [_rel("a1", "b1", "agree")])
    assert fact.sources == 1
    assert fact.verdict == "unique"
    assert fact.outlets == ("Outlet A", "Outlet B")


def test_copy_groups_wire_copies_share_origin():
    wire = "The river burst its banks on Sunday, flooding the old town and forcing hundreds to leave. " * 3
    arts = [_article("A", "A", wire), _article("B", "B", wire + " Local editors added a line."), _article("C", "C", "Something else entirely happened in another city today and it was reported.")]
    origin = copy_groups(arts)
    assert origin["A"] == origin["B"] != origin["C"]
    c = _claim("x", "B", "The river burst its banks")
    assert claim_origin(c, origin) == "art:A"


def test_facts_grades_from_cues():
    arts = [_article("A", "A", "one " * 30), _article("B", "B", "two " * 30)]
    claims = [_claim("a", "A", "The fire killed 12 people"), _claim("b", "B", "The fire killed 30 people")]
    (fact,) = build_facts(arts, claims, [_rel("a", "b", "contradict", cues=("numbers: people: 12 vs 30",))])
    assert fact.grade == "numbers_differ"
    claims = [_claim("a", "A", "The vote was held on Monday"), _claim("b", "B", "The vote was held on Tuesday")]
    (fact,) = build_facts(arts, claims, [_rel("a", "b", "contradict", cues=("dates: 2020-01-06 vs 2020-01-07",))])
    assert fact.grade == "dates_differ"


def test_facts_contrastive_alternative_joins_dispute():
    text_b = "No formal talks took place, but they had a short chat at the dinner."
    arts = [_article("A", "A", "The envoys held talks at the dinner. " * 3), _article("B", "B", text_b)]
    neg = "No formal talks took place"
    alt = "they had a short chat at the dinner"
    claims = [
        _claim("a", "A", "The envoys held talks at the dinner"),
        _claim("b1", "B", neg, polarity="negated", start=0),
        _claim("b2", "B", alt, start=text_b.index(alt)),
    ]
    facts = build_facts(arts, claims, [_rel("a", "b1", "contradict", cues=("negation",))], np.eye(3, dtype=np.float32))
    disputed = [f for f in facts if f.verdict == "disputed"]
    assert len(disputed) == 1
    assert set(disputed[0].claims) == {"a", "b1", "b2"}
    assert disputed[0].grade == "characterised_differently"


def test_facts_best_counterpart_prevents_chaining():
    arts = [_article("A", "A", "x " * 30), _article("B", "B", "y " * 30)]
    claims = [
        _claim("a1", "A", "claim one"), _claim("a2", "A", "claim two", start=20),
        _claim("b1", "B", "general claim"),
    ]
    rels = [_rel("a1", "b1", "agree", score=0.9), _rel("a2", "b1", "agree", score=0.7)]
    facts = build_facts(arts, claims, rels)
    # b1's best counterpart is a1; a2 also picks b1 as its best, so the pair is kept...
    joined = [f for f in facts if len(f.claims) > 1]
    assert joined and "b1" in joined[0].claims
