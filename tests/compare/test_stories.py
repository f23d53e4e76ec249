"""Story clustering on hand-written coverage: the same event joins, a similar event stays apart."""

from __future__ import annotations

import random

import numpy as np
import pytest

from rashomon.compare.stories import (
    ClusterParams,
    StoryDoc,
    StoryIndex,
    cluster,
    doc_terms,
    quick_entities,
    story_docs,
)
from rashomon.model import Article

ARTICLES = [
    # Two outlets on the Turkey-Syria earthquake.
    Article(
        id="quake-tr-reuters",
        outlet="Reuters",
        published="2023-02-06",
        title="Powerful earthquake kills hundreds in Turkey and Syria",
        text=(
            "A magnitude 7.8 earthquake struck southern Turkey near the city of Gaziantep before "
            "dawn on Monday, killing more than 1,300 people in Turkey and neighbouring Syria.\n"
            "President Tayyip Erdogan called it the country's worst disaster since 1939. Buildings "
            "collapsed in Kahramanmaras, Hatay and Diyarbakir, and rescuers searched the rubble "
            "in freezing rain.\n"
            "In Syria, the health ministry said hundreds died in Aleppo and Hama."
        ),
    ),
    Article(
        id="quake-tr-ap",
        outlet="AP",
        published="2023-02-07",
        title="Turkey, Syria quake death toll climbs as rescuers dig through rubble",
        text=(
            "Rescuers in Turkey and Syria dug through the rubble of collapsed buildings on Tuesday "
            "after the 7.8 magnitude quake centred near Gaziantep killed thousands of people.\n"
            "Erdogan declared seven days of mourning. In Kahramanmaras and Hatay whole blocks of "
            "flats came down, and aftershocks shook the region through the night.\n"
            "In Aleppo, Syrian state media said the toll kept rising."
        ),
    ),
    # A similar event: another deadly earthquake, another country, months later.
    Article(
        id="quake-ma-bbc",
        outlet="BBC",
        published="2023-09-09",
        title="Morocco earthquake kills more than 2,000 people",
        text=(
            "A magnitude 6.8 earthquake struck Morocco's High Atlas mountains late on Friday, "
            "killing more than 2,000 people, most of them in villages south of Marrakesh.\n"
            "King Mohammed VI declared three days of national mourning. Rescuers struggled to "
            "reach remote villages in the Al Haouz province where mud-brick houses collapsed.\n"
            "In Marrakesh, parts of the old city walls were damaged."
        ),
    ),
    Article(
        id="quake-ma-guardian",
        outlet="The Guardian",
        published="2023-09-10",
        title="Morocco quake: rescuers race to reach mountain villages",
        text=(
            "Rescuers in Morocco raced to reach mountain villages in the High Atlas on Saturday "
            "after the country's deadliest earthquake in decades killed more than 2,000 people.\n"
            "The 6.8 magnitude quake hit the Al Haouz province, south-west of Marrakesh, and "
            "King Mohammed VI ordered the army to help. Whole villages of mud-brick homes were "
            "flattened."
        ),
    ),
    # Two different diplomatic meetings in the same week.
    Article(
        id="meet-biden-xi",
        outlet="NPR",
        published="2023-11-15",
        title="Biden and Xi meet in California, agree to restore military talks",
        text=(
            "President Joe Biden and Chinese leader Xi Jinping met for four hours at the Filoli "
            "estate in Woodside, California, on Wednesday, and agreed to restore military "
            "communications between the United States and China.\n"
            "Xi told Biden that planet Earth is big enough for the two countries to succeed. The "
            "leaders also agreed to curb the flow of fentanyl precursors from China."
        ),
    ),
    Article(
        id="meet-biden-xi-2",
        outlet="CNN",
        published="2023-11-16",
        title="Xi and Biden agree to reopen military channels at Woodside summit",
        text=(
            "Chinese President Xi Jinping and US President Joe Biden agreed on Wednesday to "
            "resume military-to-military communications, at a summit at the Filoli estate in "
            "Woodside outside San Francisco.\n"
            "Biden said he and Xi also reached a deal on fentanyl. Xi said the relationship "
            "between China and the United States was the most important in the world."
        ),
    ),
    Article(
        id="meet-blinken-lavrov",
        outlet="Reuters",
        published="2023-11-13",
        title="Blinken and Lavrov meet in Geneva over prisoner swap",
        text=(
            "Secretary of State Antony Blinken met Russian Foreign Minister Sergei Lavrov in "
            "Geneva on Monday to discuss a possible prisoner exchange, the State Department said.\n"
            "Lavrov told reporters in Switzerland that Moscow was ready to talk about "
            "Evan Gershkovich but that no deal had been reached."
        ),
    ),
]
EVENT = {
    "quake-tr-reuters": "tr",
    "quake-tr-ap": "tr",
    "quake-ma-bbc": "ma",
    "quake-ma-guardian": "ma",
    "meet-biden-xi": "bx",
    "meet-biden-xi-2": "bx",
    "meet-blinken-lavrov": "bl",
}


@pytest.fixture(scope="module")
def docs(svc):
    return story_docs(ARTICLES, svc.analyze(ARTICLES), svc.embedder)


def _groups(ids, stories):
    by = {}
    for i, s in zip(ids, stories, strict=True):
        by.setdefault(s, set()).add(EVENT[i])
    return by


def test_story_docs_fields(docs):
    d = docs[0]
    assert d.id == "quake-tr-reuters" and d.published == "2023-02-06"
    assert d.vector.dtype == np.float32 and abs(float(np.linalg.norm(d.vector)) - 1) < 1e-4
    assert "loc:gaziantep" in d.entities and "per:tayyiperdogan" in d.entities
    assert "^gaziantep" in d.terms and "#1,300" not in d.terms and "#300" in d.terms


def test_stories_batch_keeps_similar_events_apart(docs):
    stories = cluster(docs)
    groups = _groups([d.id for d in docs], stories)
    # Every story holds one event, and each event is one story.
    assert all(len(events) == 1 for events in groups.values()), groups
    assert len(groups) == 4, groups


def test_stories_online_joins_the_same_event_and_opens_a_new_one(docs):
    index = StoryIndex()
    first = index.add(docs[0])
    assert index.add(docs[1]) == first  # the same quake, another outlet
    morocco = index.add(docs[2])
    assert morocco != first  # a different quake
    assert index.add(docs[3]) == morocco
    xi = index.add(docs[4])
    assert index.add(docs[5]) == xi
    assert index.add(docs[6]) not in {xi, first, morocco}  # another meeting that week
    assert index.assignments()["quake-tr-ap"] == first
    assert sorted(index.stories()[first]) == ["quake-tr-ap", "quake-tr-reuters"]


def test_stories_ids_deterministic_and_order_free(docs):
    a = dict(zip((d.id for d in docs), cluster(docs), strict=True))
    rev = list(reversed(docs))
    b = dict(zip((d.id for d in rev), cluster(rev), strict=True))
    assert a == b
    # Named after the earliest member.
    from rashomon.model import make_id

    assert a["quake-tr-ap"] == make_id("s", "quake-tr-reuters")


def test_stories_same_text_far_apart_in_time_splits(docs):
    d = docs[0]
    later = StoryDoc(
        id="later",
        title=d.title,
        text=d.text,
        published="2024-02-06",
        vector=d.vector,
        entities=d.entities,
        terms=d.terms,
    )
    stories = cluster([d, docs[1], later])
    assert stories[0] == stories[1] != stories[2]


def test_stories_quick_entities_and_terms():
    keys = quick_entities("Rescuers reached Marrakesh on Friday. King Mohammed VI spoke.")
    assert "cap:marrakesh" in keys and "cap:friday" not in keys
    terms = doc_terms("Rescuers reached Marrakesh. The King spoke in Al Haouz.")
    assert {"^marrakesh", "^haouz", "marrakesh", "rescuers"} <= terms
    assert "^rescuers" not in terms and "^the" not in terms  # a sentence start, a stop word


def test_stories_online_cost_grows_linearly(monkeypatch):
    """Each add scores a bounded number of candidates, not every earlier doc."""
    from rashomon.compare import stories as mod

    calls = {"n": 0}
    real = mod._Similarity.between

    def counting(self, *args):
        calls["n"] += 1
        return real(self, *args)

    monkeypatch.setattr(mod._Similarity, "between", counting)
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(3000)]
    params = ClusterParams()
    index = StoryIndex(params)
    n = 1500
    for i in range(n):
        v = np.random.default_rng(i).standard_normal(384).astype(np.float32)
        v /= np.linalg.norm(v)
        index.add(
            StoryDoc(
                id=f"d{i}",
                title=None,
                text="",
                published=None,
                vector=v,
                entities=frozenset(rng.sample(vocab[:500], 5)),
                terms=frozenset(rng.sample(vocab, 60)),
            )
        )
    assert len(index) == n
    assert calls["n"] <= n * 2 * params.neighbours  # all pairs would be ~1.1 million
