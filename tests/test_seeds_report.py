"""End to end: the founding pair's report gets the seeds README's list right."""

from __future__ import annotations

import pytest

from rashomon.nlp.speakers import name_key


def _claims(report):
    return {c.id: c for c in report.claims}


def _outlet(report):
    return {a.id: a.outlet for a in report.articles}


def _fact_with(report, needle):
    claims = _claims(report)
    return [f for f in report.facts if any(needle in claims[c].text for c in f.claims)]


def test_seeds_meeting_is_disputed_with_both_sides_as_evidence(seed_report):
    claims, outlet = _claims(seed_report), _outlet(seed_report)
    facts = [f for f in _fact_with(seed_report, "held a meeting") if f.verdict == "disputed"]
    assert len(facts) == 1
    fact = facts[0]
    assert fact.grade in {"characterised_differently", "contradicted"}
    texts = {(outlet[claims[c].article], claims[c].polarity, claims[c].text) for c in fact.claims}
    assert any(o == "VOA" and p == "positive" and "held a meeting" in t for o, p, t in texts)
    assert any(
        o == "The Washington Times" and p == "negated" and "no substantial meeting" in t
        for o, p, t in texts
    )


def test_seeds_meeting_dispute_sides_hold_each_outlets_version(seed_report):
    claims = _claims(seed_report)
    (fact,) = [f for f in _fact_with(seed_report, "held a meeting") if f.verdict == "disputed"]
    assert fact.reason
    sides = [[claims[c].text for c in side.claims] for side in fact.sides]
    assert [side.outlets for side in fact.sides] == [("VOA",), ("The Washington Times",)]
    voa, wt = sides
    assert any("held a meeting" in t for t in voa)
    for needle in (
        "no substantial meeting",
        "no formal talks had occurred",
        "five-minute conversation",
    ):
        assert any(needle in t for t in wt), needle
    # nothing of another event: the U.S.–South Korea strategy meeting, Lambert attending
    for t in voa + wt:
        assert "South Korean officials held a strategy meeting" not in t
        assert "attended" not in t


def test_seeds_jo_quote_grouped_with_two_wordings(seed_report):
    groups = [g for g in seed_report.quote_groups if g.speaker and "jo" in name_key(g.speaker)]
    assert len(groups) == 1
    g = groups[0]
    assert len(g.variants) == 2
    texts = " || ".join(v.text for v in g.variants)
    assert "quite a lot of time" in texts and "considerably much time" in texts
    assert not g.speaker_conflict
    assert any(op.op != "equal" for op in g.variants[1].diff)


@pytest.mark.parametrize(
    ("names", "label"),
    [
        ({"Jo Chol Su", "Jo Chol-su"}, "PERSON"),
        ({"Kim Jong Un", "Kim Jong-un"}, "PERSON"),
        ({"North Korea", "Pyongyang", "DPRK"}, "COUNTRY"),
        ({"Mark Lambert", "Lambert"}, "PERSON"),
    ],
)
def test_seeds_people_resolved_across_names(seed_report, names, label):
    matches = [e for e in seed_report.entities if names <= {e.name, *e.aliases}]
    assert len(matches) == 1, [(e.name, e.aliases) for e in seed_report.entities[:20]]
    entity = matches[0]
    assert entity.label == label
    assert len({m.article for m in entity.mentions}) == 2


def test_seeds_titles_differ_by_outlet(seed_report):
    lambert = next(e for e in seed_report.entities if e.name == "Mark Lambert")
    assert any("Korean affairs" in t for t in lambert.titles)
    assert any("Korea Policy" in t for t in lambert.titles)


def test_seeds_sourcing_differs(seed_report):
    claims = list(seed_report.claims)
    lead = next(
        c for c in claims if c.text.startswith("U.S. and North Korean officials held a meeting")
    )
    assert lead.certainty == "hearsay"
    told = next(c for c in claims if "there was such a meeting" in c.text)
    assert told.certainty == "hearsay"
    assert told.attribution.speaker == "Thomas Countryman"
    formal = next(c for c in claims if "no formal talks" in c.text)
    assert formal.attribution.kind == "media" and "Yonhap" in (formal.attribution.source or "")
    wire = next(c for c in claims if c.attribution.source == "wire reports")
    assert wire.attribution.kind == "media"


def test_seeds_relative_dates_resolved_against_each_article(seed_report):
    outlet = _outlet(seed_report)
    by = {(outlet[t.article], t.text): t.value for t in seed_report.times}
    assert by[("VOA", "Saturday")] == "2019-11-09"
    assert by[("The Washington Times", "Saturday")] == "2019-11-09"
    assert by[("VOA", "early October")] == "2019-10"
    assert by[("The Washington Times", "last month")] == "2019-10"


@pytest.mark.parametrize(
    ("needle", "outlet"),
    [
        ("250 participants", "VOA"),
        ("23 short-range ballistic missile launches", "The Washington Times"),
        ("breakfast meeting", "The Washington Times"),
    ],
)
def test_seeds_unique_facts_per_outlet(seed_report, needle, outlet):
    facts = _fact_with(seed_report, needle)
    assert facts and facts[0].verdict == "unique"
    assert facts[0].outlets == (outlet,)


def test_seeds_boilerplate_makes_no_claims(seed_report):
    for c in seed_report.claims:
        assert "comment policy" not in c.text
        assert not c.text.startswith("FILE")
        assert "can be reached at" not in c.text


def test_seeds_background_agreed(seed_report):
    corroborated = [f for f in seed_report.facts if f.verdict == "corroborated"]
    claims = _claims(seed_report)
    assert any(any("broke down" in claims[c].text for c in f.claims) for f in corroborated)
    # The failed Hanoi summit: agreed, and not inside a disputed fact.
    hanoi = [f for f in seed_report.facts if any("Hanoi" in claims[c].text for c in f.claims)]
    assert hanoi and all(f.verdict == "corroborated" for f in hanoi)
