"""The one home of the word lists and tokenisers (rashomon.lexicon) and of name keys."""

from __future__ import annotations

from rashomon.compare.conflict import negation_meets, tokens
from rashomon.compare.stories import entity_key
from rashomon.lexicon import (
    CLAIM_STOP_WORDS,
    COURTESY_TITLES,
    HONORIFICS,
    NEGATORS,
    STOP_WORDS,
    words,
    wordset,
)
from rashomon.nlp.speakers import name_key


def test_wordset_splits_on_whitespace_only():
    assert wordset("a  b\n c-d") == frozenset({"a", "b", "c-d"})


def test_words_are_lowercased_letters_with_inner_apostrophes():
    assert words("Don't stop: O'Brien's 3rd term, 2019!") == [
        "don't",
        "stop",
        "o'brien's",
        "rd",
        "term",
    ]


def test_claim_tokens_keep_numbers_and_hyphened_words_whole():
    got = tokens("About 1,200 pro-government troops left, 3.5 said")
    assert got == ["about", "1,200", "pro-government", "troops", "left", "3.5", "said"]


def test_claim_stop_words_are_the_narrow_tier_of_the_stop_words():
    assert CLAIM_STOP_WORDS < STOP_WORDS
    # Negation and quantity change what a claim says: only the broad tier drops them.
    for word in ("not", "no", "all", "only", "two"):
        assert word in STOP_WORDS and word not in CLAIM_STOP_WORDS


def test_negators_drive_the_negation_check():
    assert {"not", "never", "cannot", "without"} <= NEGATORS
    assert negation_meets("The minister cannot sign the treaty.", "The minister signed the treaty.")


def test_person_and_entity_keys_share_one_normalisation():
    assert name_key("Park Ji-won") == name_key("Park Ji Won") == "parkjiwon"
    assert name_key("Mr. O'Brien's") == "obrien"
    assert name_key("President Lula") == "lula"  # an office before a person's name
    assert entity_key("General Motors") == "generalmotors"  # but not before a company's
    assert entity_key("the United States") == "unitedstates"
    assert entity_key("Dr. Ana Ruiz") == name_key("Dr. Ana Ruiz") == "anaruiz"
    assert COURTESY_TITLES <= HONORIFICS  # a person's key drops every entity title too
