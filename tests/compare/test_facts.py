"""Grouping claims into facts (average link, no hub chaining) and the facts built from groups."""

from __future__ import annotations

import numpy as np

from rashomon.compare.facts import (
    Dispute,
    GroupParams,
    build_facts,
    claim_origin,
    copy_groups,
    group_claims,
)
from rashomon.model import Article, Attribution, Claim

OUTLET = Attribution(kind="outlet")


def _article(id_, outlet, text="Some text of an article."):
    return Article(id=id_, text=text, outlet=outlet)


def _claim(id_, article, text, polarity="positive", attribution=OUTLET, sentence=0, start=0):
    return Claim(
        id=id_,
        article=article,
        start=start,
        end=start + len(text),
        text=text,
        sentence=sentence,
        attribution=attribution,
        certainty="asserted",
        polarity=polarity,
    )


def _unit(n, close=()):
    """n unit vectors, orthogonal except the (i, j) pairs in ``close`` (cosine 0.9)."""
    v = np.eye(n, dtype=np.float32)
    for i, j in close:
        v[j] = 0.9 * v[i] + np.sqrt(1 - 0.81) * v[j]
    return v


def test_group_hub_cannot_chain_claims_that_do_not_align():
    # b1 resembles both a1 and c1 (a hub); a1 and c1 were never found alike.
    claims = [_claim("a1", "A", "x"), _claim("b1", "B", "y"), _claim("c1", "C", "z")]
    scored = [(0, 1, 0.95), (1, 2, 0.9)]
    groups = group_claims(claims, scored, _unit(3), GroupParams(link=0.5))
    assert sorted(map(len, groups)) == [1, 2]
    assert [0, 1] in groups  # the stronger pair wins; c1 stays alone (average 0.45 < 0.5)


def test_group_three_outlets_that_all_align_make_one_fact():
    claims = [_claim("a1", "A", "x"), _claim("b1", "B", "y"), _claim("c1", "C", "z")]
    scored = [(0, 1, 0.9), (1, 2, 0.8), (0, 2, 0.7)]
    assert group_claims(claims, scored, _unit(3), GroupParams(link=0.5)) == [[0, 1, 2]]


def test_group_same_article_claims_join_only_as_restatements():
    claims = [_claim("a1", "A", "x"), _claim("a2", "A", "y", start=10), _claim("b1", "B", "z")]
    scored = [(0, 2, 0.9), (1, 2, 0.9)]
    # a1 and a2 are unrelated (orthogonal): both resemble b1, yet they are two facts.
    apart = group_claims(claims, scored, _unit(3), GroupParams(link=0.5, restatement=0.6))
    assert sorted(map(len, apart)) == [1, 2]
    # a2 restates a1 (cosine 0.9): one fact of two claims of A and one of B.
    together = group_claims(
        claims, scored, _unit(3, close=[(0, 1)]), GroupParams(link=0.5, restatement=0.6)
    )
    assert together == [[0, 1, 2]]


def test_group_restatement_with_swapped_participants_is_another_event():
    # a2 restates a1 closely (cosine 0.9) and both align with b1, but a1 has officials of
    # countries X and Y meet, a2 those of X and Z: two events, never one fact.
    claims = [_claim("a1", "A", "x"), _claim("a2", "A", "y", start=10), _claim("b1", "B", "z")]
    scored = [(0, 2, 0.9), (1, 2, 0.9)]
    vectors = _unit(3, close=[(0, 1)])
    people = [frozenset({"c:x", "c:y"}), frozenset({"c:x", "c:z"}), frozenset({"c:x", "c:y"})]
    assert sorted(
        map(len, group_claims(claims, scored, vectors, GroupParams(link=0.5), people))
    ) == [1, 2]
    same = [frozenset({"c:x", "c:y"}), frozenset({"c:x"}), frozenset({"c:x", "c:y"})]
    assert group_claims(claims, scored, vectors, GroupParams(link=0.5), same) == [[0, 1, 2]]


def test_facts_verdicts_disputed_corroborated_unique_with_sides():
    arts = [
        _article("A", "Outlet A", "alpha text " * 20),
        _article("B", "Outlet B", "beta words " * 20),
    ]
    claims = [
        _claim("a1", "A", "The talks took place in Oslo"),
        _claim("b1", "B", "The talks did not take place in Oslo", polarity="negated"),
        _claim("a2", "A", "The storm hit the coast on Monday", start=40),
        _claim("b2", "B", "A storm struck the coast Monday", start=40),
        _claim("a3", "A", "Only A says this", start=80),
    ]
    groups = [[0, 1], [2, 3], [4]]
    dispute = Dispute(
        grade="contradicted", reason="'took place' vs 'did not take place'", sides=((0,), (1,))
    )
    facts = build_facts(arts, claims, groups, [], {0: dispute})
    by_claims = {f.claims: f for f in facts}
    disputed = by_claims[("a1", "b1")]
    assert disputed.verdict == "disputed" and disputed.grade == "contradicted"
    assert [s.claims for s in disputed.sides] == [("a1",), ("b1",)]
    assert [s.outlets for s in disputed.sides] == [("Outlet A",), ("Outlet B",)]
    assert disputed.reason.startswith("'took place'")
    assert by_claims[("a2", "b2")].verdict == "corroborated"
    assert by_claims[("a2", "b2")].sides == () and by_claims[("a2", "b2")].reason is None
    assert by_claims[("a3",)].verdict == "unique"
    order = [f.verdict for f in facts]
    assert order == sorted(order, key=["disputed", "corroborated", "unique"].index)


def test_facts_one_named_origin_counts_once():
    arts = [_article("A", "Outlet A", "alpha " * 30), _article("B", "Outlet B", "beta " * 30)]
    agency = Attribution(kind="media", source="the Northern Press Agency")
    claims = [
        _claim("a1", "A", "The dam burst at dawn", attribution=agency),
        _claim("b1", "B", "The dam burst early in the morning", attribution=agency),
    ]
    (fact,) = build_facts(arts, claims, [[0, 1]], [], {})
    assert fact.sources == 1
    assert fact.verdict == "unique"
    assert fact.outlets == ("Outlet A", "Outlet B")


def test_copy_groups_wire_copies_share_origin():
    wire = (
        "The river burst its banks on Sunday, flooding the old town and forcing hundreds to leave. "
        * 3
    )
    arts = [
        _article("A", "A", wire),
        _article("B", "B", wire + " Local editors added a line."),
        _article(
            "C", "C", "Something else entirely happened in another city today and it was reported."
        ),
    ]
    origin = copy_groups(arts)
    assert origin["A"] == origin["B"] != origin["C"]
    c = _claim("x", "B", "The river burst its banks")
    assert claim_origin(c, origin) == "art:A"
