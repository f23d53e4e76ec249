"""Claims: one proposition each, with its attribution, certainty and polarity, pointing into the
text."""

from __future__ import annotations

import pytest

OUTLET = "The Port Ellery Courier"


def _claim(analysis, text: str):
    matches = [c for c in analysis.claims if c.text == text]
    assert len(matches) == 1, [c.text for c in analysis.claims]
    return matches[0]


def test_claims_text_indexes_article(analyse):
    a = analyse(
        "Harriet Vance said that the bridge would reopen in March.\n\n"
        "“The pipes are older than any of us,” she said, “and nobody wants to pay for them.”\n\n"
        "The ferry company raised its fares, but passenger numbers kept growing."
    )
    assert len(a.claims) >= 5
    for c in a.claims:
        assert a.article.text[c.start : c.end] == c.text
        assert c.text == c.text.strip()
        assert c.article == a.article.id
        s_start, s_end = a.sentences[c.sentence]
        assert s_start <= c.start and c.end <= s_end


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Harriet Vance said that the bridge would reopen in March.",
            "the bridge would reopen in March",
        ),
        (
            "Harriet Vance said the bridge would reopen in March.",
            "the bridge would reopen in March",
        ),
        (
            "The bridge would reopen in March, Harriet Vance said.",
            "The bridge would reopen in March",
        ),
        (
            "The bridge would reopen in March, said Harriet Vance.",
            "The bridge would reopen in March",
        ),
    ],
    ids=["said-that", "said", "trailing-cue", "inverted"],
)
def test_claims_named_speaker_frame_peeled(analyse, text, content):
    a = analyse(text)
    c = _claim(a, content)
    att = c.attribution
    assert (att.kind, att.speaker, att.cue) == ("named", "Harriet Vance", "said")
    assert a.article.text[att.cue_start : att.cue_end] == "said"
    assert a.article.text[att.source_start : att.source_end] == att.source == "Harriet Vance"
    assert (c.certainty, c.polarity) == ("reported", "positive")


def test_claims_surname_speaker_resolved_to_full_name(analyse):
    a = analyse(
        "Officials met with Yusuf Adeyemi, the harbour master, on Monday. "
        "Adeyemi said that the channel needed dredging before the autumn."
    )
    att = _claim(a, "the channel needed dredging before the autumn").attribution
    assert (att.kind, att.source, att.speaker) == ("named", "Adeyemi", "Yusuf Adeyemi")


@pytest.mark.parametrize(
    "text",
    [
        "The mayor, Harriet Vance, said the crossing was cancelled.",
        "Mayor Harriet Vance said the crossing was cancelled.",
    ],
)
def test_claims_title_with_name_resolves_speaker(analyse, text):
    att = _claim(analyse(text), "the crossing was cancelled").attribution
    assert (att.kind, att.speaker) == ("named", "Harriet Vance")


def test_claims_possessor_is_not_the_speaker(analyse):
    att = _claim(
        analyse("Harriet Vance's deputy said the crossing was cancelled."),
        "the crossing was cancelled",
    ).attribution
    assert att.source == "Harriet Vance's deputy"
    assert att.speaker != "Harriet Vance"


@pytest.mark.parametrize(
    ("text", "content", "source", "kind"),
    [
        (
            "According to the news agency, the crossing was cancelled twice this week.",
            "the crossing was cancelled twice this week",
            "the news agency",
            "media",
        ),
        (
            "The crossing was cancelled twice this week, according to the agency.",
            "The crossing was cancelled twice this week",
            "the agency",
            "media",
        ),
        (
            "According to the Coast Guard, the crossing was cancelled twice this week.",
            "the crossing was cancelled twice this week",
            "the Coast Guard",
            "named",
        ),
    ],
)
def test_claims_according_to_attributes_to_its_object(analyse, text, content, source, kind):
    a = analyse(text)
    c = _claim(a, content)
    att = c.attribution
    assert (att.source, att.kind, att.cue.lower()) == (source, kind, "according")
    assert a.article.text[att.source_start : att.source_end] == source
    assert c.certainty == "reported"


@pytest.mark.parametrize(
    ("text", "content", "source"),
    [
        (
            "Sources say the ferry operator is preparing to sell its fleet.",
            "the ferry operator is preparing to sell its fleet",
            "Sources",
        ),
        (
            "People familiar with the talks said the ferry operator is preparing to sell its "
            "fleet.",
            "the ferry operator is preparing to sell its fleet",
            "People familiar with the talks",
        ),
        (
            "The ferry operator is preparing to sell its fleet, an official said.",
            "The ferry operator is preparing to sell its fleet",
            "an official",
        ),
    ],
)
def test_claims_unnamed_source_is_anonymous(analyse, text, content, source):
    c = _claim(analyse(text), content)
    assert (c.attribution.kind, c.attribution.source, c.attribution.speaker) == (
        "anonymous",
        source,
        None,
    )
    assert c.certainty == "reported"


@pytest.mark.parametrize(
    "text",
    [
        "Harriet Vance told the newspaper: “I was told that the ferry company had already "
        "signed the sale.”",
        "“I was told that the ferry company had already signed the sale,” Harriet Vance said.",
    ],
)
def test_claims_told_inside_quote_is_hearsay(analyse, text):
    a = analyse(text)
    c = _claim(a, "the ferry company had already signed the sale")
    assert c.certainty == "hearsay"
    assert c.attribution.speaker == "Harriet Vance"
    assert c.quote is not None and c.quote == a.quotes[0].id


def test_claims_restating_a_sources_hearsay_is_hearsay(analyse):
    a = analyse(
        "The ferry company had already signed the sale, Harriet Vance told reporters.\n\n"
        "“I was told that the ferry company had already signed the sale,” Vance said."
    )
    assert {c.certainty for c in a.claims if "signed the sale" in c.text} == {"hearsay"}


@pytest.mark.parametrize(
    ("text", "certainty"),
    [
        ("The ferry company may sell its two oldest boats next year.", "hedged"),
        ("The ferry company might sell its two oldest boats next year.", "hedged"),
        ("The ferry company could sell its two oldest boats next year.", "hedged"),
        ("The ferry company will probably sell its two oldest boats next year.", "hedged"),
        ("The ferry company reportedly sold its two oldest boats last year.", "hearsay"),
        ("The ferry company sold its two oldest boats last year.", "asserted"),
        ("The ferry company will sell its two oldest boats next year.", "asserted"),
    ],
)
def test_claims_certainty_of_outlet_voice(analyse, text, certainty):
    (c,) = analyse(text, outlet=OUTLET).claims
    assert c.certainty == certainty
    assert c.attribution.kind == "outlet"
    assert c.attribution.source == OUTLET


def test_claims_belief_frame_is_hedged(analyse):
    c = _claim(
        analyse("Engineers believe that the hull cracked during the storm."),
        "the hull cracked during the storm",
    )
    assert (c.certainty, c.attribution.cue) == ("hedged", "believe")


def test_claims_outlet_voice_asserted(analyse):
    (c,) = analyse("The harbour master resigned after the ferry ran aground.", outlet=OUTLET).claims
    assert c.text == "The harbour master resigned after the ferry ran aground"
    att = c.attribution
    assert (att.kind, att.source, att.speaker, att.cue) == ("outlet", OUTLET, None, None)
    assert (c.certainty, c.polarity, c.quote) == ("asserted", "positive", None)


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("There was no formal agreement between the two ferry companies.", "negated"),
        ("There was a formal agreement between the two ferry companies.", "positive"),
        ("The harbour master did not attend the hearing on Tuesday.", "negated"),
        ("The harbour master attended the hearing on Tuesday.", "positive"),
        ("The harbour master has never visited the island.", "negated"),
        ("The harbour master has visited the island.", "positive"),
        ("Nobody attended the hearing on Tuesday.", "negated"),
        ("The inspectors found nothing wrong with the hull.", "negated"),
        ("The inspectors found a crack in the hull.", "positive"),
    ],
)
def test_claims_polarity_of_predicate(analyse, text, polarity):
    (c,) = analyse(text).claims
    assert c.polarity == polarity


@pytest.mark.parametrize(
    ("text", "content", "polarity"),
    [
        ("The company denied that it had sold the boats.", "it had sold the boats", "negated"),
        (
            "The company denied that it had not paid the crew.",
            "it had not paid the crew",
            "positive",
        ),
        ("The company confirmed that it had sold the boats.", "it had sold the boats", "positive"),
    ],
)
def test_claims_denial_frame_negates_content(analyse, text, content, polarity):
    assert _claim(analyse(text), content).polarity == polarity


def test_claims_inherited_denial_frame_does_not_negate(analyse):
    a = analyse("The company denied that it had sold the boats, but the sale went through anyway.")
    assert _claim(a, "it had sold the boats").polarity == "negated"
    assert _claim(a, "the sale went through anyway").polarity == "positive"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "The ferry company raised its fares, but passenger numbers kept growing.",
            ["The ferry company raised its fares", "passenger numbers kept growing"],
        ),
        (
            "The storm damaged the pier, and the council closed the harbour for repairs.",
            ["The storm damaged the pier", "the council closed the harbour for repairs"],
        ),
        (
            "The mayor met the divers and thanked them for their work.",
            ["The mayor met the divers and thanked them for their work"],
        ),
    ],
    ids=["but", "and", "shared-subject"],
)
def test_claims_coordinated_clauses_split(analyse, text, parts):
    assert [c.text for c in analyse(text).claims] == parts


def test_claims_reported_clauses_share_the_frame(analyse):
    a = analyse(
        "Harriet Vance said the ferry company raised its fares, but passenger numbers kept growing."
    )
    assert [c.text for c in a.claims] == [
        "the ferry company raised its fares",
        "passenger numbers kept growing",
    ]
    assert {c.attribution.speaker for c in a.claims} == {"Harriet Vance"}


def test_claims_both_halves_of_split_quote(analyse):
    a = analyse(
        "“The pipes are older than any of us,” Harriet Vance said, "
        "“and nobody wants to pay for new ones.”"
    )
    first = _claim(a, "The pipes are older than any of us")
    second = _claim(a, "nobody wants to pay for new ones")
    assert first.attribution.speaker == second.attribution.speaker == "Harriet Vance"
    assert (first.polarity, second.polarity) == ("positive", "negated")
    assert first.quote == a.quotes[0].id and second.quote == a.quotes[1].id


def test_claims_said_in_a_statement_that(analyse):
    a = analyse("The ministry said in a statement that the crossing was cancelled.")
    c = _claim(a, "the crossing was cancelled")
    assert (c.attribution.source, c.attribution.cue) == ("The ministry", "said")


def test_claims_none_from_skipped_caption_and_byline(analyse):
    a = analyse(
        "Ferry runs aground off Port Ellery\n\n"
        "By Mara Okonkwo and Lis Brandt\n\n"
        "The ferry ran aground near the breakwater on Sunday, the Coast Guard said.\n\n"
        "Rescuers pull a passenger from the water near the breakwater on Sunday. "
        "(AP Photo/Jon Doe)\n\n"
        "The ferry had been inspected in May and passed every test."
    )
    skip = a.article.skip
    assert {s.label for s in skip} >= {"byline", "caption"}
    assert [c.text for c in a.claims] == [
        "The ferry ran aground near the breakwater on Sunday",
        "The ferry had been inspected in May and passed every test",
    ]
    for c in a.claims:
        assert all(c.end <= s.start or s.end <= c.start for s in skip)
    for start, end in a.sentences:
        assert all(end <= s.start or s.end <= start for s in skip)


def test_claims_carry_their_main_predicate_with_its_particle(analyse):
    a = analyse(
        "The harbour talks broke down on Friday. The council held a vote, "
        "but the mayor did not sign the budget."
    )
    preds = {c.text: c.predicate for c in a.claims}
    assert preds["The harbour talks broke down on Friday"] == "break down"
    assert preds["The council held a vote"] == "hold"
    assert preds["the mayor did not sign the budget"] == "sign"
