"""Capital-for-country metonymy: a capital names its government only where it acts."""

from __future__ import annotations

import pytest

from rashomon.compare.resolve import _is_place_use
from rashomon.model import Mention


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("The Stockholm talks broke down.", True),  # modifier after an article
        ("Officials met in Stockholm last week.", True),  # after a preposition
        ("a Hanoi summit was planned", True),
        ("Pyongyang insists on its deadline.", False),  # the government acts
        ("They said Washington wants more time.", False),
    ],
)
def test_capital_is_a_place_after_an_article_or_preposition(text, place):
    name = next(w for w in ("Stockholm", "Hanoi", "Pyongyang", "Washington") if w in text)
    start = text.index(name)
    m = Mention(article="a", start=start, end=start + len(name), text=name, label="GPE")
    assert _is_place_use(text, m) is place
