"""Person names within one article: name keys, the NameIndex, mentions and apposition titles."""

from __future__ import annotations

import pytest

from rashomon.nlp.speakers import NameIndex, name_key, name_tokens


@pytest.mark.parametrize(
    "variants",
    [
        ("Kim Jong Un", "Kim Jong-un", "Mr. Kim Jong-un", "KIM JONG UN", "Kim Jong-un's"),
        ("Anna-Lena Berg", "Anna Lena Berg", "Ms. Anna-Lena Berg", "Dr Anna-Lena Berg"),
        ("José Núñez", "Jose Nunez", "Mr. José Núñez’s"),
    ],
)
def test_name_key_equal_for_spelling_variants(variants):
    assert len({name_key(v) for v in variants}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [("Kim Jong Un", "Kim Yo Jong"), ("Anna Berg", "Anne Berg"), ("Kim Jong Un", "Kim Jong Il")],
)
def test_name_key_differs_for_different_people(a, b):
    assert name_key(a) != name_key(b)


def test_name_tokens_drop_honorific_and_possessive():
    assert name_tokens("Dr. Harriet Vance's") == ["harriet", "vance"]


@pytest.fixture
def index() -> NameIndex:
    ix = NameIndex()
    ix.add(0, "Harriet Vance")
    ix.add(120, "Tomas Eriksen")
    ix.add(300, "Kim Jong Un")
    ix.add(400, "Vance")  # a bare surname is not a full name and is not indexed
    return ix


@pytest.mark.parametrize(
    ("mention", "full"),
    [
        ("Vance", "Harriet Vance"),
        ("Ms. Vance", "Harriet Vance"),
        ("Harriet", "Harriet Vance"),
        ("Mr. Eriksen", "Tomas Eriksen"),
        ("Dr. Eriksen's", "Tomas Eriksen"),
        ("Tomas Eriksen", "Tomas Eriksen"),
        ("Kim Jong-un", "Kim Jong Un"),
        ("Mr. Kim", "Kim Jong Un"),
    ],
)
def test_name_index_resolves_short_form_to_full_name(index, mention, full):
    assert index.resolve(mention) == full


@pytest.mark.parametrize("mention", ["Smith", "Mr. Smith", "she", "", "Harriet Smith"])
def test_name_index_unknown_name_is_none(index, mention):
    assert index.resolve(mention) is None


def test_name_index_shared_surname_needs_position():
    ix = NameIndex()
    ix.add(0, "Yusuf Adeyemi")
    ix.add(200, "Grace Adeyemi")
    assert ix.resolve("Adeyemi") is None
    assert ix.resolve("Mr. Adeyemi") is None
    assert ix.resolve("Adeyemi", 150) == "Yusuf Adeyemi"
    assert ix.resolve("Adeyemi", 250) == "Grace Adeyemi"
    assert ix.resolve("Grace Adeyemi") == "Grace Adeyemi"  # a full name is never ambiguous


def test_name_index_last_before_is_strictly_earlier():
    ix = NameIndex()
    ix.add(10, "Yusuf Adeyemi")
    ix.add(200, "Grace Adeyemi")
    assert ix.last_before(10) is None
    assert ix.last_before(11) == "Yusuf Adeyemi"
    assert ix.last_before(201) == "Grace Adeyemi"


# -- through the Analyzer -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Jane Roe, the mayor of Springfield, opened the new ferry terminal on Friday.",
            "the mayor of Springfield",
        ),
        (
            "The terminal was opened by Jane Roe, the mayor of Springfield, on Friday.",
            "the mayor of Springfield",
        ),
        ("Jane Roe, a marine engineer, inspected the new ferry terminal.", "a marine engineer"),
    ],
)
def test_analyzer_records_apposition_title_of_person(analyse, text, title):
    a = analyse(text)
    (person,) = [m for m in a.mentions if m.label == "PERSON"]
    assert person.text == "Jane Roe"
    assert (person.start, person.end, title) in a.titles


def test_analyzer_title_is_a_role_not_a_pronoun(analyse):
    a = analyse("Yusuf Adeyemi and Grace Adeyemi both work at the ferry terminal in Port Ellery.")
    assert all(title != "both" for _, _, title in a.titles)


def test_analyzer_mentions_index_text_without_possessive_or_article(analyse):
    a = analyse(
        "Jane Roe's office said the Coast Guard and the Port Ellery Harbour Authority "
        "would review the ferry's safety record with Norway's maritime agency."
    )
    texts = {m.text for m in a.mentions}
    assert "Jane Roe" in texts
    assert "Coast Guard" in texts
    for m in a.mentions:
        assert a.article.text[m.start : m.end] == m.text
        assert not m.text.endswith(("'s", "’s"))
        assert not m.text.lower().startswith("the ")
